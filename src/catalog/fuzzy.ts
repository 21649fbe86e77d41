import {fuzzyRank} from './bitap.js'
import type {Catalog, EntryHead} from './catalog.js'
import {providerRank} from './catalog.js'
import {builtinSize, type Postings, readPrebuilt} from './prebuilt.js'
import {codeWords, compareText} from './normalise.js'
import type {CatalogEntry} from './types.js'

/** Fuzzy search only looks at this much of a query: fuse's bitap cost grows with pattern length. */
export const MAX_FUZZY_QUERY = 64
/** What the fuzzy ranking (fuse.js's, bitap.ts) ranks. */
type SearchDoc = Record<'aliases' | 'code' | 'meaning' | 'title' | 'words', string | string[]>

const FUSE_KEYS = [
  {name: 'code', weight: 3},
  {name: 'words', weight: 3},
  {name: 'aliases', weight: 2},
  {name: 'title', weight: 1.5},
  {name: 'meaning', weight: 0.5},
]

const searchDoc = (e: CatalogEntry): SearchDoc => ({
  aliases: e.aliases,
  code: e.code,
  meaning: e.meaning,
  title: e.title,
  words: codeWords(e.code),
})

/** How many candidates the trigram prefilter hands to fuse.js. */
const CANDIDATES = 24

/**
 * fuse.js over the whole catalog costs tens of milliseconds a query (bitap over every title and meaning), so a
 * trigram index over the short fields (code, its words, aliases, title) picks the few dozen entries that share
 * most with the query, and fuse.js ranks only those (over code, aliases, title and meaning). Typos keep most of
 * their trigrams (`invalid_grnt` shares `inv`, `nva`, `val`, `ali`, `lid`, ` gr` with `invalid_grant`).
 */
class FuzzyIndex {
  constructor(private readonly grams: Postings) {}

  static build(catalog: Catalog): FuzzyIndex {
    const grams = new Map<string, number[]>()
    for (let i = 0; i < catalog.size; i++) for (const g of headTrigrams(catalog.head(i))) push(grams, g, i)
    return new FuzzyIndex(grams)
  }

  /**
   * Entries sharing the most trigrams with the query; ties go to the standards first (so they survive the cut),
   * then to the first in the catalog. A common word's trigrams reach hundreds of entries: they are counted in an
   * array and taken by count, from the highest, so only the entries of the counts that make the cut are ranked.
   */
  candidates(query: string, size: number, rank: (i: number) => number): number[] {
    const counts = new Int32Array(size)
    const qGrams = new Set(trigrams(query))
    for (const g of qGrams) {
      // An index loop: a common trigram's list reaches a thousand entries, each an iterator result otherwise.
      const list = this.grams.get(g) ?? []
      for (let k = 0; k < list.length; k++) counts[list[k]]++
    }

    const floor = Math.max(1, qGrams.size * 0.25)
    const byCount: number[][] = Array.from({length: qGrams.size + 1}, () => [])
    for (let i = 0; i < size; i++) if (counts[i] >= floor) byCount[counts[i]].push(i)
    const out: number[] = []
    for (let n = qGrams.size; n >= floor && out.length < CANDIDATES; n--) {
      const tied = byCount[n].map((i) => [rank(i), i]).sort((a, b) => a[0] - b[0] || a[1] - b[1])
      for (const [, i] of tied.slice(0, CANDIDATES - out.length)) out.push(i)
    }

    return out
  }
}

const headTrigrams = (h: EntryHead) => new Set(trigrams([h.code, codeWords(h.code), ...h.aliases, h.title].join(' ')))

/** Build side: the trigram postings of the built-in catalog, so a run's first fuzzy query does not build them. */
export function trigramPostings(heads: EntryHead[]): Record<string, number[]> {
  const grams = new Map<string, number[]>()
  for (const [i, h] of heads.entries()) for (const g of headTrigrams(h)) push(grams, g, i)
  return Object.fromEntries(grams)
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key)
  if (list) list.push(i)
  else map.set(key, [i])
}

function trigrams(text: string): string[] {
  const out: string[] = []
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue
    const padded = ` ${word} `
    for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3))
  }

  return out
}

const indexCache = new WeakMap<Catalog, FuzzyIndex>()

/**
 * Entries near `query`, best first: codes ranked by their best entry, then that code's entries the way exact hits
 * are listed (the standard first, a provider's general entry before its variants), so `invalid_grnt` shows RFC
 * 6749's invalid_grant first. `threshold` is fuse's score (0 exact .. 1 anything).
 */
export async function fuzzySearch(catalog: Catalog, query: string, provider: string | undefined, threshold = 0.4) {
  let index = indexCache.get(catalog)
  if (!index) {
    const prebuilt = catalog.size === builtinSize() ? readPrebuilt() : undefined
    index = prebuilt ? new FuzzyIndex(prebuilt) : FuzzyIndex.build(catalog)
    indexCache.set(catalog, index)
  }

  const pattern = query.slice(0, MAX_FUZZY_QUERY)
  const ids = index
    .candidates(pattern, catalog.size, (i) => providerRank(catalog.providerOf(i)))
    .filter((i) => !provider || catalog.providerOf(i) === provider)
  const docs: SearchDoc[] = ids.map((i) => searchDoc(catalog.entry(i)))
  const results = fuzzyRank(docs, FUSE_KEYS, pattern, threshold).map((r) => ({
    entry: catalog.entry(ids[r.refIndex]),
    index: ids[r.refIndex],
    score: 1 - (r.score ?? 1),
  }))
  const best = new Map<string, number>()
  for (const r of results) best.set(r.entry.code, Math.max(best.get(r.entry.code) ?? 0, r.score))
  return results
    .sort(
      (a, b) =>
        best.get(b.entry.code)! - best.get(a.entry.code)! ||
        compareText(a.entry.code, b.entry.code) ||
        providerRank(a.entry.provider) - providerRank(b.entry.provider) ||
        Number(Boolean(a.entry.match)) - Number(Boolean(b.entry.match)) ||
        b.score - a.score ||
        a.index - b.index,
    )
    .map(({entry, index, score}) => ({entry, index, score: Math.min(score, 0.89)}))
}
