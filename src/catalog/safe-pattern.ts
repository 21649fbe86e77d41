/**
 * Team catalog `match.pattern` values run against descriptions from untrusted pastes with JavaScript's
 * backtracking engine (re2 does not install on Node 20), so a team pattern must come from a subset whose
 * backtracking is bounded: no backreferences or lookaround; no repetition (other than `?`) of a group that
 * itself repeats or branches; at most one unbounded repeat (`*`, `+`, `{n,}` or a bound over 200), and only where
 * one start position can reach it (the pattern starts with `^`, or a literal the repeated atom cannot match
 * comes right before it); and the bounded repeats together offer at most 4096 ways to split a match.
 * This rejects some harmless patterns; it accepts none that can run for long.
 */

export type PatternVerdict = {ok: false; reason: string} | {ok: true}

const MAX_SOURCE = 500
const MAX_DEPTH = 16
const WIDE = 200
const MAX_PRODUCT = 4096

interface Item {
  /** The atom as written (for the literal-guard test). */
  atom: string
  group?: Seq[]
  max: number
  min: number
  quantified: boolean
}

type Seq = Item[]

class Bad extends Error {}

/** Parse a regex source into alternatives of items; throws Bad for what the subset leaves out. */
function parse(src: string): Seq[] {
  let i = 0
  const alternatives = (depth: number): Seq[] => {
    if (depth > MAX_DEPTH) throw new Bad('groups are nested too deeply')
    const alts: Seq[] = [[]]
    while (i < src.length && src[i] !== ')') {
      if (src[i] === '|') {
        i++
        alts.push([])
        continue
      }

      alts.at(-1)!.push(item(depth))
    }

    return alts
  }

  const item = (depth: number): Item => {
    const start = i
    let group: Seq[] | undefined
    const c = src[i]
    if (c === '(') {
      i++
      if (src[i] === '?') {
        if (src.startsWith('?:', i)) i += 2
        else if (/^\?<[A-Za-z_]\w*>/.test(src.slice(i, i + 40))) i = src.indexOf('>', i) + 1
        else throw new Bad('lookahead and lookbehind are not allowed')
      }

      group = alternatives(depth + 1)
      if (src[i] !== ')') throw new Bad('a group is not closed')
      i++
    } else if (c === '[') {
      i++
      if (src[i] === '^') i++
      if (src[i] === ']') i++
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1
      if (i >= src.length) throw new Bad('a character class is not closed')
      i++
    } else if (c === '\\') {
      const e = src[i + 1] ?? ''
      if (/[1-9]/.test(e) || e === 'k') throw new Bad('backreferences are not allowed')
      i += 2
      if (e === 'u' && src[i] === '{') i = src.indexOf('}', i) + 1
      else if (e === 'u') i += 4
      else if (e === 'x') i += 2
      else if ((e === 'p' || e === 'P') && src[i] === '{') i = src.indexOf('}', i) + 1
      if (i <= 0) throw new Bad('an escape is not closed')
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      throw new Bad(`"${c}" repeats nothing`)
    } else i++
    const atom = src.slice(start, i)
    const q = quantifier()
    return {atom, group, ...q}
  }

  const quantifier = (): {max: number; min: number; quantified: boolean} => {
    const c = src[i]
    let q: {max: number; min: number; quantified: boolean} = {max: 1, min: 1, quantified: false}
    if (c === '*') q = {max: Infinity, min: 0, quantified: true}
    else if (c === '+') q = {max: Infinity, min: 1, quantified: true}
    else if (c === '?') q = {max: 1, min: 0, quantified: true}
    else if (c === '{') {
      const m = /^\{(\d{1,6})(?:(,)(\d{0,6}))?\}/.exec(src.slice(i, i + 20))
      if (!m) return q
      const min = Number(m[1])
      const max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min
      i += m[0].length - 1
      q = {max, min, quantified: true}
    } else return q
    i++
    if (src[i] === '?') i++
    return q
  }

  const alts = alternatives(0)
  if (i < src.length) throw new Bad('unbalanced parenthesis')
  return alts
}

const branches = (item: Item): boolean =>
  (item.group ?? []).length > 1 || (item.group ?? []).some((s) => s.some(repeatsOrBranches))
const repeatsOrBranches = (item: Item): boolean => (item.quantified && item.max > 1) || branches(item)

function walk(alts: Seq[], visit: (item: Item, seq: Seq, index: number) => void): void {
  for (const seq of alts)
    for (const [index, item] of seq.entries()) {
      visit(item, seq, index)
      if (item.group) walk(item.group, visit)
    }
}

/** Is the pattern in the linear subset? The reason says what to change when it is not. */
export function isLinearPattern(source: string): PatternVerdict {
  if (typeof source !== 'string' || source.length === 0) return {ok: false, reason: 'the pattern is empty'}
  if (source.length > MAX_SOURCE) return {ok: false, reason: `the pattern is longer than ${MAX_SOURCE} characters`}
  try {
    new RegExp(source, 'i')
  } catch (error) {
    return {ok: false, reason: `the pattern does not compile: ${(error as Error).message}`}
  }

  let alts: Seq[]
  try {
    alts = parse(source)
  } catch (error) {
    if (error instanceof Bad) return {ok: false, reason: error.message}
    throw error
  }

  let unbounded = 0
  let product = 1
  let problem: null | string = null
  const anchored = alts.every((seq) => seq[0]?.atom === '^')
  walk(alts, (item, seq, index) => {
    if (problem || !item.quantified) return
    if (item.group && item.max > 1 && item.group.some((s) => s.some(repeatsOrBranches)))
      problem = `"${item.atom}" repeats a group that itself repeats: write the repeated part once, without a nested repeat`
    else if (item.group && item.max > 1 && item.group.length > 1)
      problem = `"${item.atom}" repeats a group with alternatives: the branches can overlap and backtrack`
    else if (item.max > WIDE) {
      unbounded++
      const before = seq[index - 1]
      const guarded =
        before !== undefined &&
        !before.quantified &&
        !before.group &&
        before.atom.length === 1 &&
        /[\w ]/.test(before.atom) &&
        !new RegExp(`^(?:${item.atom})$`, 'i').test(before.atom)
      if (unbounded > 1) problem = 'more than one unbounded repeat (*, + or {n,}): keep one, bound the others'
      else if (!anchored && !guarded)
        problem = `"${item.atom}${item.max === Infinity ? '*' : ''}" is unbounded in an unanchored pattern: start the pattern with ^ or bound it`
    } else product *= Math.min(MAX_PRODUCT + 1, item.max - item.min + 1)
    if (!problem && product > MAX_PRODUCT) problem = 'the bounded repeats allow too many ways to match: use fewer'
  })
  return problem ? {ok: false, reason: problem} : {ok: true}
}
