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

/**
 * A key's postings out of its shard's text, without parsing the rest of the shard (a query's trigrams reach a
 * dozen shards and use one list of each). The shard is JSON.stringify of key -> list of integers, so the key's
 * own `"key":[` is the one right after `{` or `,` (anywhere else a quote would be escaped or end a key).
 */
export function postingsIn(text: string, key: string): number[] | undefined {
  const needle = `${JSON.stringify(key)}:[`
  let at = text.indexOf(needle)
  while (at > 0 && text[at - 1] !== '{' && text[at - 1] !== ',') at = text.indexOf(needle, at + 1)
  if (at <= 0) return undefined
  const start = at + needle.length - 1
  // The list alone through JSON.parse: no string per number (a common trigram's list has a thousand).
  return JSON.parse(text.slice(start, text.indexOf(']', start) + 1)) as number[]
}

function sharded(prefix: string, count: number): Postings {
  const shards = new Map<number, string>()
  return {
    get(key) {
      const n = shardOf(key, count)
      let shard = shards.get(n)
      if (shard === undefined) {
        shard = readFileSync(join(DIR, `${prefix}${String(n).padStart(2, '0')}.json`), 'utf8')
        shards.set(n, shard)
      }

      return postingsIn(shard, key)
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
