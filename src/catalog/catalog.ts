import {join} from 'node:path'

import {asHttpStatus, knowNeedles, normaliseKey, withoutNamespace} from './normalise.js'
import type {Records} from './records.js'
import {hitsIn, type Meta, readShard, shardOf} from './shards.js'
import type {CatalogEntry, CatalogFile, ProviderRecord, ProviderSummary} from './types.js'

export type MatchKind = 'alias' | 'code' | 'fuzzy' | 'id' | 'namespace' | 'status'

/** The short fields of an entry: enough to index, rank and list it without its long text. */
export type EntryHead = Omit<CatalogEntry, 'causes' | 'docs' | 'fixes' | 'meaning' | 'notes' | 'spec'>

/** The order fields appear in (JSON output, `list --json`). */
export const FIELD_ORDER = [
  'id',
  'provider',
  'code',
  'aliases',
  'http',
  'title',
  'meaning',
  'causes',
  'fixes',
  'whoActs',
  'retryable',
  'docs',
  'spec',
  'match',
  'where',
  'oauthError',
  'kind',
  'official',
  'notes',
] as const

/** An entry as the catalog holds it: the head always, the full entry once something needs its text. */
interface Slot {
  body?: () => Partial<CatalogEntry>
  full?: CatalogEntry
  head: EntryHead
}

/** Providers shown first when several share a code: the standards, then HTTP. */
const PROVIDER_RANK: Record<string, number> = {oauth: 0, http: 1}
export const providerRank = (slug: string): number => PROVIDER_RANK[slug] ?? 2

/**
 * The loaded catalog: providers with counts, an exact-key index built once, and entries whose long text is
 * only parsed when a run shows them (see bundle.ts). Fuzzy search lives in fuzzy.ts.
 */
export class Catalog {
  readonly providers = new Map<string, ProviderSummary>()
  private all?: CatalogEntry[]
  private built?: BuiltIndex
  private readonly byId = new Map<string, number>()
  private readonly byStatus = new Map<number, number[]>()
  private readonly exact = new Map<string, {entry: number; kind: MatchKind}[]>()
  /**
   * Set while the built catalog is read piecemeal: exact keys from the index shards (shards.ts), any entry by its
   * byte ranges and every entry's code and provider from the columns (records.ts), and how the whole built catalog
   * is loaded once a run needs every entry (list, a team file's id check).
   */
  private lazy?: {
    count: number
    dir: string
    materialize: (catalog: Catalog) => void
    records: Records
    shards: number
  }

  private slots: Slot[] = []
  private readonly teamFiles = new Map<number, string>()

  /** Every entry, in load order (parses all long text: for list, decode's scans and the like). */
  get entries(): CatalogEntry[] {
    this.loadAll()
    if (!this.all || this.all.length !== this.slots.length) this.all = this.slots.map((_, i) => this.entry(i))
    return this.all
  }

  /**
   * A file the build derived from the built-in catalog (dist/data/NAME), while this is that catalog read
   * piecemeal and unchanged; undefined otherwise (team files, or loaded whole), when a run derives it itself.
   */
  builtFile(name: string): string | undefined {
    return this.lazy ? join(this.lazy.records.dir, name) : undefined
  }

  /**
   * The provider records whole, evidence included (`providers --json`): a catalog read piecemeal lists them without
   * it (its meta leaves evidence to decode's compiled copy), so it is loaded whole first.
   */
  fullProviders(): ProviderSummary[] {
    this.loadAll()
    return [...this.providers.values()]
  }

  /** False while the built catalog is read shard by shard (an exact lookup never loads it whole). */
  get whole(): boolean {
    return this.lazy === undefined
  }

  get size(): number {
    return this.lazy ? this.lazy.count : this.slots.length
  }

  /**
   * The built catalog read shard by shard (shards.ts): providers and the entry count now, an entry's head when an
   * exact lookup hits it, everything else only when a run asks for an entry no shard brought.
   */
  static fromShards(meta: Meta, dir: string, records: Records, materialize: (catalog: Catalog) => void): Catalog {
    const catalog = new Catalog()
    // Merged by the build as addProviders merges them when the catalog loads whole (shards.ts).
    for (const p of meta.providers) catalog.providers.set(p.slug, p)
    knowNeedles(meta.needles)
    catalog.lazy = {count: meta.count, dir, materialize, records, shards: meta.shards}
    // Slots are filled in any order as entries are read: allocated up front, the array never turns sparse.
    catalog.slots = new Array<Slot>(meta.count)
    return catalog
  }

