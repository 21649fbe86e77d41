import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type FuseType from 'fuse.js'

import {NotFoundError, UsageError} from '../errors.js'
import {Catalog, FUSE_KEYS, type MatchKind, providerRank, type SearchDoc, searchDoc} from './catalog.js'
import {asHttpStatus, descriptionMatches} from './normalise.js'
import type {CatalogEntry} from './types.js'

/** One entry as `lookup --json` (and decode's `matches`) report it. The field list is a contract (README). */
export interface LookupMatch {
  causes: string[]
  code: string
  docs: string
  fixes: string[]
  http: number[]
  id: string
  kind: null | string
  matchedBy: MatchKind | 'description'
  meaning: string
  notes: null | string
  oauthError: null | string
  provider: string
  providerName: string
  retryable: boolean
  score: number
  spec: null | string
  title: string
  variant: null | string
  where: string[]
  whoActs: string
}

export interface LookupOptions {
  description?: string
  limit?: number
  provider?: string
}

export interface LookupResult {
  matches: LookupMatch[]
  query: string
}

/** Fuzzy search only looks at this much of a query: fuse's bitap cost grows with pattern length. */
export const MAX_FUZZY_QUERY = 64
const SCORE: Record<MatchKind, number> = {alias: 0.95, code: 1, fuzzy: 0, id: 1, namespace: 0.9, status: 0.6}

export function toMatch(catalog: Catalog, entry: CatalogEntry, matchedBy: LookupMatch['matchedBy'], score: number): LookupMatch {
  return {
    causes: entry.causes,
    code: entry.code,
    docs: entry.docs,
    fixes: entry.fixes,
    http: entry.http,
    id: entry.id,
    kind: entry.kind ?? null,
    matchedBy,
    meaning: entry.meaning,
    notes: entry.notes ?? null,
    oauthError: entry.oauthError ?? null,
    provider: entry.provider,
    providerName: catalog.providers.get(entry.provider)?.name ?? entry.provider,
    retryable: entry.retryable,
    score: Math.round(score * 1000) / 1000,
    spec: entry.spec,
    title: entry.title,
    variant: entry.match?.text ?? entry.match?.pattern ?? null,
    where: entry.where ?? [],
    whoActs: entry.whoActs,
  }
}

export function checkProvider(catalog: Catalog, provider: string | undefined): string | undefined {
  if (provider === undefined) return undefined
  const slug = provider.trim().toLowerCase()
  if (catalog.providers.has(slug)) return slug
  const known = [...catalog.providers.keys()].sort().join(', ')
  throw new UsageError(`unknown provider "${provider}"; known providers: ${known}`, ['errcode providers'])
}

/**
 * Exact first (code, id, alias, code without namespace, then entries that travel with an HTTP status), then
 * fuzzy. Within exact hits: a description variant that matches --description, then the standards, then HTTP,
 * then other providers, a provider's general entry before its variants.
 */
