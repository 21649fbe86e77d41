/**
 * Team catalogs bring their own `match.pattern` and `codeFormats`, which run on pasted text. re2 does not install
 * on Node 20, so patterns are held to a subset in which JavaScript's backtracking engine stays polynomial with a
 * small degree: no backreferences or lookarounds, no quantified group that itself contains a quantifier
 * (`(\w+\s?)*`), and at most two unbounded wildcards. Descriptions are also capped in length before matching.
 */
export function isLinearPattern(source: string): {ok: true} | {ok: false; reason: string} {
  if (/\\[1-9]|\\k</.test(source)) return {ok: false, reason: 'backreferences are not allowed'}
  if (/\(\?<?[=!]/.test(source)) return {ok: false, reason: 'lookarounds are not allowed'}
  // Walk the groups: a group whose body has a quantifier must not be quantified itself.
  const stack: {quantified: boolean}[] = []
  let wildcards = 0
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') {
      i++
      continue
    }

    if (c === '[') {
      const end = classEnd(source, i)
      if (end < 0) return {ok: false, reason: 'an unterminated character class'}
      i = end
      if (isQuantifier(source, i + 1) && stack.length > 0) stack.at(-1)!.quantified = true
      continue
    }

    if (c === '(') {
      stack.push({quantified: false})
      // `(?:` and `(?<name>` open a group; their `?` is not a quantifier.
      if (source[i + 1] === '?') i = source[i + 2] === '<' ? Math.max(i, source.indexOf('>', i)) : i + 2
    } else if (c === ')') {
      const group = stack.pop()
      if (!group) return {ok: false, reason: 'an unbalanced parenthesis'}
      if (group.quantified && repeats(source, i + 1))
        return {ok: false, reason: 'a repeated group contains a repetition (nested quantifiers)'}
      if (group.quantified && stack.length > 0) stack.at(-1)!.quantified = true
      if (isQuantifier(source, i + 1) && stack.length > 0) stack.at(-1)!.quantified = true
    } else if ('*+?{'.includes(c) && i > 0) {
      if ((c === '*' || c === '+') && source[i - 1] === '.') wildcards++
      if (stack.length > 0) stack.at(-1)!.quantified = true
    }
  }

  if (wildcards > 2) return {ok: false, reason: 'more than two unbounded wildcards (.* or .+)'}
  return {ok: true}
}

function isQuantifier(source: string, at: number): boolean {
  return at < source.length && '*+?{'.includes(source[at])
}

/** A quantifier that repeats (`*`, `+`, `{2,}`), unlike `?`, which only makes a group optional. */
function repeats(source: string, at: number): boolean {
  return (
    isQuantifier(source, at) && source[at] !== '?' && !source.startsWith('{0,1}', at) && !source.startsWith('{1}', at)
  )
}

function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++
    else if (source[i] === ']' && i > start + 1) return i
  }

  return -1
}
