import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {shardCount, shardOf} from './shards.js'

/**
 * The build's prebuilt search indexes over the built-in entries, in shards so that a query parses only the
 * postings of its own trigrams and words: dist/data/search/meta.json (the entry count and each entry's token count
 * for BM25), search/gNN.json (trigram -> entries, fuzzy.ts) and search/wNN.json (word -> flat [entry, term
 * frequency, ...], words.ts), a key's shard being shardOf(key) over as many shards as the exact index has.
 * It only applies to a catalog of exactly the built-in entries; team files change the list, so fuzzy.ts and
 * words.ts build their own index then.
 */
const DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'data', 'search')

/** Key -> postings, read shard by shard. */
export interface Postings {
  get(key: string): number[] | undefined
}

let meta: undefined | {count: number; lengths: number[]; shards: number}
let read = false

function loadMeta() {
  if (!read) {
    read = true
    const file = join(DIR, 'meta.json')
    meta = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
  }

  return meta
}

function sharded(prefix: string, count: number): Postings {
  const shards = new Map<number, Record<string, number[]>>()
  return {
    get(key) {
      const n = shardOf(key, count)
      let shard = shards.get(n)
      if (!shard) {
        shard = JSON.parse(readFileSync(join(DIR, `${prefix}${String(n).padStart(2, '0')}.json`), 'utf8')) as Record<
          string,
          number[]
        >
        shards.set(n, shard)
      }

      // Plain objects from JSON.parse: a key like `constructor` must not find Object's own member.
      return Object.hasOwn(shard, key) ? shard[key] : undefined
    },
  }
}

let grams: Postings | undefined
let words: Postings | undefined

export const builtinSize = (): number => loadMeta()?.count ?? -1
export const readPrebuilt = (): Postings | undefined => {
  const m = loadMeta()
  return m ? (grams ??= sharded('g', m.shards)) : undefined
}

export const readWordIndex = (): undefined | {lengths: number[]; postings: Postings} => {
  const m = loadMeta()
  return m ? {lengths: m.lengths, postings: (words ??= sharded('w', m.shards))} : undefined
}

/** Build side: the files of search/, by name. */
export function searchShards(
  grams: Record<string, number[]>,
  words: {lengths: number[]; postings: Record<string, number[]>},
): Map<string, string> {
  const files = new Map<string, string>()
  const n = shardCount(words.lengths.length)
  files.set('meta.json', JSON.stringify({count: words.lengths.length, lengths: words.lengths, shards: n}))
  for (const [prefix, postings] of [
    ['g', grams],
    ['w', words.postings],
  ] as const) {
    const shards: Record<string, number[]>[] = Array.from({length: n}, () => ({}))
    for (const [key, list] of Object.entries(postings)) shards[shardOf(key, n)][key] = list
    for (const [n, shard] of shards.entries())
      files.set(`${prefix}${String(n).padStart(2, '0')}.json`, JSON.stringify(shard))
  }

  return files
}
