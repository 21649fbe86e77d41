import {asHttpStatus, codeWords, normaliseKey, withoutNamespace} from './normalise.js'
import type {CatalogEntry, CatalogFile, ProviderSummary} from './types.js'

export type MatchKind = 'alias' | 'code' | 'fuzzy' | 'id' | 'namespace' | 'status'

/** The documents fuse.js indexes; built the same way at build time (prebuilt index) and at run time. */
export interface SearchDoc {
  aliases: string[]
  code: string
  meaning: string
  title: string
  words: string
}

export const FUSE_KEYS = [
  {name: 'code', weight: 3},
  {name: 'words', weight: 3},
  {name: 'aliases', weight: 2},
  {name: 'title', weight: 1.5},
  {name: 'meaning', weight: 0.5},
]

export function searchDoc(entry: CatalogEntry): SearchDoc {
  return {aliases: entry.aliases, code: entry.code, meaning: entry.meaning, title: entry.title, words: codeWords(entry.code)}
}

/** Providers shown first when several share a code: the standards, then HTTP. */
const PROVIDER_RANK: Record<string, number> = {oauth: 0, http: 1}
export const providerRank = (slug: string): number => PROVIDER_RANK[slug] ?? 2

/**
 * The loaded catalog: entries in load order, providers with counts, and an exact-key index built once.
 * Fuzzy search lives in search.ts and is only built when an exact lookup finds nothing.
 */
export class Catalog {
  readonly entries: CatalogEntry[] = []
  readonly providers = new Map<string, ProviderSummary>()
  private readonly byId = new Map<string, CatalogEntry>()
  private readonly exact = new Map<string, {entry: number; kind: MatchKind}[]>()
  private readonly byStatus = new Map<number, number[]>()

  add(file: CatalogFile, sourceName: string): void {
    for (const p of file.providers) {
      const known = this.providers.get(p.slug)
      if (known) {
        if (!known.sources.includes(sourceName)) known.sources.push(sourceName)
      } else this.providers.set(p.slug, {...p, count: 0, sources: [sourceName]})
    }

    for (const entry of file.entries) this.addEntry(entry)
  }

  has(id: string): boolean {
    return this.byId.has(id)
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id)
  }

  /** Exact hits for a query, each with how it matched. */
  exactHits(query: string): {entry: CatalogEntry; kind: MatchKind}[] {
    const hits = this.exact.get(normaliseKey(query)) ?? []
    const seen = new Set<number>()
    const out: {entry: CatalogEntry; kind: MatchKind}[] = []
    for (const h of hits) {
      if (seen.has(h.entry)) continue
      seen.add(h.entry)
      out.push({entry: this.entries[h.entry], kind: h.kind})
    }

    const status = asHttpStatus(query)
    if (status !== null) {
      for (const i of this.byStatus.get(status) ?? []) {
        if (!seen.has(i)) out.push({entry: this.entries[i], kind: 'status'})
        seen.add(i)
      }
    }

    return out
  }

  private addEntry(entry: CatalogEntry): void {
    const index = this.entries.length
    this.entries.push(entry)
    this.byId.set(entry.id, entry)
    const provider = this.providers.get(entry.provider)
    if (provider) provider.count++
    const key = (text: string, kind: MatchKind) => {
      const k = normaliseKey(text)
      if (!k) return
      const list = this.exact.get(k)
      if (list) list.push({entry: index, kind})
      else this.exact.set(k, [{entry: index, kind}])
    }

    key(entry.code, 'code')
    key(entry.id, 'id')
    for (const alias of entry.aliases) key(alias, 'alias')
    const bare = withoutNamespace(entry.code)
    if (bare) key(bare, 'namespace')
    for (const status of entry.http) {
      const list = this.byStatus.get(status)
      if (list) list.push(index)
      else this.byStatus.set(status, [index])
    }
  }
}
