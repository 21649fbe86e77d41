/**
 * Random access to the built catalog's entries, so that decode and fuzzy lookups read only what they touch instead
 * of parsing catalog.json (about 1 MB of heads and indexes) on every run. The build writes:
 * - dist/data/catalog-heads.json: each entry's head (its short fields) as one JSON object, back to back;
 * - dist/data/catalog-offsets.bin: four little-endian uint32 per entry: the byte range of its head in
 *   catalog-heads.json and of its body in catalog-bodies.json (bundle.ts);
 * - dist/data/catalog-columns.json: what a run needs of every entry, without its head: code and provider (decode's
 *   known-code sets, fuzzy search's ranking), the entries with a description variant and their variants (the
 *   matcher tries every variant against a description; the heads of those that fit are read alone).
 * A head or body is read with one positioned read of its bytes and parsed alone.
 */
import {openSync, readFileSync, readSync} from 'node:fs'
import {endianness} from 'node:os'
import {join} from 'node:path'

import {codeSets, type EntryHead} from './catalog.js'
import type {CatalogEntry} from './types.js'

export interface Columns {
  codes: string[]
  /** Per entry, its provider as an index into `slugs`. */
  providers: number[]
  slugs: string[]
  /** [entry index, match] of every entry with a description variant, in index order (its code is in codes). */
  variants: [number, NonNullable<EntryHead['match']>][]
  /** decode's known and standard codes (Catalog.codeSets), lower-cased. */
  known: string[]
  standard: string[]
}

/** Build side: the three files, from the heads in index order and the bodies' byte ranges (flat start/end pairs). */
export function buildRecords(heads: EntryHead[], bodies: number[]): {columns: string; heads: string; offsets: Buffer} {
  const chunks: Buffer[] = []
  const offsets = Buffer.alloc(heads.length * 16)
  let at = 0
  const slugs: string[] = []
  const slugIndex = new Map<string, number>()
  const providers: number[] = []
  for (const [i, head] of heads.entries()) {
    const bytes = Buffer.from(JSON.stringify(head))
    chunks.push(bytes)
    offsets.writeUInt32LE(at, i * 16)
    offsets.writeUInt32LE(at + bytes.length, i * 16 + 4)
    offsets.writeUInt32LE(bodies[2 * i], i * 16 + 8)
    offsets.writeUInt32LE(bodies[2 * i + 1], i * 16 + 12)
    at += bytes.length
    let p = slugIndex.get(head.provider)
    if (p === undefined) {
      p = slugs.push(head.provider) - 1
      slugIndex.set(head.provider, p)
    }

    providers.push(p)
  }

  const codes = heads.map((h) => h.code)
  const columns: Columns = {
    codes,
    providers,
    slugs,
    variants: heads.flatMap((h, i): Columns['variants'] => (h.match ? [[i, h.match]] : [])),
    ...codeSets(
      heads.length,
      (i) => codes[i],
      (i) => slugs[providers[i]],
    ),
  }
  return {columns: JSON.stringify(columns), heads: Buffer.concat(chunks).toString('utf8'), offsets}
}

/** Run side: the built catalog's entries one by one. Files are opened on first use and read by byte range. */
export class Records {
  private cols?: Columns
  private fds = new Map<string, number>()
  private offsets?: Uint32Array

  constructor(readonly dir: string) {}

  get count(): number {
    return this.table().length / 4
  }

  columns(): Columns {
    this.cols ??= JSON.parse(readFileSync(join(this.dir, 'catalog-columns.json'), 'utf8')) as Columns
    return this.cols
  }

  head(index: number): EntryHead {
    const t = this.table()
    return JSON.parse(this.range('catalog-heads.json', t[4 * index], t[4 * index + 1])) as EntryHead
  }

  body(index: number): Partial<CatalogEntry> {
    const t = this.table()
    return this.bodyAt(t[4 * index + 2], t[4 * index + 3])
  }

  /** A body by its byte range (the shards carry the ranges of the entries they hold). */
  bodyAt(start: number, end: number): Partial<CatalogEntry> {
    return JSON.parse(this.range('catalog-bodies.json', start, end)) as Partial<CatalogEntry>
  }

  private table(): Uint32Array {
    if (!this.offsets) {
      const b = readFileSync(join(this.dir, 'catalog-offsets.bin'))
      // The build writes little-endian, the byte order of every platform Node ships for; a copy of the bytes is
      // aligned for the typed array (a Buffer may sit at any offset of its pool).
      const t = new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))
      if (endianness() !== 'LE') for (let i = 0; i < t.length; i++) t[i] = b.readUInt32LE(4 * i)
      this.offsets = t
    }

    return this.offsets
  }

  private range(file: string, start: number, end: number): string {
    let fd = this.fds.get(file)
    if (fd === undefined) {
      fd = openSync(join(this.dir, file), 'r')
      this.fds.set(file, fd)
    }

    // One buffer for every read: a lookup of a common code reads a hundred entries, and the text is decoded at once.
    const length = end - start
    if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length))
    for (let got = 0; got < length;) {
      const n = readSync(fd, scratch, got, length - got, start + got)
      if (n === 0) throw new Error(`${file}: shorter than the catalog's offsets (rebuild with npm run build)`)
      got += n
    }

    return scratch.toString('utf8', 0, length)
  }
}

let scratch = Buffer.allocUnsafe(16 * 1024)
