/**
 * How the matcher finds its candidates and reads their text: entries by code (with SDKs' camelCase and namespaces),
 * description variants that fit a message, and the word pairs an entry's text shares with a query.
 */
import {isReasonPhrase} from '../decode/values.js'
import type {Catalog} from './catalog.js'
import type {Via} from './match.js'
import {descriptionMatches, normaliseKey, variantText} from './normalise.js'
import type {CatalogEntry} from './types.js'
import {entryText, words} from './words.js'

/**
 * The catalog's description variants, indexed once a process: by their entry's code key (decode asks for a code's
 * variants) and, for exact texts, by the text as compared, so a description is tried against the patterns alone
 * rather than every variant (a cold run interprets each step of that loop).
 */
interface VariantIndex {
  byCode: Map<string, number[]>
  byText: Map<string, number[]>
  match: Map<number, NonNullable<CatalogEntry['match']>>
  patterns: number[]
}

const variantCache = new WeakMap<Catalog, VariantIndex>()

function variantIndex(catalog: Catalog): VariantIndex {
  let v = variantCache.get(catalog)
  if (!v) {
    v = {byCode: new Map(), byText: new Map(), match: new Map(), patterns: []}
    const push = (map: Map<string, number[]>, key: string, i: number) => {
      const list = map.get(key)
      if (list) list.push(i)
      else map.set(key, [i])
    }

    for (const {code, index, match} of catalog.variants()) {
      v.match.set(index, match)
      push(v.byCode, normaliseKey(code), index)
      if (match.text === undefined) v.patterns.push(index)
      else push(v.byText, variantText(match.text), index)
    }

    variantCache.set(catalog, v)
  }

  return v
}

/** `invalidGrant` -> `invalid_grant`: SDKs camel-case the wire codes. */
export function camelToSnake(code: string): null | string {
  return /^[a-z]+(?:[A-Z][a-z\d]+)+$/.test(code) ? code.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : null
}

/**
 * The entries whose code is exactly this one (by code, id, alias or without a namespace; not by HTTP status), as
 * indexes: the caller reads the heads it scores and the text of those it shows.
 */
export function indexesForCode(catalog: Catalog, code: string): {index: number; via: Via}[] {
  const out: {index: number; via: Via}[] = []
  const seen = new Set<number>()
  for (const key of [code, camelToSnake(code)].filter((k): k is string => Boolean(k))) {
    for (const hit of catalog.exactIndexes(key)) {
      if (hit.kind === 'status' || hit.kind === 'fuzzy' || seen.has(hit.index)) continue
      seen.add(hit.index)
      // Numeric codes match exactly, never as the tail of a namespaced one.
      if (hit.kind === 'namespace' && /^\d+$/.test(key)) continue
      out.push({index: hit.index, via: hit.kind === 'id' ? 'code' : hit.kind})
    }
  }

  return out
}

/** Description variants (any provider, or those of these codes) whose text or pattern fits the description. */
export function variantsFor(catalog: Catalog, description: string, codes?: string[]): CatalogEntry[] {
  const d = description.split('\n')[0].slice(0, 2000)
  const v = variantIndex(catalog)
  let tried: number[]
  if (codes) {
    const keys = new Set(
      codes
        .flatMap((c) => [c, camelToSnake(c)])
        .filter((c): c is string => Boolean(c))
        .map(normaliseKey),
    )
    tried = [...keys].flatMap((k) => v.byCode.get(k) ?? [])
  } else tried = [...(v.byText.get(variantText(d)) ?? []), ...v.patterns]
  return [...new Set(tried)]
    .sort((a, b) => a - b)
    .filter((i) => descriptionMatches(v.match.get(i)!, d))
    .map((i) => catalog.entry(i))
}

/**
 * An exact description text is the provider's own wording; a pattern is as telling only when it spells out a
 * specific phrase (`^missing\b.*param` could be anyone's message).
 */
export function specificVariant(entry: CatalogEntry): boolean {
  // An HTTP reason phrase (`Unauthorized`) is every server's wording, whichever provider's variant spells it.
  if (entry.match?.text) return entry.match.text.length >= 8 && !isReasonPhrase(entry.match.text)
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

const standardCache = new WeakMap<Catalog, Map<string, number[]>>()

/**
 * The standard's entries by their code's key, from the entries' codes and providers alone (the catalog's columns
 * when it is read piecemeal: no index shard per code).
 */
function standardByCode(catalog: Catalog): Map<string, number[]> {
  let map = standardCache.get(catalog)
  if (!map) {
    map = new Map()
    for (let i = 0; i < catalog.size; i++) {
      if (catalog.providerOf(i) !== 'oauth') continue
      const key = normaliseKey(catalog.codeOf(i))
      const list = map.get(key)
      if (list) list.push(i)
      else map.set(key, [i])
    }

    standardCache.set(catalog, map)
  }

  return map
}

/**
 * Several providers' entries for one code found by their words (a message every server words alike): the
 * standard's entries for that code, each as similar as the second closest of them (one provider's entry alone says
 * nothing of the others).
 */
export function familyReadings(
  catalog: Catalog,
  text: {fuzzy: number; index: number; words: number}[],
  isStandard: (slug: string) => boolean,
): {fuzzy: number; index: number; words: number}[] {
  const standardFor = (code: string) =>
    [...new Set([code, camelToSnake(code)].filter((c): c is string => Boolean(c)).map(normaliseKey))].flatMap(
      (k) => standardByCode(catalog).get(k) ?? [],
    )

  const family = new Map<number, {fuzzy: number[]; providers: Set<string>; words: number[]}>()
  for (const t of text) {
    const e = catalog.head(t.index)
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
