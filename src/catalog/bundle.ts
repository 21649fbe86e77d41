/**
 * The built catalog. Parsing all of src/data on every run costs more than errcode's start-up budget allows,
 * so the build (scripts/build.mjs) splits each entry in two:
 * - dist/data/catalog.json: the short fields (code, aliases, http, title, match...) and the entry's
 *   normalised exact-lookup keys, parsed on every run;
 * - dist/data/catalog-bodies.json: the long text (meaning, causes, fixes, notes, docs, spec), one JSON object
 *   per entry at a byte range, read as bytes and parsed only for the entries a run shows (Catalog.entry()).
 */
import {readFileSync} from 'node:fs'

import {Catalog, type EntryHead, type EntryKey, entryKeys, type MatchKind} from './catalog.js'
import type {CatalogEntry, CatalogFile} from './types.js'

const BODY_FIELDS = new Set(['causes', 'docs', 'fixes', 'meaning', 'notes', 'spec'])

/** A head as stored: the short fields, the body's byte range, and the lookup keys. */
type StoredHead = EntryHead & {body: [number, number]; keys: string[]}

interface BuiltFile {
  entries: StoredHead[]
  name: string
  providers: CatalogFile['providers']
  source: CatalogFile['source']
}

// Keys are stored as one string each, the match kind's letter first ("caadsts50011"), to keep the head small.
const KIND_LETTER: Record<MatchKind, string> = {alias: 'a', code: 'c', fuzzy: 'f', id: 'i', namespace: 'n', status: 's'}
const LETTER_KIND = Object.fromEntries(Object.entries(KIND_LETTER).map(([k, v]) => [v, k])) as Record<string, MatchKind>

/** Build side: the contents of the two files. */
export function splitCatalog(files: {data: CatalogFile; name: string}[]): {bodies: string; heads: string} {
  const bodies: Buffer[] = []
  let offset = 0
  const built: BuiltFile[] = files.map(({data, name}) => ({
    entries: data.entries.map((entry) => {
      const body: Record<string, unknown> = {}
      const head: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(entry)) (BODY_FIELDS.has(k) ? body : head)[k] = v
      const bytes = Buffer.from(JSON.stringify(body))
      bodies.push(bytes)
      const range: [number, number] = [offset, offset + bytes.length]
      offset += bytes.length
      return {...head, body: range, keys: entryKeys(entry).map(([k, kind]) => KIND_LETTER[kind] + k)} as StoredHead
    }),
    name,
    providers: data.providers,
    source: data.source,
  }))
  return {bodies: Buffer.concat(bodies).toString('utf8'), heads: JSON.stringify({files: built})}
}

/** Run side: add the built catalog to `catalog`, long text on demand. */
export function addSplitCatalog(catalog: Catalog, headsPath: string, bodiesPath: string): void {
  const {files} = JSON.parse(readFileSync(headsPath, 'utf8')) as {files: BuiltFile[]}
  let bytes: Buffer | undefined
  for (const f of files) {
    const entries = f.entries.map(({body: range, keys, ...head}) => ({
      body(): Partial<CatalogEntry> {
        bytes ??= readFileSync(bodiesPath)
        return JSON.parse(bytes.toString('utf8', range[0], range[1]))
      },
      head,
      keys: keys.map((k): EntryKey => [k.slice(1), LETTER_KIND[k[0]]]),
    }))
    catalog.addLazy(f, f.name, entries)
  }
}
