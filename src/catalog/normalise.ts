const ASCII = /^[\0-\x7F]*$/

/**
 * Scripts written without spaces (Chinese, Japanese, Korean), as a character-class body: their characters end a
 * word, so a Latin name beside them (`因为Notion`) is a word of its own, for lookup's words and decode's names.
 */
export const UNSPACED_SCRIPTS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}'

/**
 * Keys for exact lookup: case, separators and a provider namespace must not matter, so
 * `INVALID-GRANT`, `invalid grant` and `invalid_grant` are one key, and `refresh_token_invalid` finds
 * Nylas's `grant.refresh_token_invalid`.
 */
const keys = new Map<string, string>()

export function normaliseKey(text: string): string {
  // The matcher keys the same few codes over and over (a hundred entries share invalid_grant): remembered, with
  // a bound so untrusted text cannot grow the memo without limit.
  let key = keys.get(text)
  if (key !== undefined) return key
  // ASCII is its own NFKC form; the first normalize() of a process loads ICU's normalisation data.
  key = (ASCII.test(text) ? text : text.normalize('NFKC'))
    .toLowerCase()
    .trim()
    .replace(/^["'`]+|["'`.:]+$/g, '')
    .replace(/[\s_\-./:]+/g, '_')
  if (text.length <= 200) {
    if (keys.size >= 20_000) keys.clear()
    keys.set(text, key)
  }

  return key
}

/** `grant.refresh_token_invalid` -> `refresh_token_invalid`; null when the code has no namespace. */
export function withoutNamespace(code: string): null | string {
  const dot = code.lastIndexOf('.')
  return dot > 0 && dot < code.length - 1 ? code.slice(dot + 1) : null
}

/** Words of a code for fuzzy search: `workspace_slug_taken` -> `workspace slug taken`. */
export function codeWords(code: string): string {
  return code
    .replace(/[_\-.]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
}

/** A three-digit HTTP status, or null. */
export function asHttpStatus(query: string): null | number {
  const m = /^\s*(?:http\s*)?([1-5]\d\d)\s*$/i.exec(query)
  return m ? Number(m[1]) : null
}

/** Each pattern compiled once a process (null: not a valid expression); `i` without `g` keeps no state. */
const compiled = new Map<string, null | RegExp>()
/** Literal text every match of a pattern contains, lower-cased (needle.ts), for the patterns the build knew. */
const needles = new Map<string, string>()

/** The built catalog's needles (pattern -> needle), from its meta file (shards.ts). */
export function knowNeedles(byPattern: Record<string, string>): void {
  const patterns = Object.keys(byPattern)
  for (let i = 0; i < patterns.length; i++) needles.set(patterns[i], byPattern[patterns[i]])
}

let lastText = ''
let lastLower = ''
/** A matcher tries every variant against one description: it is lower-cased once. */
const lower = (text: string) => {
  if (text !== lastText) {
    lastText = text
    lastLower = text.toLowerCase()
  }

  return lastLower
}

/** A variant's exact text as it is compared: case and a closing full stop or space do not matter. */
export const variantText = (s: string): string =>
  s
    .trim()
    .replace(/[.\s]+$/, '')
    .toLowerCase()
const strip = variantText
/** Variant texts stripped once a process, and the description the matcher is trying them against. */
const stripped = new Map<string, string>()
let lastStripped: string | undefined
let lastStrippedTo = ''

/** Does an entry's description variant apply to this description? */
export function descriptionMatches(match: {pattern?: string; text?: string}, description: string): boolean {
  const d = description.trim()
  if (match.text !== undefined) {
    let text = stripped.get(match.text)
    if (text === undefined) stripped.set(match.text, (text = strip(match.text)))
    if (d !== lastStripped) {
      lastStripped = d
      lastStrippedTo = strip(d)
    }

    return text === lastStrippedTo
  }

  if (match.pattern !== undefined) {
    const needle = needles.get(match.pattern)
    if (needle !== undefined && !lower(d).includes(needle)) return false
    let re = compiled.get(match.pattern)
    if (re === undefined) {
      try {
        re = new RegExp(match.pattern, 'i')
      } catch {
        re = null
      }

      compiled.set(match.pattern, re)
    }

    return re !== null && re.test(d)
  }

  return false
}

/** Plain code-unit order. (localeCompare would load ICU's collator: ~10 ms on a cold start, for ASCII slugs.) */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
