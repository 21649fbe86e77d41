/**
 * How the matcher finds its candidates and reads their text: entries by code (with SDKs' camelCase and namespaces),
 * description variants that fit a message, and the word pairs an entry's text shares with a query.
 */
import type {Catalog} from './catalog.js'
import type {Via} from './match.js'
import {descriptionMatches, normaliseKey} from './normalise.js'
import type {CatalogEntry} from './types.js'
import {entryText, words} from './words.js'

const variantCache = new WeakMap<Catalog, number[]>()

/** The catalog's description variants (their heads only: long text is parsed for the ones shown). */
function variantIndexes(catalog: Catalog): number[] {
  let v = variantCache.get(catalog)
  if (!v) {
    v = catalog.variantIndexes()
    variantCache.set(catalog, v)
  }

  return v
}

/** `invalidGrant` -> `invalid_grant`: SDKs camel-case the wire codes. */
export function camelToSnake(code: string): null | string {
  return /^[a-z]+(?:[A-Z][a-z\d]+)+$/.test(code) ? code.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : null
}

/** Entries whose code is exactly this one (by code, id, alias or without a namespace; not by HTTP status). */
export function entriesForCode(catalog: Catalog, code: string): {entry: CatalogEntry; index: number; via: Via}[] {
  const out: {entry: CatalogEntry; index: number; via: Via}[] = []
  const seen = new Set<number>()
  for (const key of [code, camelToSnake(code)].filter((k): k is string => Boolean(k))) {
    for (const hit of catalog.exactHits(key)) {
      if (hit.kind === 'status' || hit.kind === 'fuzzy' || seen.has(hit.index)) continue
      seen.add(hit.index)
      // Numeric codes match exactly, never as the tail of a namespaced one.
      if (hit.kind === 'namespace' && /^\d+$/.test(key)) continue
      const via: Via = hit.kind === 'id' ? 'code' : hit.kind
      out.push({entry: hit.entry, index: hit.index, via})
    }
  }

  return out
}

/** Description variants (any provider, or those of these codes) whose text or pattern fits the description. */
export function variantsFor(catalog: Catalog, description: string, codes?: string[]): CatalogEntry[] {
  const d = description.split('\n')[0].slice(0, 2000)
  const keys =
    codes &&
    new Set(
      codes
        .flatMap((c) => [c, camelToSnake(c)])
        .filter((c): c is string => Boolean(c))
        .map(normaliseKey),
    )
  return variantIndexes(catalog)
    .filter(
      (i) => (!keys || keys.has(normaliseKey(catalog.head(i).code))) && descriptionMatches(catalog.head(i).match!, d),
    )
    .map((i) => catalog.entry(i))
}

/**
 * An exact description text is the provider's own wording; a pattern is as telling only when it spells out a
 * specific phrase (`^missing\b.*param` could be anyone's message).
 */
export function specificVariant(entry: CatalogEntry): boolean {
  if (entry.match?.text) return entry.match.text.length >= 8
  const literal = (entry.match?.pattern ?? '').replace(/\\[bBdDwWsS]/g, '|').split(/[\\^$.*+?()[\]{}|]+/)
  return Math.max(0, ...literal.map((run) => run.trim().length)) >= 12
}

/**
 * Consecutive word pairs of a text, as `word word` (words.ts's tokens: no stop words, plurals folded); the first
 * 60, which for an entry are its code, aliases, title and variant (entryText's order), seldom its meaning.
 */
export function pairsOf(text: string): Set<string> {
  const out = new Set<string>()
  let previous: string | undefined
  for (const w of words(text)) {
    if (previous !== undefined) out.add(`${previous} ${w}`)
    if (out.size >= 60) break
    previous = w
  }

  return out
}

const entryPairs = new WeakMap<Catalog, Map<number, Set<string>>>()

export function sharedPairs(catalog: Catalog, query: Set<string>, index: number): number {
  if (query.size === 0) return 0
  let cache = entryPairs.get(catalog)
  if (!cache) entryPairs.set(catalog, (cache = new Map()))
  let own = cache.get(index)
  if (!own) cache.set(index, (own = pairsOf(entryText(catalog.entry(index)))))
  let n = 0
  for (const p of query) if (own.has(p)) n++
  return Math.round((n / query.size) * 1000) / 1000
}

/**
 * Several providers' entries for one code found by their words (a message every server words alike): the
 * standard's entries for that code, each as similar as the second closest of them (one provider's entry alone says
 * nothing of the others). The standard's entries are looked up once per code: many text candidates share one.
 */
export function familyReadings(
  catalog: Catalog,
  text: {fuzzy: number; index: number; words: number}[],
  isStandard: (slug: string) => boolean,
): {fuzzy: number; index: number; words: number}[] {
  const standardOf = new Map<string, number[]>()
  const standardFor = (code: string) => {
    let found = standardOf.get(code)
    if (!found) {
      found = entriesForCode(catalog, code)
        .filter((hit) => hit.via === 'code' && catalog.head(hit.index).provider === 'oauth')
        .map((hit) => hit.index)
      standardOf.set(code, found)
    }

    return found
  }

  const family = new Map<number, {fuzzy: number[]; providers: Set<string>; words: number[]}>()
  for (const t of text) {
    const e = catalog.entry(t.index)
    if (isStandard(e.provider)) continue
    for (const code of new Set([e.code, e.oauthError].filter((c): c is string => Boolean(c))))
      for (const index of standardFor(code)) {
        const f = family.get(index) ?? {fuzzy: [], providers: new Set<string>(), words: []}
        if (f.providers.has(e.provider)) continue
        f.providers.add(e.provider)
        f.fuzzy.push(t.fuzzy)
        f.words.push(t.words)
        family.set(index, f)
      }
  }

  const second = (xs: number[]) => [...xs].sort((a, b) => b - a)[1]
  return [...family]
    .filter(([, f]) => f.providers.size >= 2)
    .map(([index, f]) => ({fuzzy: second(f.fuzzy), index, words: second(f.words)}))
}
