import type {Catalog} from '../catalog/catalog.js'
import type {LookupMatch} from '../catalog/search.js'
import type {Location} from '../catalog/types.js'
import {explain} from '../decode/explain.js'
import type {HttpResponse, NetworkFailure} from './types.js'

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
  return {
    description: typeof description === 'string' ? description : null,
    error,
    uri: typeof uri === 'string' ? uri : null,
  }
}

/**
 * The catalog entry that explains an error seen at a token endpoint (or in a callback): decode's ranking, with the
 * server read as a plain OAuth one, so the standard's entry for this location comes first (oauth/invalid_client
 * #token-endpoint), a description variant when error_description matches one, then any provider's entry.
 */
export function explainCode(
  catalog: Catalog,
  code: string,
  description: null | string,
  where: Location = 'token_endpoint',
  http: null | number = null,
): LookupMatch | null {
  return explain(catalog, {alternatives: [], code, description, http, location: where, provider: 'oauth'})[0] ?? null
}

/** The explanation for a response: its OAuth error if it has one, else its HTTP status when that is an error. */
export function explainResponse(
  catalog: Catalog | null,
  response: HttpResponse | null,
  where: Location = 'token_endpoint',
): LookupMatch | null {
  if (!catalog || !response) return null
  const oauth = readOAuthError(response)
  if (oauth) return explainCode(catalog, oauth.error, oauth.description, where, response.status)
  return explainStatus(catalog, response.status, where)
}

/** The explanation of a bare HTTP error status (the body says nothing an OAuth client could read). */
export function explainStatus(
  catalog: Catalog | null,
  status: number,
  where: Location = 'token_endpoint',
): LookupMatch | null {
  if (!catalog || status < 400) return null
  return (
    explain(
      catalog,
      {
        alternatives: [],
        code: null,
        description: null,
        http: status,
        location: where,
        provider: 'oauth',
      },
      0,
    )[0] ?? null
  )
}

/**
 * The catalog's transport entry for a failure before any HTTP answer (a certificate, a refused connection, a
 * proxy's 407), found the way decode finds one: by the code Node or the proxy gave, read as a transport error.
 */
export function explainTransport(catalog: Catalog | null, code: null | string): LookupMatch | null {
  if (!catalog || !code) return null
  const query = {alternatives: [], code, description: null, http: null, location: 'token_endpoint' as const}
  const match = explain(catalog, {...query, provider: 'transport'})[0] ?? null
  return match?.provider === 'transport' ? match : null
}

/**
 * The fix an entry gives for the runtime errcode itself runs on (its fixes are written per runtime: "Node: …",
 * "Java: …"), so a finding can name the one step that applies here; the others are one lookup away.
 */
export function platformFix(match: LookupMatch | null, runtime = 'Node'): null | string {
  return match?.fixes.find((fix) => fix.startsWith(`${runtime}:`)) ?? null
}

/** errcode's own codes for a proxy's refusals, and the words the catalog files them under. */
const PROXY_CODES = new Map([
  ['PROXY_AUTH_REQUIRED', '407'],
  ['PROXY_REFUSED', 'tunneling socket could not be established'],
])

/**
 * The catalog's entry for a request that got no HTTP answer. An untrusted certificate behind a proxy is explained
 * as TLS inspection, the cause it nearly always is.
 */
export function explainFailure(catalog: Catalog | null, failure: NetworkFailure): LookupMatch | null {
  const own = explainTransport(catalog, (failure.code && PROXY_CODES.get(failure.code)) ?? failure.code)
  return failure.interception ? (explainTransport(catalog, 'tls-interception') ?? own) : own
}