export async function lookup(catalog: Catalog, rawQuery: string, options: LookupOptions = {}): Promise<LookupResult> {
  const query = rawQuery.trim()
  if (!query) throw new UsageError('the query is empty', ['errcode lookup invalid_grant'])
  const provider = checkProvider(catalog, options.provider)
  const limit = options.limit ?? 20
  const status = asHttpStatus(query)
  const order = new Map(catalog.entries.map((e, i) => [e, i]))
  const rank = (e: CatalogEntry) => (status !== null && e.provider === 'http' ? -1 : providerRank(e.provider))

  let hits = catalog.exactHits(query).filter((h) => !provider || h.entry.provider === provider)
  let scored: {entry: CatalogEntry; kind: LookupMatch['matchedBy']; score: number}[]
  if (hits.length > 0) {
    scored = hits.map(({entry, kind}) => {
      if (options.description && entry.match && descriptionMatches(entry.match, options.description)) {
        return {entry, kind: 'description' as const, score: 1}
      }

      const base = SCORE[kind]
      return {entry, kind, score: options.description && entry.match ? base * 0.9 : base}
    })
    scored.sort(
      (a, b) =>
        Number(b.kind === 'description') - Number(a.kind === 'description') ||
        b.score - a.score ||
        rank(a.entry) - rank(b.entry) ||
        a.entry.provider.localeCompare(b.entry.provider) ||
        Number(Boolean(a.entry.match)) - Number(Boolean(b.entry.match)) ||
        order.get(a.entry)! - order.get(b.entry)!,
    )
  } else {
    scored = (await fuzzy(catalog, query, provider)).map(({entry, score}) => ({entry, kind: 'fuzzy' as const, score}))
    hits = []
  }

  if (scored.length === 0) {
    const near = (await fuzzy(catalog, query, provider, 0.6)).slice(0, 3)
    const suggestions = near.map(({entry}) => `errcode lookup ${quoteArg(entry.code)}${provider ? ` --provider ${provider}` : ''}`)
    const where = provider ? ` for provider ${provider}` : ''
    throw new NotFoundError(
      `no catalog entry matches "${shorten(query)}"${where}`,
      suggestions.length > 0 ? [...new Set(suggestions)] : ['errcode list', 'errcode providers'],
    )
  }

  return {matches: scored.slice(0, limit).map((s) => toMatch(catalog, s.entry, s.kind, s.score)), query}
}

const shorten = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s)
const quoteArg = (s: string) => (/^[\w.:-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)

const fuseCache = new WeakMap<Catalog, FuseType<SearchDoc>>()
const PREBUILT_INDEX = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'data', 'fuse-index.json')

/** fuse.js over code, code words, aliases, title and meaning; the index is prebuilt for the built-in catalog. */
async function fuseFor(catalog: Catalog): Promise<FuseType<SearchDoc>> {
  const cached = fuseCache.get(catalog)
  if (cached) return cached
  const {default: Fuse} = await import('fuse.js')
  const docs = catalog.entries.map((e) => searchDoc(e))
  // fuse keeps candidates up to 0.6 (for "did you mean"); lookup itself only takes those within 0.4.
  const options = {ignoreLocation: true, includeScore: true, keys: FUSE_KEYS, threshold: 0.6}
  let index
  if (existsSync(PREBUILT_INDEX)) {
    const prebuilt = JSON.parse(readFileSync(PREBUILT_INDEX, 'utf8')) as {count: number; index: never}
    // The prebuilt index covers exactly the built-in entries; team files change the list, so rebuild then.
    if (prebuilt.count === docs.length) index = Fuse.parseIndex<SearchDoc>(prebuilt.index)
  }

  const fuse = new Fuse(docs, options, index)
  fuseCache.set(catalog, fuse)
  return fuse
}

async function fuzzy(catalog: Catalog, query: string, provider: string | undefined, threshold = 0.4) {
  const fuse = await fuseFor(catalog)
  const results = fuse
    .search(query.slice(0, MAX_FUZZY_QUERY), {limit: provider ? 2000 : 300})
    .filter((r) => (r.score ?? 1) <= threshold)
    .map((r) => ({entry: catalog.entries[r.refIndex], index: r.refIndex, score: 1 - (r.score ?? 1)}))
    .filter((r) => !provider || r.entry.provider === provider)
  // Rank codes by their best entry, then list that code's entries the way exact hits are listed (the standard
  // first, a provider's general entry before its variants), so `invalid_grnt` shows RFC 6749's invalid_grant first.
  const best = new Map<string, number>()
  for (const r of results) best.set(r.entry.code, Math.max(best.get(r.entry.code) ?? 0, r.score))
  return results
    .sort(
      (a, b) =>
        best.get(b.entry.code)! - best.get(a.entry.code)! ||
        a.entry.code.localeCompare(b.entry.code) ||
        providerRank(a.entry.provider) - providerRank(b.entry.provider) ||
        Number(Boolean(a.entry.match)) - Number(Boolean(b.entry.match)) ||
        b.score - a.score ||
        a.index - b.index,
    )
    .map(({entry, score}) => ({entry, score: Math.min(score, 0.89)}))
}