  /** The providers of built files as a catalog loaded whole lists them (records merged, counts, sources): meta. */
  static mergedProviders(
    files: {heads: EntryHead[]; name: string; providers: CatalogFile['providers']}[],
  ): ProviderSummary[] {
    const catalog = new Catalog()
    for (const f of files) catalog.addProviders(f, f.name)
    for (const f of files) {
      for (const h of f.heads) {
        const p = catalog.providers.get(h.provider)
        if (p) p.count++
      }
    }

    return [...catalog.providers.values()]
  }

  /** An entry's code, without parsing its head when the catalog is read piecemeal. */
  codeOf(index: number): string {
    const code = this.lazy && this.lazy.records.columns().codes[index]
    return typeof code === 'string' ? code : this.head(index).code
  }

  /** An entry's provider slug, likewise. */
  providerOf(index: number): string {
    const c = this.lazy && this.lazy.records.columns()
    const slug = c ? c.slugs[c.providers[index]] : undefined
    return typeof slug === 'string' ? slug : this.head(index).provider
  }

  /**
   * decode's known codes: every entry's code lower-cased but HTTP's and numeric ones, and the standards' among
   * them. The build lists them with the columns (records.ts), so a decode does not visit every entry for them.
   */
  codeSets(): {known: Set<string>; standard: Set<string>} {
    const built = this.lazy?.records.columns()
    const lists = built?.known
      ? built
      : codeSets(
          this.size,
          (i) => this.codeOf(i),
          (i) => this.providerOf(i),
        )
    return {known: new Set(lists.known), standard: new Set(lists.standard)}
  }

  /**
   * The entries with a description variant, in index order: each with its code and variant, without reading its
   * head when the catalog is read piecemeal (the matcher tries every variant; it reads the heads of those that fit).
   */
  variants(): {code: string; index: number; match: NonNullable<EntryHead['match']>}[] {
    const out: {code: string; index: number; match: NonNullable<EntryHead['match']>}[] = []
    if (this.lazy) {
      // Index loops here and in the scans below: in V8's interpreter each step of for...of allocates.
      const {codes, variants} = this.lazy.records.columns()
      for (let k = 0; k < variants.length; k++) {
        const index = variants[k][0]
        out.push({code: codes[index], index, match: variants[k][1]})
      }

      return out
    }

    for (let i = 0; i < this.slots.length; i++) {
      const {code, match} = this.slots[i].head
      if (match) out.push({code, index: i, match})
    }

    return out
  }

  private inRange(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.size
  }

  /** Fill slot `index` of a piecemeal catalog from its head (read from the records unless given). */
  private takeHead(index: number, head?: EntryHead): void {
    const lazy = this.lazy!
    if (this.slots[index]) return
    const h = head ?? lazy.records.head(index)
    this.slots[index] = {body: () => lazy.records.body(index), head: h}
    this.byId.set(h.id, index)
  }

  /** Load the whole built catalog into a lazily read one (once). */
  private loadAll(): void {
    if (!this.lazy) return
    const {materialize} = this.lazy
    this.lazy = undefined
    this.slots.length = 0
    this.byId.clear()
    this.providers.clear()
    materialize(this)
  }

  private fromShard(key: string): {entry: number; kind: MatchKind}[] {
    const lazy = this.lazy!
    const shard = readShard(lazy.dir, shardOf(key, lazy.shards))
    const take = (index: number) => {
      if (this.slots[index]) return
      const [head, start, end] = shard.entry(index)
      this.slots[index] = {body: () => lazy.records.bodyAt(start, end), head}
      this.byId.set(head.id, index)
    }

    const hits = hitsIn(shard, key)
    for (const h of hits) take(h.entry)
    const status = asHttpStatus(key.replaceAll('_', ' '))
    for (const i of status !== null && Object.hasOwn(shard.status, status) ? shard.status[status] : []) {
      take(i)
      hits.push({entry: i, kind: 'status'})
    }

    return hits
  }

