/**
 * fuse.js 7's fuzzy ranking, for the one way errcode used it (fuzzy.ts): object documents with weighted string and
 * string-array fields, a plain pattern (no extended or token search), `ignoreLocation`, a threshold, scores
 * included, sorted. A run ranks 24 documents once, so fuse.js's cost was all first-run cost: its index records,
 * option objects and `Array(n)` per error level, run by V8's interpreter, were about a fifth of a fuzzy lookup.
 * This is the same algorithm step for step (Bitap with fuse's error levels and thresholds, its field norm and its
 * score product) over typed arrays; test/catalog/bitap.test.ts holds it to fuse.js's own output.
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
    const bit = 1 << (len - i - 1)
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

const registers = new Int32Array(MAX_BITS)

/**
 * One chunk against one (lower-cased) text: whether it matches within the threshold, and its score, the fewest
 * errors at which Bitap finds it over the chunk's length (at least 0.001). fuse computes error level 0 over the
 * whole text, then level 1, and so on, and stops at the first level that matches; with `ignoreLocation` a score
 * does not depend on where the match is, so only that level counts. The same rows are computed here position by
 * position (each level's row at a position needs only its own and the level below's, there and one position
 * later), all levels at once in registers, and a level is dropped once one below it has matched somewhere. Rows
 * past the text's end match no character, as in fuse.
 */
function searchChunk(text: string, chunk: Chunk, threshold: number): {isMatch: boolean; score: number} {
  const {ascii, other, pattern} = chunk
  const patternLen = pattern.length
  const textLen = text.length
  const expected = Math.max(0, Math.min(chunk.startIndex, textLen))
  let currentThreshold = threshold
  // An exact occurrence from the expected location on caps the threshold at 0 (fuse does the same before Bitap).
  if (text.indexOf(pattern, expected) > -1) currentThreshold = Math.min(0, currentThreshold)
  // The levels fuse visits while nothing matches: the next one while its score is within the threshold.
  let top = 0
  while (top + 1 < patternLen && (top + 1) / patternLen <= currentThreshold) top++
  for (let i = 0; i <= top; i++) registers[i] = (1 << i) - 1
  const mask = 1 << (patternLen - 1)
  let best = -1
  for (let j = textLen + patternLen; j >= 1 && best !== 0; j--) {
    const c = j <= textLen ? text.charCodeAt(j - 1) : -1
    const charMatch = c < 0 ? 0 : c < 128 ? ascii[c] : (other.get(c) ?? 0)
    // Level i - 1's row one position later (before this position's update) and at this position.
    let lowerLater = 0
    let lower = 0
    for (let i = 0; i <= top; i++) {
      const later = registers[i]
      let bits = ((later << 1) | 1) & charMatch
      if (i > 0) bits |= ((lowerLater | lower) << 1) | 1 | lowerLater
      registers[i] = bits
      if (bits & mask) {
        best = i
        top = i - 1
        break
      }

      lowerLater = later
      lower = bits
    }
  }

  return best < 0 ? {isMatch: false, score: 1} : {isMatch: true, score: Math.max(0.001, best / patternLen)}
}

/** A lower-cased text against all chunks: fuse's searchIn (an identical text scores 0). */
function searchIn(text: string, pattern: string, chunks: Chunk[], threshold: number) {
  if (pattern === text) return {isMatch: true, score: 0}
  let total = 0
  let any = false
  for (const chunk of chunks) {
    const r = searchChunk(text, chunk, threshold)
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
  for (const [idx, doc] of docs.entries()) {
    let score = 1
    let matched = false
    for (const [k, key] of keys.entries()) {
      const value = doc[key.name]
      const texts = Array.isArray(value) ? value : [value]
      for (const text of texts) {
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
