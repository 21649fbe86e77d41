import {NotFoundError, UsageError} from '../errors.js'
import {Catalog, type MatchKind, providerRank} from './catalog.js'
import {fuzzySearch} from './fuzzy.js'
import {resolveProvider} from './providers.js'
import {asHttpStatus, compareText, descriptionMatches} from './normalise.js'
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

const SCORE: Record<MatchKind, number> = {alias: 0.95, code: 1, fuzzy: 0, id: 1, namespace: 0.9, status: 0.6}

export function toMatch(
  catalog: Catalog,
  entry: CatalogEntry,
  matchedBy: LookupMatch['matchedBy'],
  score: number,
): LookupMatch {
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
  return resolveProvider(catalog, provider)
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
  // Every exact hit by default (each provider's reading of a shared code); fuzzy results are cut at 10.
  const status = asHttpStatus(query)
  const rank = (e: CatalogEntry) => (status !== null && e.provider === 'http' ? -1 : providerRank(e.provider))

  const hits = catalog.exactHits(query).filter((h) => !provider || h.entry.provider === provider)
  let scored: {entry: CatalogEntry; index: number; kind: LookupMatch['matchedBy']; score: number}[]
  if (hits.length > 0) {
    scored = hits.map(({entry, index, kind}) => {
      if (options.description && entry.match && descriptionMatches(entry.match, options.description)) {
        return {entry, index, kind: 'description' as const, score: 1}
      }

      const base = SCORE[kind]
      return {entry, index, kind, score: options.description && entry.match ? base * 0.9 : base}
    })
    scored.sort(
      (a, b) =>
        Number(b.kind === 'description') - Number(a.kind === 'description') ||
        b.score - a.score ||
        rank(a.entry) - rank(b.entry) ||
        compareText(a.entry.provider, b.entry.provider) ||
        Number(Boolean(a.entry.match)) - Number(Boolean(b.entry.match)) ||
        a.index - b.index,
    )
  } else {
    scored = (await fuzzySearch(catalog, query, provider)).map((r) => ({...r, kind: 'fuzzy' as const}))
  }

  if (scored.length === 0) {
    const near = (await fuzzySearch(catalog, query, provider, 0.6)).slice(0, 3)
    const suggestions = near.map(
      ({entry}) => `errcode lookup ${quoteArg(entry.code)}${provider ? ` --provider ${provider}` : ''}`,
    )
    const where = provider ? ` for provider ${provider}` : ''
    throw new NotFoundError(
      `no catalog entry matches "${shorten(query)}"${where}`,
      suggestions.length > 0 ? [...new Set(suggestions)] : ['errcode list', 'errcode providers'],
    )
  }

  const limit = options.limit ?? (hits.length > 0 ? scored.length : 10)
  return {matches: scored.slice(0, limit).map((s) => toMatch(catalog, s.entry, s.kind, s.score)), query}
}

const shorten = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s)
const quoteArg = (s: string) => (/^[\w.:-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)