  /** Add a file's entries as they are (src/data in development, teams' files with `team`). */
  add(file: CatalogFile, sourceName: string, team = false): void {
    this.loadAll()
    this.addProviders(file, sourceName)
    for (const entry of file.entries) {
      if (team) this.teamFiles.set(this.slots.length, sourceName)
      this.addSlot({full: entry, head: entry}, entryKeys(entry))
    }
  }

  /** The team file an entry came from; undefined for the built-in catalog's. */
  teamSource(index: number): string | undefined {
    return this.teamFiles.get(index)
  }

  /**
   * Add the built bundle (bundle.ts): heads whose long text is loaded on demand, and the exact-lookup keys and
   * statuses already indexed by the build, so nothing is normalised or re-indexed at start-up. Must come first.
   */
  addBuilt(
    built: BuiltIndex,
    files: {heads: EntryHead[]; name: string; providers: CatalogFile['providers']}[],
    body: (index: number) => Partial<CatalogEntry>,
  ): void {
    if (this.slots.length > 0) throw new Error('the built catalog must be added first')
    this.built = built
    for (const f of files) {
      this.addProviders(f, f.name)
      for (const head of f.heads) {
        const index = this.slots.length
        this.slots.push({body: () => body(index), head})
        this.byId.set(head.id, index)
        this.providers.get(head.provider)!.count++
      }
    }
  }

  entry(index: number): CatalogEntry {
    if (this.lazy && !this.slots[index]) this.readSlot(index)
    const slot = this.slots[index]
    if (!slot.full) {
      const merged: Record<string, unknown> = {...slot.head, ...slot.body!()}
      const ordered: Record<string, unknown> = {}
      for (let k = 0; k < FIELD_ORDER.length; k++) {
        const f = FIELD_ORDER[k]
        if (merged[f] !== undefined) ordered[f] = merged[f]
      }

      slot.full = ordered as unknown as CatalogEntry
    }

    return slot.full
  }

  /** Exact hits for a query, each with how it matched; then the entries that travel with an HTTP status. */
  exactHits(query: string): {entry: CatalogEntry; index: number; kind: MatchKind}[] {
    return this.exactIndexes(query).map((h) => ({entry: this.entry(h.index), index: h.index, kind: h.kind}))
  }

  /** exactHits without parsing the entries' text (their heads are at hand): for matchers that filter first. */
  exactIndexes(query: string): {index: number; kind: MatchKind}[] {
    const key = normaliseKey(query)
    const hits = this.lazy ? this.fromShard(key) : [...this.builtHits(key), ...(this.exact.get(key) ?? [])]
    const seen = new Set<number>()
    const out: {index: number; kind: MatchKind}[] = []
    for (const h of hits) {
      if (seen.has(h.entry)) continue
      seen.add(h.entry)
      out.push({index: h.entry, kind: h.kind})
    }

    const status = this.lazy ? null : asHttpStatus(query)
    if (status !== null) {
      for (const i of [...(this.built?.status[status] ?? []), ...(this.byStatus.get(status) ?? [])]) {
        if (!seen.has(i)) out.push({index: i, kind: 'status'})
        seen.add(i)
      }
    }

    return out
  }

  get(id: string): CatalogEntry | undefined {
    const i = this.byId.get(id)
    return i === undefined ? undefined : this.entry(i)
  }

  indexOf(id: string): number {
    if (this.lazy && !this.byId.has(id)) this.loadAll()
    return this.byId.get(id) ?? -1
  }

  has(id: string): boolean {
    if (this.lazy && !this.byId.has(id)) this.loadAll()
    return this.byId.has(id)
  }

  /** The short fields of entry `index`, without parsing its text. */
  head(index: number): EntryHead {
    if (this.lazy && !this.slots[index]) this.readSlot(index)
    return this.slots[index].head
  }

  /** One entry of a piecemeal catalog; an index out of range loads the whole catalog (which then answers as before). */
  private readSlot(index: number): void {
    if (this.inRange(index)) this.takeHead(index)
    else this.loadAll()
  }

