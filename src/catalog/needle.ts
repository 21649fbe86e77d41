/**
 * A description variant's pattern is compiled (with the `i` flag) and tried against a description; a fuzzy lookup
 * tries every variant's, and compiling 270 patterns is most of its matching time. The build finds, for each
 * pattern, a piece of literal text every match must contain (its needle, lower-cased), and a run skips the pattern
 * when the description does not contain it (normalise.ts). The needle only ever rules out a description the
 * pattern cannot match, so it changes no result:
 * - only literal characters of the top-level sequence count, and any top-level `|` means no needle;
 * - a group, class, `.`, anchor, escape other than an escaped ASCII punctuation mark, or non-ASCII character ends
 *   a run, and a literal a quantifier applies to is not part of one;
 * - only ASCII is taken: under `i` without `u`, an ASCII letter matches only itself in either case, so a match
 *   lower-cased contains the needle.
 * Anything the scan does not understand ends the run; a pattern that is not a valid expression gets no needle.
 */

/** Escapes that stand for one character, a class or an assertion, and are followed by nothing of their own. */
const SINGLE = new Set(['b', 'B', 'd', 'D', 'f', 'n', 'r', 's', 'S', 't', 'v', 'w', 'W'])
const QUANTIFIER = /^\{\d+(?:,\d*)?\}/

/** The longest literal text (3 characters or more) every match of `pattern` contains, lower-cased; or null. */
export function needleOf(pattern: string): null | string {
  try {
    new RegExp(pattern, 'i')
  } catch {
    return null
  }

  let best = ''
  let run = ''
  const end = () => {
    if (run.length > best.length) best = run
    run = ''
  }

  /** Index just past the group or class opening at `i`. */
  const skip = (i: number): number => {
    if (pattern[i] === '[') {
      let j = i + 1
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1
      return j + 1
    }

    let depth = 0
    for (let j = i; j < pattern.length; j++) {
      const c = pattern[j]
      if (c === '\\') j++
      else if (c === '[') j = skip(j) - 1
      else if (c === '(') depth++
      else if (c === ')' && --depth === 0) return j + 1
    }

    return pattern.length
  }

  const quantified = (i: number) => '?*+'.includes(pattern[i] ?? 'x') || QUANTIFIER.test(pattern.slice(i, i + 16))
  let i = 0
  while (i < pattern.length) {
    const c = pattern[i]
    let literal: null | string = null
    let next = i + 1
    if (c === '|') return null
    if (c === '(' || c === '[') {
      end()
      i = skip(i)
      continue
    }

    if (c === '{') {
      end()
      const q = QUANTIFIER.exec(pattern.slice(i, i + 16))
      i += q ? q[0].length : 1
      continue
    }

    if (c === '\\') {
      const e = pattern[i + 1] ?? ''
      if (/^[!-/:-@[-`{-~]$/.test(e)) {
        literal = e
        next = i + 2
      } else {
        end()
        i += 2
        // \uXXXX, \xHH, \cX, \k<name>, \p{...}, octal and backreference digits: their payload is not literal text.
        if (!SINGLE.has(e)) while (i < pattern.length && /[\w{}<>]/.test(pattern[i])) i++
        continue
      }
    } else if (c.charCodeAt(0) < 128 && !'^$.)]}?*+'.includes(c)) literal = c

    if (literal === null || quantified(next)) end()
    else run += literal.toLowerCase()
    i = next
  }

  end()
  return best.length >= 3 ? best : null
}
