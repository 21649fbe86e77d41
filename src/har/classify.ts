/** What each exchange is in a login, from its own parameters and the discovery documents the HAR contains. */
import type {Exchange} from './read.js'
import {header} from './read.js'
import {bearerToken, endpointOf, jsonBody, param, parseUrl, requestParams} from './params.js'
import type {Role} from './types.js'

export interface Discovery {
  authorization: null | string
  endSession: null | string
  issuer: string
  jwks: null | string
  par: null | string
  token: null | string
  userinfo: null | string
}

const str = (v: unknown): null | string => (typeof v === 'string' && v ? v : null)
const WELL_KNOWN = /\/\.well-known\/(?:openid-configuration|oauth-authorization-server)(?:\/|$)/

export function isDiscovery(x: Exchange): boolean {
  return WELL_KNOWN.test(parseUrl(x.url)?.pathname ?? '')
}

export function discoveryOf(x: Exchange): Discovery | null {
  if (!isDiscovery(x)) return null
  const d = jsonBody(x)
  if (!d) return null
  const issuer = str(d.issuer)
  if (!issuer) return null
  const ep = (k: string) => (str(d[k]) ? endpointOf(str(d[k])!) : null)
  return {
    authorization: ep('authorization_endpoint'),
    endSession: ep('end_session_endpoint'),
    issuer,
    jwks: ep('jwks_uri'),
    par: ep('pushed_authorization_request_endpoint'),
    token: ep('token_endpoint'),
    userinfo: ep('userinfo_endpoint'),
  }
}

export interface Known {
  discoveries: Discovery[]
  /** redirect_uri endpoints seen in authorization requests so far. */
  redirectUris: Set<string>
}

const some = (known: Known, pick: (d: Discovery) => null | string, endpoint: string) =>
  known.discoveries.some((d) => pick(d) === endpoint)

/** The role of an exchange that can be told from itself; null for the pages in between (login forms, redirects). */
export function classify(x: Exchange, known: Known): null | Role {
  const endpoint = endpointOf(x.url)
  const path = parseUrl(x.url)?.pathname ?? ''
  if (x.method === 'OPTIONS' && header(x.reqHeaders, 'access-control-request-method')) return 'preflight'
  if (isDiscovery(x)) return 'discovery'
  if (some(known, (d) => d.jwks, endpoint) || /\/(?:jwks(?:\.json)?|certs)$/.test(path)) return 'jwks'
  const p = requestParams(x)
  if (p.query.has('SAMLRequest') || p.form.has('SAMLRequest')) return 'saml-request'
  if (p.query.has('SAMLResponse') || p.form.has('SAMLResponse')) return 'saml-response'
  const grant = p.form.get('grant_type')
  if (x.method === 'POST' && grant) return grant === 'refresh_token' ? 'refresh' : 'token'
  if (
    x.method === 'POST' &&
    p.form.has('client_id') &&
    (some(known, (d) => d.par, endpoint) || /\/par$|\/request$/.test(path))
  )
    return 'par'
  if (param(x, 'client_id') !== undefined && (param(x, 'response_type') !== undefined || param(x, 'request_uri')))
    return 'authorize'
  const delivered = ['code', 'error', 'id_token', 'access_token'].some((k) => param(x, k) !== undefined)
  if (delivered && (known.redirectUris.has(endpoint) || param(x, 'state') !== undefined)) return 'callback'
  if (
    some(known, (d) => d.endSession, endpoint) ||
    param(x, 'id_token_hint') !== undefined ||
    param(x, 'post_logout_redirect_uri') !== undefined ||
    /\/(?:logout|end_session|session\/end)$/.test(path)
  )
    return 'logout'
  if (bearerToken(x))
    return some(known, (d) => d.userinfo, endpoint) || /userinfo|\/me$/.test(path) ? 'userinfo' : 'api'
  return null
}