  private builtHits(key: string): {entry: number; kind: MatchKind}[] {
    // The built index is a plain object from JSON.parse: `constructor` must not find Object's own member.
    const flat = this.built && Object.hasOwn(this.built.keys, key) ? this.built.keys[key] : undefined
    if (!flat) return []
    const out: {entry: number; kind: MatchKind}[] = []
    for (let i = 0; i < flat.length; i += 2)
      out.push({entry: flat[i] as number, kind: LETTER_KIND[flat[i + 1] as string]})
    return out
  }

  private addProviders(file: Pick<CatalogFile, 'providers'>, sourceName: string): void {
    for (const p of file.providers) {
      const known = this.providers.get(p.slug)
      if (known) {
        if (!known.sources.includes(sourceName)) known.sources.push(sourceName)
        mergeRecord(known, p)
      } else this.providers.set(p.slug, {...p, count: 0, sources: [sourceName]})
    }
  }

  private addSlot(slot: Slot, keys: EntryKey[]): void {
    const index = this.slots.length
    this.slots.push(slot)
    const {head} = slot
    this.byId.set(head.id, index)
    const provider = this.providers.get(head.provider)
    if (provider) provider.count++
    for (const [k, kind] of keys) {
      const list = this.exact.get(k)
      if (list) list.push({entry: index, kind})
      else this.exact.set(k, [{entry: index, kind}])
    }

    for (const status of head.http) {
      const list = this.byStatus.get(status)
      if (list) list.push(index)
      else this.byStatus.set(status, [index])
    }
  }
}

/** Catalog.codeSets over any entries: the lists, in the order first seen. */
export function codeSets(
  size: number,
  codeOf: (i: number) => string,
  providerOf: (i: number) => string,
): {known: string[]; standard: string[]} {
  const known = new Set<string>()
  const standard = new Set<string>()
  for (let i = 0; i < size; i++) {
    const code = codeOf(i)
    const provider = providerOf(i)
    if (provider === 'http' || /^\d+$/.test(code)) continue
    known.add(code.toLowerCase())
    if (provider === 'oauth') standard.add(code.toLowerCase())
  }

  return {known: [...known], standard: [...standard]}
}

/** A second declaration of a slug adds its aliases and evidence to the first (whose name and docs stay). */
function mergeRecord(known: ProviderSummary, p: ProviderRecord): void {
  if (p.aliases) known.aliases = [...new Set([...(known.aliases ?? []), ...p.aliases])]
  known.parent ??= p.parent
  known.codePage ??= p.codePage
  if (!p.evidence) return
  const evidence: Record<string, unknown[]> = {...(known.evidence as Record<string, unknown[]> | undefined)}
  for (const [kind, list] of Object.entries(p.evidence)) {
    if (Array.isArray(list)) evidence[kind] = [...(evidence[kind] ?? []), ...list]
  }

  known.evidence = evidence as ProviderRecord['evidence']
}

export type EntryKey = [key: string, kind: MatchKind]

/**
 * The exact-lookup index as the build writes it: normalised key -> flat [entry, kind letter, entry, kind letter...],
 * and HTTP status -> entries. Plain objects straight from JSON.parse: no Map to fill at start-up.
 */
export interface BuiltIndex {
  keys: Record<string, (number | string)[]>
  status: Record<string, number[]>
}

export const KIND_LETTER: Record<MatchKind, string> = {
  alias: 'a',
  code: 'c',
  fuzzy: 'f',
  id: 'i',
  namespace: 'n',
  status: 's',
}
const LETTER_KIND = Object.fromEntries(Object.entries(KIND_LETTER).map(([k, v]) => [v, k])) as Record<string, MatchKind>

/** The exact-lookup keys of an entry: its code, id, aliases and its code without a namespace, normalised. */
export function entryKeys(entry: Pick<CatalogEntry, 'aliases' | 'code' | 'id'>): EntryKey[] {
  const keys: EntryKey[] = []
  const add = (text: string, kind: MatchKind) => {
    const k = normaliseKey(text)
    if (k) keys.push([k, kind])
  }

  add(entry.code, 'code')
  add(entry.id, 'id')
  for (const alias of entry.aliases) add(alias, 'alias')
  const bare = withoutNamespace(entry.code)
  if (bare) add(bare, 'namespace')
  return keys
}
