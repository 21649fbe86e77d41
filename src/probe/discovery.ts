import {BASE_HEADERS} from './client-auth.js'
import type {HttpClient} from './http.js'
import type {Exchange, ServerMetadata} from './types.js'

type Source = ServerMetadata['source']

/**
 * Where an issuer's metadata lives: OpenID Connect Discovery §4 appends /.well-known/openid-configuration to the
 * issuer; RFC 8414 §3.1 inserts /.well-known/oauth-authorization-server between the host and the issuer's path.
 * A URL that already points into /.well-known/ is used as it is.
 */
export function metadataUrls(issuer: string): {source: Source; url: string}[] {
  const u = new URL(issuer)
  if (u.pathname.includes('/.well-known/')) {
    return [
      {
        source: u.pathname.includes('openid-configuration') ? 'openid-configuration' : 'oauth-authorization-server',
        url: u.href,
      },
    ]
  }

  const path = u.pathname.replace(/\/+$/, '')
  return [
    {source: 'openid-configuration', url: `${u.origin}${path}/.well-known/openid-configuration`},
    {source: 'oauth-authorization-server', url: `${u.origin}/.well-known/oauth-authorization-server${path}`},
  ]
}

/** The issuer identifier a metadata URL belongs to (for comparing with the document's `issuer`). */
export function issuerFromInput(input: string): string {
  const u = new URL(input)
  const m = /^(.*?)\/\.well-known\/(?:openid-configuration|oauth-authorization-server)(\/.*)?$/.exec(u.pathname)
  if (!m) return input
  return `${u.origin}${m[1] || m[2] || ''}`
}

const strings = (v: unknown): null | string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null

/**
 * A token_endpoint from a metadata document is untrusted: it must be an absolute http(s) URL without
 * user:password (Node would send those as Basic credentials). Returns the URL, or why it was refused.
 */
export function checkEndpointUrl(value: string): {problem: string} | {url: string} {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return {problem: 'is not a URL'}
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') return {problem: 'is not an http:// or https:// URL'}
  if (url.username || url.password) return {problem: 'carries a user name or password in the URL'}
  return {url: value}
}

/** The host a URL names (lower case, with a port other than the default), or null. */
export function hostOfUrl(value: string): null | string {
  try {
    return new URL(value).host.toLowerCase()
  } catch {
    return null
  }
}

/** Read a metadata document; null when it is not a JSON object. Defaults per RFC 8414 §2 when lists are absent. */
export function parseMetadata(json: unknown, source: Source, url: string): null | ServerMetadata {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null
  const doc = json as Record<string, unknown>
  const methods = strings(doc.token_endpoint_auth_methods_supported)
  const given = typeof doc.token_endpoint === 'string' ? checkEndpointUrl(doc.token_endpoint) : null
  return {
    authMethods: methods ?? ['client_secret_basic'],
    authMethodsListed: methods !== null,
    grantTypes: strings(doc.grant_types_supported) ?? ['authorization_code', 'implicit'],
    grantTypesListed: strings(doc.grant_types_supported) !== null,
    issuer: typeof doc.issuer === 'string' ? doc.issuer : null,
    source,
    tokenEndpoint: given && 'url' in given ? given.url : null,
    ...(given && 'problem' in given ? {tokenEndpointProblem: `token_endpoint ${given.problem}`} : {}),
    url,
  }
}

export interface DiscoveryOutcome {
  /** Every metadata request made, in order. */
  exchanges: Exchange[]
  metadata: null | ServerMetadata
}

/** Fetch the issuer's metadata: OpenID discovery first, then RFC 8414. Stops at the first usable document. */
export async function discover(issuer: string, http: HttpClient): Promise<DiscoveryOutcome> {
  const exchanges: Exchange[] = []
  for (const {source, url} of metadataUrls(issuer)) {
    const exchange = await http.send({headers: {...BASE_HEADERS}, method: 'GET', url})
    exchanges.push(exchange)
    const response = exchange.response
    if (response?.status === 200) {
      const metadata = parseMetadata(response.json, source, url)
      if (metadata) return {exchanges, metadata}
    }

    // A host that cannot be reached will not answer the second URL either.
    if (exchange.failure) break
  }

  return {exchanges, metadata: null}
}
