/**
 * Text search for plain words and pasted messages: BM25 over each entry's code words, aliases, title, variant
 * wording and meaning. fuse.js (fuzzy.ts) forgives typos in a code; this ranks by the words a message shares with
 * an entry, weighted by how rare each word is in the catalog. The build writes the postings for the built-in
 * catalog (prebuilt.ts); a catalog with team files builds its own on first use.
 */
import type {Catalog} from './catalog.js'
import {codeWords, UNSPACED_SCRIPTS} from './normalise.js'
import {builtinSize, type Postings, readWordIndex} from './prebuilt.js'
import type {CatalogEntry} from './types.js'

export interface WordIndex {
  /** Token -> flat [entry, term frequency, entry, term frequency, ...]. */
  postings: Record<string, number[]>
  lengths: number[]
}

const STOP = new Set(
  'a an the and or of to in on at for from by with is are was were be been this that it its as not no your you our we i my me can could cannot did does do has have had will would should may there their them than then when which who what why how if but into out so such any all also only been being'.split(
    ' ',
  ),
)

/** British and American spellings of one word (`unauthorised`, `cancelled`) are one word. */
const SPELLING =
  /^((?:un|re|de|pre)?(?:authori|organi|recogni|initiali|seriali|normali|customi|synchroni|utili|categori|optimi|reali))s(?=e|ing|ation)/
const DOUBLED = /^(cancel|label|model|signal|travel)l(?=ed|ing)/

// A word: letters and digits, ended by anything else and by a script written without spaces (normalise.ts).
const WORD = new RegExp(`(?:(?![${UNSPACED_SCRIPTS}])[\\p{L}\\p{N}]){2,40}`, 'gu')

/** Lower-case words without stop words, plural `s` dropped (`tokens` and `token` are one word). */
export function tokenize(text: string): string[] {
  return [...words(text)]
}

/** tokenize's words one at a time, for a reader that needs only the first few. */
export function* words(text: string): Generator<string> {
  for (const m of text.toLowerCase().slice(0, 20_000).matchAll(WORD)) {
    let w = m[0]
    if (w.length > 6 && w.includes('is')) w = w.replace(SPELLING, '$1z')
    if (w.length > 7 && w.includes('ll')) w = w.replace(DOUBLED, '$1')
    if (STOP.has(w)) continue
    yield w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w
  }
}

/** The words an entry is found by; the code, aliases, title and variant count more than the meaning. */
export function entryText(
  e: Pick<CatalogEntry, 'aliases' | 'code' | 'match' | 'meaning' | 'title'> & {causes?: string[]},
): string {
  const variant = e.match?.text ?? e.match?.pattern?.replace(/\\[bBdDwWsS]|[\\^$.*+?()[\]{}|]/g, ' ') ?? ''
  const code = `${e.code} ${codeWords(e.code)}`
  const aliases = e.aliases.join(' ')
  return [code, code, aliases, aliases, e.title, e.title, variant, variant, e.meaning, (e.causes ?? []).join(' ')].join(
    ' ',
  )
}

export function buildWordIndex(
  entries: Pick<CatalogEntry, 'aliases' | 'code' | 'match' | 'meaning' | 'title'>[],
): WordIndex {
  const postings = new Map<string, number[]>()
  const lengths: number[] = []
  for (const [i, e] of entries.entries()) {
    const tokens = tokenize(entryText(e))
    lengths.push(tokens.length)
    const tf = new Map<string, number>()
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1)
    for (const [t, n] of tf) {
      const list = postings.get(t)
      if (list) list.push(i, n)
      else postings.set(t, [i, n])
    }
  }

  return {lengths, postings: Object.fromEntries(postings)}
}

const cache = new WeakMap<Catalog, {lengths: number[]; postings: Postings}>()

function indexFor(catalog: Catalog): {lengths: number[]; postings: Postings} {
  let index = cache.get(catalog)
  if (!index) {
    const prebuilt = catalog.size === builtinSize() ? readWordIndex() : undefined
    if (prebuilt) index = prebuilt
    else {
      const built = buildWordIndex(catalog.entries)
      index = {lengths: built.lengths, postings: new Map(Object.entries(built.postings))}
    }

    cache.set(catalog, index)
  }

  return index
}

const K1 = 1.2
const B = 0.75

/**
 * Entries sharing words with the text, best first, each with a similarity in 0..1. The first `limit` are
 * candidates; the matcher also reads the similarity of up to `all` entries found another way (by their code).
 */
export function wordSearch(
  catalog: Catalog,
  text: string,
  limit = 24,
  all = limit,
): {index: number; similarity: number}[] {
  const index = indexFor(catalog)
  const n = index.lengths.length
  const avg = index.lengths.reduce((a, b) => a + b, 0) / Math.max(1, n)
  const query = [...new Set(tokenize(text))].slice(0, 40)
  // Scores in an array: a common word's postings reach hundreds of entries, and only the best `limit` are kept.
  const scores = new Float64Array(n)
  const scored = new Uint8Array(n)
  let ceiling = 0
  for (const t of query) {
    const list = index.postings.get(t)
    const df = list ? list.length / 2 : 0
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5))
    ceiling += idf * (K1 + 1)
    if (!list) continue
    for (let i = 0; i < list.length; i += 2) {
      const doc = list[i]
      const tf = list[i + 1]
      scores[doc] += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * index.lengths[doc]) / avg))
      scored[doc] = 1
    }
  }

  // The best first, ties to the first entry; kept sorted as they come (the catalog's order breaks ties). The
  // long tail a matcher reads for code candidates (`all`) is sorted once instead.
  const keep = Math.max(limit, all)
  const similarity = (doc: number) => ({
    index: doc,
    similarity: ceiling > 0 ? Math.round((scores[doc] / ceiling) * 1000) / 1000 : 0,
  })
  if (keep > limit) {
    const docs: number[] = []
    for (let doc = 0; doc < n; doc++) if (scored[doc]) docs.push(doc)
    return docs
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, keep)
      .map(similarity)
  }

  const best: number[] = []
  for (let doc = 0; doc < n; doc++) {
    if (!scored[doc]) continue
    const s = scores[doc]
    if (best.length === limit && s <= scores[best[limit - 1]]) continue
    let at = best.length
    while (at > 0 && scores[best[at - 1]] < s) at--
    best.splice(at, 0, doc)
    if (best.length > limit) best.pop()
  }

  return best.map(similarity)
}

/**
 * A message's words as the matcher's text candidates (the best `limit`), and the similarity of up to `all` entries
 * for the candidates found another way: one reading for lookup's pasted messages and decode's code-less errors.
 */
export function wordCandidates(
  catalog: Catalog,
  text: string,
  provider?: string,
  limit = 24,
  all = 400,
): {similarity: Map<number, number>; text: {fuzzy: number; index: number; words: number}[]} {
  const similarity = new Map<number, number>()
  const candidates: {fuzzy: number; index: number; words: number}[] = []
  for (const [rank, r] of wordSearch(catalog, text, limit, all).entries()) {
    if (provider && catalog.head(r.index).provider !== provider) continue
    similarity.set(r.index, r.similarity)
    if (rank < limit) candidates.push({fuzzy: 0, index: r.index, words: r.similarity})
  }

  return {similarity, text: candidates}
}
