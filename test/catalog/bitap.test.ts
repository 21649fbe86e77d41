/**
 * The fuzzy ranking (src/catalog/bitap.ts) is fuse.js's, rewritten for speed: for every query here it must return
 * exactly what fuse.js returns with the options fuzzy.ts used (the same documents, order and scores to the bit).
 * Queries: every corpus query and code, and typos of catalog codes made by a seeded generator (a letter dropped,
 * doubled, swapped or replaced, case changed, words added, long enough for fuse's 32-character chunks).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import Fuse from 'fuse.js'
import {describe, expect, it} from 'vitest'

import {fuzzyRank, type FuzzyDoc} from '../../src/catalog/bitap.js'
import {Catalog} from '../../src/catalog/catalog.js'
import {loadBuiltin} from '../../src/catalog/load.js'
import {codeWords} from '../../src/catalog/normalise.js'
import {ROOT} from '../helpers/cli.js'

const KEYS = [
  {name: 'code', weight: 3},
  {name: 'words', weight: 3},
  {name: 'aliases', weight: 2},
  {name: 'title', weight: 1.5},
  {name: 'meaning', weight: 0.5},
]

const catalog = new Catalog()
loadBuiltin(catalog)
const docs: FuzzyDoc[] = catalog.entries.map((e) => ({
  aliases: e.aliases,
  code: e.code,
  meaning: e.meaning,
  title: e.title,
  words: codeWords(e.code),
}))

/** A small deterministic generator (mulberry32), so a failure names a query that fails again. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rnd = random(8)
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]
const LETTERS = 'abcdefghijklmnopqrstuvwxyz_ -.0123456789é'
function typo(code: string): string {
  const i = Math.floor(rnd() * Math.max(1, code.length))
  switch (Math.floor(rnd() * 7)) {
    case 0: {
      return code.slice(0, i) + code.slice(i + 1)
    }

    case 1: {
      return code.slice(0, i) + code[i] + code.slice(i)
    }

    case 2: {
      return code.slice(0, i) + (code[i + 1] ?? '') + code[i] + code.slice(i + 2)
    }

    case 3: {
      return code.slice(0, i) + pick([...LETTERS]) + code.slice(i + 1)
    }

    case 4: {
      return code.toUpperCase()
    }

    case 5: {
      return `${code} ${pick(docs).title}`.slice(0, 64)
    }

    default: {
      return `${pick(docs).code}${code}`.slice(0, 64)
    }
  }
}

const corpus = join(ROOT, 'test', 'fixtures', 'corpus')
const corpusQueries = readdirSync(corpus)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(join(corpus, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as {query?: unknown}).query),
  )
  .filter((q): q is string => typeof q === 'string')
  .map((q) => q.slice(0, 64))

const queries = [
  ...new Set([
    ...corpusQueries,
    ...Array.from({length: 300}, () => typo(pick(docs).code as string)),
    'invalid_grnt',
    'x',
    '   ',
    'a'.repeat(40),
    'redirect uri mismatch between the authorize request and the token',
  ]),
]

describe('the fuzzy ranking', () => {
  it('ranks as fuse.js does, for corpus queries and typos of catalog codes', () => {
    expect(queries.length).toBeGreaterThan(250)
    let compared = 0
    for (const [n, query] of queries.entries()) {
      // A different slice of the catalog for each query: 24 documents, as fuzzy.ts hands over.
      const start = (n * 24) % (docs.length - 24)
      const set = docs.slice(start, start + 24)
      // The code's own entries too, so exact and near-exact hits are among them.
      set.push(...docs.filter((d) => d.code === query).slice(0, 3))
      for (const threshold of [0.4, 0.5]) {
        const fuse = new Fuse(set, {ignoreLocation: true, includeScore: true, keys: KEYS, threshold})
        const expected = fuse.search(query).map((r) => ({refIndex: r.refIndex, score: r.score}))
        expect(fuzzyRank(set, KEYS, query, threshold), `${JSON.stringify(query)} at ${threshold}`).toEqual(expected)
        compared += expected.length
      }
    }

    // Most queries find something: the comparison is not between two empty lists.
    expect(compared).toBeGreaterThan(queries.length)
    // fuse.js itself takes most of the time: generous, for a loaded machine.
  }, 120_000)
})
