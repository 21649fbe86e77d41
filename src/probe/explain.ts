import type {Catalog} from '../catalog/catalog.js'
import {descriptionMatches} from '../catalog/normalise.js'
import {type LookupMatch, toMatch} from '../catalog/search.js'
import type {CatalogEntry, Location} from '../catalog/types.js'
import type {HttpResponse} from './types.js'

/** An OAuth error response body (RFC 6749 §5.2), or null when the body is not one. */
export interface OAuthError {
  description: null | string
  error: string
  uri: null | string
}

export function readOAuthError(response: HttpResponse | null): null | OAuthError {
  const body = response?.json
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null
  const {error, error_description: description, error_uri: uri} = body as Record<string, unknown>
  if (typeof error !== 'string' || error === '') return null
  return {description: typeof description === 'string' ? description : null, error, uri: typeof uri === 'string' ? uri : null}
}

/**
 * The catalog entry that explains an error seen at a token endpoint: the standard's token-endpoint variant first
 * (oauth/invalid_client#token-endpoint), a description variant when the server's error_description matches one,
 * then any other provider's entry for the code.
 */
export function explainCode(catalog: Catalog, code: string, description: null | string, where: Location = 'token_endpoint'): LookupMatch | null {
  const hits = catalog.exactHits(code).filter((h) => h.kind !== 'status')
  if (hits.length === 0) return null
  const score = (e: CatalogEntry) =>
    (e.provider === 'oauth' ? 4 : 0) +
    ((e.where ?? []).includes(where) ? 2 : 0) +
    (e.match ? (description && descriptionMatches(e.match, description) ? 3 : -3) : 0)
  const best = [...hits].sort((a, b) => score(b.entry) - score(a.entry))[0]
  return toMatch(catalog, best.entry, best.kind, 1)
}

/** The explanation for a response: its OAuth error if it has one, else its HTTP status when that is an error. */
export function explainResponse(catalog: Catalog | null, response: HttpResponse | null, where: Location = 'token_endpoint'): LookupMatch | null {
  if (!catalog || !response) return null
  const oauth = readOAuthError(response)
  if (oauth) return explainCode(catalog, oauth.error, oauth.description, where)
  if (response.status < 400) return null
  const entry = catalog.get(`http/${response.status}`)
  return entry ? toMatch(catalog, entry, 'status', 1) : null
}
