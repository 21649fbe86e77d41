/**
 * Keys for exact lookup: case, separators and a provider namespace must not matter, so
 * `INVALID-GRANT`, `invalid grant` and `invalid_grant` are one key, and `refresh_token_invalid` finds
 * Nylas's `grant.refresh_token_invalid`.
 */
export function normaliseKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/^["'`]+|["'`.:]+$/g, '')
    .replace(/[\s_\-./:]+/g, '_')
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

/** Does an entry's description variant apply to this description? */
export function descriptionMatches(match: {pattern?: string; text?: string}, description: string): boolean {
  const d = description.trim()
  if (match.text !== undefined) {
    const strip = (s: string) =>
      s
        .trim()
        .replace(/[.\s]+$/, '')
        .toLowerCase()
    return strip(match.text) === strip(d)
  }

  if (match.pattern !== undefined) {
    try {
      return new RegExp(match.pattern, 'i').test(d)
    } catch {
      return false
    }
  }

  return false
}

/** Plain code-unit order. (localeCompare would load ICU's collator: ~10 ms on a cold start, for ASCII slugs.) */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
