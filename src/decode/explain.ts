/**
 * Explain an error with the catalog, most specific first: the provider's entry for this code and description
 * variant, codes embedded in the description (AADSTS50011 inside an invalid_request), the provider's general entry,
 * the standard code (provider `oauth`) for the location the error came from, then the HTTP status.
 */
import type {Catalog} from '../catalog/catalog.js'
import {descriptionMatches, normaliseKey} from '../catalog/normalise.js'
import {type LookupMatch, toMatch} from '../catalog/search.js'
import type {CatalogEntry, Location} from '../catalog/types.js'
import type {ErrorSource} from './types.js'
import {camelToSnake} from './values.js'

/** The catalog's description variants (their heads only: the long text is parsed for the ones that match). */
const variantCache = new WeakMap<Catalog, number[]>()

function variantIndexes(catalog: Catalog): number[] {
  let v = variantCache.get(catalog)
  if (!v) {
    v = []
    for (let i = 0; i < catalog.size; i++) if (catalog.head(i).match) v.push(i)
    variantCache.set(catalog, v)
  }

  return v
}

/** Entries whose code is exactly this one (by code or alias, not by HTTP status). */
export function entriesForCode(catalog: Catalog, code: string): CatalogEntry[] {
  const keys = [code, camelToSnake(code)].filter((k): k is string => Boolean(k))
  const out: CatalogEntry[] = []
  for (const key of keys) {
    for (const hit of catalog.exactHits(key)) {
      if (hit.kind === 'status' || out.includes(hit.entry)) continue
      // `namespace` hits let `invalid_request_error` find Nylas's api.invalid_request_error; numeric codes only match exactly.
      if (hit.kind === 'namespace' && /^\d+$/.test(key)) continue
      out.push(hit.entry)
    }
  }

  return out
}

/**
 * Description variants of these codes (any provider) that match the description. Only variants of the error's
 * own code (or its status) are tested: a variant is a provider's wording for that code, and testing every
 * pattern in the catalog for every error would cost more than the rest of a run.
 */
export function variantsFor(catalog: Catalog, description: string, codes: string[]): CatalogEntry[] {
  const d = description.split('\n')[0].slice(0, 2000)
  const keys = new Set(
    codes
      .flatMap((c) => [c, camelToSnake(c)])
      .filter((c): c is string => Boolean(c))
      .map((c) => normaliseKey(c)),
  )
  return variantIndexes(catalog)
    .filter((i) => keys.has(normaliseKey(catalog.head(i).code)) && descriptionMatches(catalog.head(i).match!, d))
    .map((i) => catalog.entry(i))
}

export function locationOf(source: ErrorSource, via: string | undefined, http: null | number): Location | null {
  if (source === 'callback_url' || via === 'fragment' || via === 'form_post') return 'authorization_response'
  if (source === 'www_authenticate' || via === 'header') return 'resource_server'
  if (source === 'json_body' || source === 'http_response')
    return http === 401 || http === 403 ? null : 'token_endpoint'
  return null
}

export interface ExplainInput {
  alternatives: string[]
  code: null | string
  description: null | string
  http: null | number
  location: Location | null
  provider: string
}

const MAX_MATCHES = 5

export function explain(catalog: Catalog, e: ExplainInput): LookupMatch[] {
  const scored = new Map<CatalogEntry, {by: LookupMatch['matchedBy']; score: number}>()
  const add = (entry: CatalogEntry, score: number, by: LookupMatch['matchedBy']) => {
    const known = scored.get(entry)
    if (!known || known.score < score) scored.set(entry, {by, score})
  }

  const description = e.description?.split('\n')[0] ?? null
  const fits = (entry: CatalogEntry) =>
    !entry.match || (description !== null && descriptionMatches(entry.match, description))
  // Where the error came from picks between a code's entries (access_denied at the authorization endpoint, not
  // in the device flow); an entry documented only for other places drops below the standard's.
  const placed = (entry: CatalogEntry) =>
    (e.location && entry.where?.length ? (entry.where.includes(e.location) ? 0.02 : -0.2) : 0) +
    (e.http !== null && entry.http.includes(e.http) ? 0.01 : 0)

  const codes = e.code ? [e.code] : []
  const embedded = [
    ...new Set([...(e.description ?? '').matchAll(/\b(AADSTS\d{4,9}|E0000\d{3}|IDX\d{5})\b/g)].map((m) => m[1])),
  ]
  for (const code of codes) {
    for (const entry of entriesForCode(catalog, code)) {
      if (entry.provider !== e.provider || !fits(entry)) continue
      add(entry, entry.match ? 1 : 0.94 + placed(entry), entry.match ? 'description' : 'code')
    }
  }

  for (const code of [...embedded, ...e.alternatives]) {
    for (const entry of entriesForCode(catalog, code)) {
      if (!fits(entry)) continue
      const own = entry.provider === e.provider
      if (!own && !embedded.includes(code)) continue
      add(entry, embedded.includes(code) ? 0.97 : 0.9, entry.match ? 'description' : 'code')
    }
  }

  for (const code of [...codes, ...e.alternatives]) {
    for (const entry of entriesForCode(catalog, code)) {
      if (entry.provider !== 'oauth' || entry.match) continue
      add(entry, (code === e.code ? 0.8 : 0.74) + Math.max(-0.1, placed(entry)) * 2, 'code')
    }
  }

  // A code no entry of this provider or the standard explains (GitHub's incorrect_client_credentials from a server
  // errcode took for a plain OAuth one): another provider's entry for the same code still says more than the status.
  if (![...scored.values()].some((s) => s.score >= 0.74)) {
    for (const code of codes)
      for (const entry of entriesForCode(catalog, code))
        if (fits(entry)) add(entry, 0.7, entry.match ? 'description' : 'code')
  }

  if (e.http !== null) {
    for (const entry of catalog.exactHits(String(e.http)).map((h) => h.entry)) {
      if (entry.code !== String(e.http)) continue
      if (entry.provider === e.provider && fits(entry))
        add(entry, entry.match ? 0.72 : 0.66, entry.match ? 'description' : 'status')
      else if (entry.provider === 'http') add(entry, 0.6, 'status')
    }
  }

  return [...scored]
    .sort((a, b) => b[1].score - a[1].score)
    .slice(0, MAX_MATCHES)
    .map(([entry, s]) => toMatch(catalog, entry, s.by, Math.min(1, s.score)))
}
