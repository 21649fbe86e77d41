/**
 * The built catalog. Parsing and indexing all of src/data on every run costs more than errcode's start-up budget
 * allows, so the build (scripts/build.mjs) writes:
 * - dist/data/catalog.json: each entry's short fields (code, aliases, http, title, match...), the exact-lookup
 *   index (normalised key -> entries) and the HTTP-status index, parsed on every run;
 * - dist/data/catalog-bodies.json: the long text (meaning, causes, fixes, notes, docs, spec), one JSON object
 *   per entry at a byte range, read as bytes and parsed only for the entries a run shows (Catalog.entry()).
 */
import {readFileSync} from 'node:fs'

import {type BuiltIndex, Catalog, type EntryHead, entryKeys, KIND_LETTER} from './catalog.js'
import type {CatalogEntry, CatalogFile} from './types.js'

const BODY_FIELDS = new Set(['causes', 'docs', 'fixes', 'meaning', 'notes', 'spec'])

interface Built extends BuiltIndex {
  /** Byte ranges of the bodies, flat: [start0, end0, start1, end1, ...]. */
  bodies: number[]
  files: {heads: EntryHead[]; name: string; providers: CatalogFile['providers']}[]
}

/** Build side: the contents of the two files. */
export function splitCatalog(files: {data: CatalogFile; name: string}[]): {bodies: string; heads: string} {
  const chunks: Buffer[] = []
  const built: Built = {bodies: [], files: [], keys: {}, status: {}}
  let offset = 0
  let index = 0
  for (const {data, name} of files) {
    const heads: EntryHead[] = []
    for (const entry of data.entries) {
      const body: Record<string, unknown> = {}
      const head: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(entry)) (BODY_FIELDS.has(k) ? body : head)[k] = v
      const bytes = Buffer.from(JSON.stringify(body))
      chunks.push(bytes)
      built.bodies.push(offset, offset + bytes.length)
      offset += bytes.length
      heads.push(head as unknown as EntryHead)
      for (const [k, kind] of entryKeys(entry)) (built.keys[k] ??= []).push(index, KIND_LETTER[kind])
      for (const status of entry.http) (built.status[status] ??= []).push(index)
      index++
    }

    built.files.push({heads, name, providers: data.providers})
  }

  return {bodies: Buffer.concat(chunks).toString('utf8'), heads: JSON.stringify(built)}
}

/** Run side: add the built catalog to an empty `catalog`, long text on demand. */
export function addSplitCatalog(catalog: Catalog, headsPath: string, bodiesPath: string): void {
  const built = JSON.parse(readFileSync(headsPath, 'utf8')) as Built
  let bytes: Buffer | undefined
  catalog.addBuilt(built, built.files, (i): Partial<CatalogEntry> => {
    bytes ??= readFileSync(bodiesPath)
    return JSON.parse(bytes.toString('utf8', built.bodies[2 * i], built.bodies[2 * i + 1]))
  })
}
