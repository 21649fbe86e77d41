/**
 * The exact-lookup index split into shards, so that `errcode lookup CODE` reads one small file whatever the size of
 * the catalog: the build writes dist/data/catalog-meta.json (the entry count and the provider records) and
 * dist/data/shards/NN.json (for the keys that hash to NN: their hits, the heads of the entries they hit and those
 * entries' body ranges). A run that needs every entry (decode, fuzzy search, list) still reads catalog.json whole.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {type BuiltIndex, Catalog, type EntryHead, KIND_LETTER, type MatchKind} from './catalog.js'
import {needleOf} from './needle.js'
import {asHttpStatus} from './normalise.js'
import type {CatalogFile, ProviderSummary} from './types.js'

/**
 * How many shards a catalog of `entries` gets: a power of two, at least 64, about 40 entries' keys each, so that a
 * shard (what an exact lookup parses) stays the same size as the catalog grows. The build records it in the meta.
 */
export const shardCount = (entries: number): number =>
  Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(1, entries) / 40)))

/** FNV-1a over the normalised key: the same shard on every machine. */
export function shardOf(key: string, shards: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return (h >>> 0) % shards
}

/** An entry as a shard holds it: its head and the byte range of its body. */
export type ShardEntry = [head: EntryHead, bodyStart: number, bodyEnd: number]

/**
 * A shard file: its keys and statuses as one JSON line, then one line per entry they reach, `index<TAB>[head,
 * body start, body end]`. A lookup parses the first line and the lines of the entries it hits, not the heads of
 * every entry the shard holds (a fuzzy lookup or a decode reads half a dozen shards).
 */
export interface Shard {
  entry(index: number): ShardEntry
  keys: BuiltIndex['keys']
  status: BuiltIndex['status']
}

export interface Meta {
  count: number
  /**
   * The providers as the catalog loaded whole lists them (records merged across files, with counts and sources),
   * without their evidence.
   */
  providers: ProviderSummary[]
  /** Pattern -> the literal text its every match contains (needle.ts), for the variants that have one. */
  needles: Record<string, string>
  /** How many shards the keys are spread over (shardCount). */
  shards: number
}

/** Build side: the meta file and the shards, from the same index and heads catalog.json holds. */
export function writeShards(
  built: BuiltIndex & {
    bodies: number[]
    files: {heads: EntryHead[]; name: string; providers: CatalogFile['providers']}[]
  },
): {meta: string; shards: string[]} {
  const heads = built.files.flatMap((f) => f.heads)
  const n = shardCount(heads.length)
  type Parts = Pick<Shard, 'keys' | 'status'> & {entries: Record<string, ShardEntry>}
  const shards: Parts[] = Array.from({length: n}, () => ({entries: {}, keys: {}, status: {}}))
  const take = (shard: Parts, index: number) => {
    shard.entries[index] = [heads[index], built.bodies[2 * index], built.bodies[2 * index + 1]]
  }

  for (const [key, flat] of Object.entries(built.keys)) {
    const shard = shards[shardOf(key, n)]
    shard.keys[key] = flat
    for (let i = 0; i < flat.length; i += 2) take(shard, flat[i] as number)
    // A status's entries travel with its key, so `lookup 429` reads one shard too.
    const status = asHttpStatus(key)
    if (status !== null && built.status[status]) {
      shard.status[status] = built.status[status]
      for (const index of built.status[status]) take(shard, index)
    }
  }

  const needles: Record<string, string> = Object.create(null) as Record<string, string>
  for (const h of heads) {
    const needle = h.match?.pattern === undefined ? null : needleOf(h.match.pattern)
    if (needle) needles[h.match!.pattern!] = needle
  }

  const meta: Meta = {
    count: heads.length,
    needles,
    // Without their evidence: decode reads it compiled from evidence.json (src/decode/evidence.ts), and an exact
    // lookup, which reads this file first, needs the providers' names alone.
    providers: Catalog.mergedProviders(built.files).map(({evidence: _, ...p}) => p),
    shards: n,
  }
  // Integer keys come out in ascending order.
  const text = (s: Parts) =>
    `${JSON.stringify({keys: s.keys, status: s.status})}\n${Object.entries(s.entries)
      .map(([index, entry]) => `${index}\t${JSON.stringify(entry)}\n`)
      .join('')}`
  return {meta: JSON.stringify(meta), shards: shards.map((s) => text(s))}
}

/** A shard's text as a Shard: the first line parsed now, an entry's line when it is asked for. */
export function parseShard(text: string): Shard {
  const first = text.indexOf('\n')
  const {keys, status} = JSON.parse(text.slice(0, first)) as Pick<Shard, 'keys' | 'status'>
  return {
    entry(index) {
      // JSON.stringify writes no raw newline or tab, so `\n<index>\t` starts that entry's line and no other.
      const at = text.indexOf(`\n${index}\t`, first - 1)
      if (at < 0) throw new Error(`index shard: no entry ${index} (rebuild with npm run build)`)
      const start = text.indexOf('\t', at) + 1
      return JSON.parse(text.slice(start, text.indexOf('\n', start))) as ShardEntry
    },
    keys,
    status,
  }
}

const cache = new Map<number, Shard>()

export function readShard(dir: string, n: number): Shard {
  let shard = cache.get(n)
  if (!shard) {
    shard = parseShard(readFileSync(join(dir, `${String(n).padStart(2, '0')}.json`), 'utf8'))
    cache.set(n, shard)
  }

  return shard
}

export function hitsIn(shard: Shard, key: string): {entry: number; kind: MatchKind}[] {
  const flat = Object.hasOwn(shard.keys, key) ? shard.keys[key] : undefined
  if (!flat) return []
  const letters = Object.entries(KIND_LETTER)
  const out: {entry: number; kind: MatchKind}[] = []
  for (let i = 0; i < flat.length; i += 2)
    out.push({entry: flat[i] as number, kind: (letters.find(([, v]) => v === flat[i + 1])?.[0] ?? 'code') as MatchKind})
  return out
}
