/**
 * fuse.js 7's fuzzy ranking, for the one way errcode used it (fuzzy.ts): object documents with weighted string and
 * string-array fields, a plain pattern (no extended or token search), `ignoreLocation`, a threshold, scores
 * included, sorted. A run ranks 24 documents once, so fuse.js's cost was all first-run cost: its index records,
 * option objects and `Array(n)` per error level, run by V8's interpreter, were about a fifth of a fuzzy lookup.
 * This computes the same thing (fuse's chunks, error levels and thresholds, its field norm and its score product),
 * the Bitap part in one pass per text (searchChunk); test/catalog/bitap.test.ts holds it to fuse.js's own output.
 */

export interface FuzzyKey {
  name: string
  weight: number
}

export interface FuzzyHit {
  /** The document's index in the list searched. */
  refIndex: number
  /** 0 (exact) .. 1; undefined only for a blank pattern, which returns every document unranked. */
  score: number | undefined
}

/** fuse's longest pattern chunk: Bitap keeps a pattern in the bits of one 32-bit integer. */
const MAX_BITS = 32

interface Chunk {
  ascii: Int32Array
  other: Map<number, number>
  pattern: string
  startIndex: number
}

function chunkOf(pattern: string, startIndex: number): Chunk {
  const ascii = new Int32Array(128)
  const other = new Map<number, number>()
  const len = pattern.length
  for (let i = 0; i < len; i++) {
    const c = pattern.charCodeAt(i)
    const bit = 1 << i
    if (c < 128) ascii[c] |= bit
    else other.set(c, (other.get(c) ?? 0) | bit)
  }

  return {ascii, other, pattern, startIndex}
}

/** The pattern lower-cased and cut into chunks of at most 32 characters, the last one ending at the pattern's end. */
function chunksOf(pattern: string): Chunk[] {
  const len = pattern.length
  if (len === 0) return []
  if (len <= MAX_BITS) return [chunkOf(pattern, 0)]
  const chunks: Chunk[] = []
  const remainder = len % MAX_BITS
  const end = len - remainder
  for (let i = 0; i < end; i += MAX_BITS) chunks.push(chunkOf(pattern.slice(i, i + MAX_BITS), i))
  if (remainder) chunks.push(chunkOf(pattern.slice(len - MAX_BITS), len - MAX_BITS))
  return chunks
}

/**
 * One chunk against one (lower-cased) text: whether it matches within the threshold, and its score, the fewest
 * errors at which Bitap finds it over the chunk's length (at least 0.001).
 *
 * fuse's Bitap computes error level 0 over the whole text, then level 1, and so on up to the threshold, and stops
 * at the first level whose row has the whole pattern matching at some position. Level i's bit for the whole
 * pattern at a position is set exactly when the pattern is within i edits (a character changed, added or
 * dropped) of some text starting there, so that first level is the fewest edits between the pattern and any
 * piece of the text; with `ignoreLocation` nothing else enters the score. That number is computed here in one
 * pass with Myers's bit-vector algorithm (one column of the edit-distance table per character, the pattern's
 * rows in the bits of an integer), instead of one pass per level.
 */
function searchChunk(text: string, chunk: Chunk, threshold: number): {isMatch: boolean; score: number} {
  const {ascii, other, pattern} = chunk
  const m = pattern.length
  const expected = Math.max(0, Math.min(chunk.startIndex, text.length))
  let currentThreshold = threshold
  // An exact occurrence from the expected location on caps the threshold at 0 (fuse does the same before Bitap).
  if (text.indexOf(pattern, expected) > -1) currentThreshold = Math.min(0, currentThreshold)
  // The levels fuse visits while nothing matches: the next one while its score is within the threshold.
  let top = 0
  while (top + 1 < m && (top + 1) / m <= currentThreshold) top++
  // Bit k of a character's mask: the pattern's k-th character is that one.
  const last = 1 << (m - 1)
  let pv = -1
  let mv = 0
  let score = m
  let best = m
  for (let j = 0; j < text.length && best > 0; j++) {
    const c = text.charCodeAt(j)
    const eq = c < 128 ? ascii[c] : (other.get(c) ?? 0)
    const xv = eq | mv
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq
    let ph = mv | ~(xh | pv)
    let mh = pv & xh
    if (ph & last) score++
    else if (mh & last) score--
    ph <<= 1
    mh <<= 1
    pv = mh | ~(xv | ph)
    mv = ph & xv
    if (score < best) best = score
  }

  return best > top ? {isMatch: false, score: 1} : {isMatch: true, score: Math.max(0.001, best / m)}
}

/** A lower-cased text against all chunks: fuse's searchIn (an identical text scores 0). */
function searchIn(text: string, pattern: string, chunks: Chunk[], threshold: number) {
  if (pattern === text) return {isMatch: true, score: 0}
  let total = 0
  let any = false
  for (let c = 0; c < chunks.length; c++) {
    const r = searchChunk(text, chunks[c], threshold)
    if (r.isMatch) any = true
    total += r.score
  }

  return {isMatch: any, score: any ? total / chunks.length : 1}
}

const isSeparator = (c: number) => (c >= 9 && c <= 13) || c === 32 || c === 160

/** fuse's field norm: 1 / sqrt(words), to three decimals. */
function fieldNorm(value: string): number {
  let words = 0
  let inWord = false
  for (let i = 0; i < value.length; i++) {
    if (isSeparator(value.charCodeAt(i))) inWord = false
    else if (!inWord) {
      words++
      inWord = true
    }
  }

  // Math.pow, as fuse writes it: the same rounding, bit for bit.
  return Math.round(1000 / Math.pow(Math.max(1, words), 0.5)) / 1000
}

const blank = (s: string) => s.trim().length === 0

/** A document: each key's text, or its list of texts (fuse reads other values as text; errcode has none). */
export type FuzzyDoc = Record<string, string | string[] | undefined>

/** Rank `docs` for `query` as `new Fuse(docs, {ignoreLocation: true, includeScore: true, keys, threshold})` does. */
export function fuzzyRank(docs: FuzzyDoc[], keys: FuzzyKey[], query: string, threshold: number): FuzzyHit[] {
  if (!query.trim()) return docs.map((_, refIndex) => ({refIndex, score: undefined}))
  const total = keys.reduce((sum, k) => sum + k.weight, 0)
  const weights = keys.map((k) => k.weight / total)
  const pattern = query.toLowerCase()
  const chunks = chunksOf(pattern)
  const hits: {idx: number; score: number}[] = []
  // Index loops: in V8's interpreter each step of for...of allocates, and this runs once a process.
  for (let idx = 0; idx < docs.length; idx++) {
    let score = 1
    let matched = false
    for (let k = 0; k < keys.length; k++) {
      const value = docs[idx][keys[k].name]
      const texts = Array.isArray(value) ? value : [value]
      for (let t = 0; t < texts.length; t++) {
        const text = texts[t]
        if (typeof text !== 'string' || blank(text)) continue
        const r = searchIn(text.toLowerCase(), pattern, chunks, threshold)
        if (!r.isMatch) continue
        matched = true
        score *= Math.pow(r.score === 0 ? Number.EPSILON : r.score, weights[k] * fieldNorm(text))
      }
    }

    if (matched) hits.push({idx, score})
  }

  // fuse's order: by score, then by document order.
  hits.sort((a, b) => (a.score === b.score ? a.idx - b.idx : a.score < b.score ? -1 : 1))
  return hits.map((h) => ({refIndex: h.idx, score: h.score}))
}
