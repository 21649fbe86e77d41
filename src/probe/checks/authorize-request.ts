/**
 * The authorization request (RFC 6749 §4.1.1) as probe sends it, and how an answer is read. Nothing secret is in it:
 * client_id, the redirect URI, a random state and a PKCE S256 challenge of a random verifier (RFC 7636 §4.2). The
 * answer is never followed: a redirect back to the redirect URI, to a login page, or an error page is the finding.
 */
import {createHash, randomBytes} from 'node:crypto'

import type {LookupMatch} from '../../catalog/search.js'
import {decode} from '../../decode/index.js'
import {checkEndpointUrl} from '../discovery.js'
import {explainStatus} from '../explain.js'
import type {ProbeState} from '../plan.js'
import type {Exchange, RequestSpec} from '../types.js'
import {noAnswer} from './common.js'

/** What the command resolved for the authorization-endpoint checks. */
export interface AuthorizePlan {
  /** --authorize-url; else the metadata's authorization_endpoint. */
  authorizeUrl: null | string
  /** --redirect-uri as the app sends it. */
  redirectUri: null | string
  /** --registered-redirect-uri: what the client's registration holds, for the diff when the server refuses. */
  registeredRedirectUri: null | string
}

/** The metadata members these checks read (OpenID Discovery §3, RFC 8414 §2, RFC 9126 §5). */
export interface AuthorizeMetadata {
  authorizationEndpoint: null | string
  codeChallengeMethods: null | string[]
  oidc: boolean
  parEndpoint: null | string
  requirePar: boolean
  responseTypes: null | string[]
  scopes: null | string[]
}

const strings = (v: unknown): null | string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null
const endpoint = (v: unknown): null | string => {
  if (typeof v !== 'string') return null
  const checked = checkEndpointUrl(v)
  return 'url' in checked ? checked.url : null
}

/** Read from the document discovery fetched (its exchange), so discovery itself needs no change. */
export function authorizeMetadata(state: ProbeState): AuthorizeMetadata | null {
  const metadata = state.metadata
  if (!metadata) return null
  const exchange = state.discovery?.exchanges.find((e) => e.spec.url === metadata.url && e.response?.status === 200)
  const json = exchange?.response?.json
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null
  const doc = json as Record<string, unknown>
  return {
    authorizationEndpoint: endpoint(doc.authorization_endpoint),
    codeChallengeMethods: strings(doc.code_challenge_methods_supported),
    oidc: metadata.source === 'openid-configuration',
    parEndpoint: endpoint(doc.pushed_authorization_request_endpoint),
    requirePar: doc.require_pushed_authorization_requests === true,
    responseTypes: strings(doc.response_types_supported),
    scopes: strings(doc.scopes_supported),
  }
}

export interface Pkce {
  challenge: string
  verifier: string
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url')
  return {challenge: createHash('sha256').update(verifier).digest('base64url'), verifier}
}

export const newState = () => randomBytes(16).toString('base64url')

export type PkceMode = 'none' | 'plain' | 'S256'

/** The parameters of one authorization request; PKCE as asked (plain sends the verifier itself, RFC 7636 §4.2). */
export function authorizeParams(
  clientId: string,
  redirectUri: string,
  scope: null | string,
  pkce: PkceMode,
): [string, string][] {
  const params: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', clientId],
    ['redirect_uri', redirectUri],
  ]
  if (scope) params.push(['scope', scope])
  params.push(['state', newState()])
  const {challenge, verifier} = newPkce()
  if (pkce === 'S256') params.push(['code_challenge', challenge], ['code_challenge_method', 'S256'])
  if (pkce === 'plain') params.push(['code_challenge', verifier], ['code_challenge_method', 'plain'])
  return params
}

/** A GET as a browser would send it (an error page is what a user sees, so ask for HTML first). */
export function authorizeSpec(url: string, params: [string, string][]): RequestSpec {
  const u = new URL(url)
  for (const [name, value] of params) u.searchParams.append(name, value)
  return {
    headers: {accept: 'text/html, application/json;q=0.9', 'user-agent': 'errcode-probe'},
    method: 'GET',
    url: u.href,
  }
}

/** What an error is about, so each check judges only its own parameter. */
export type Topic = 'client' | 'other' | 'par' | 'pkce' | 'redirect' | 'response_type' | 'scope'

export function topicOf(code: null | string, description: null | string): Topic {
  const c = (code ?? '').toLowerCase()
  const d = description ?? ''
  if (/redirect_uri|^invalid_redirect|callback/.test(c)) return 'redirect'
  if (c === 'invalid_client') return 'client'
  if (c === 'unsupported_response_type' || c === 'unauthorized_client') return 'response_type'
  if (c === 'invalid_scope') return 'scope'
  if (/redirect|callback url|reply url|AADSTS50011/i.test(d)) return 'redirect'
  if (/code_challenge|pkce|code_verifier/i.test(d)) return 'pkce'
  if (/pushed authori[sz]ation|request_uri|\bPAR\b/i.test(d)) return 'par'
  if (/response_type/i.test(d)) return 'response_type'
  if (/\bscope/i.test(d)) return 'scope'
  if (/client/i.test(d)) return 'client'
  return 'other'
}

export interface AuthorizeAnswer {
  error: null | {code: null | string; description: null | string}
  explanation: LookupMatch | null
  /**
   * callback: sent back to the redirect URI (the URI is registered); login: to a login or consent page; refused: an
   * error page or status; none: no usable answer (see `problem`).
   */
  kind: 'callback' | 'login' | 'none' | 'refused'
  location: null | string
  problem: null | string
  topic: null | Topic
}

/** Whether a Location is the redirect URI with the response appended (RFC 6749 §4.1.2: query, or the fragment). */
function atRedirect(location: string, redirectUri: string): boolean {
  if (location === redirectUri) return true
  if (location.startsWith(redirectUri) && '?#&'.includes(location.charAt(redirectUri.length))) return true
  try {
    const a = new URL(location)
    const b = new URL(redirectUri)
    return a.origin === b.origin && a.pathname === b.pathname && a.protocol === b.protocol
  } catch {
    return false
  }
}

function responseParams(location: string): URLSearchParams {
  const u = new URL(location)
  if (u.searchParams.has('error') || u.searchParams.has('code')) return u.searchParams
  return new URLSearchParams(u.hash.slice(1))
}

const MAX_DECODED = 256 * 1024

/** The error a page or a URL carries, read and explained by decode (the same reading `errcode decode` gives). */
function decoded(state: ProbeState, text: string) {
  const result = decode(text.slice(0, MAX_DECODED), state.catalog ? {catalog: state.catalog} : {})
  const first = result.errors[0]
  if (!first?.code) return null
  // Only an entry about the authorization request: the standard's invalid_redirect_uri is about client registration.
  const fits = (m: LookupMatch) => m.where.some((w) => w === 'authorization_response' || w === 'error_page')
  const explanation =
    first.matches.find((m) => fits(m) && (m.provider === 'oauth' || m.provider === first.provider)) ??
    (first.matches[0] && fits(first.matches[0]) ? first.matches[0] : null)
  return {code: first.code, description: first.description, explanation}
}

/** Read one answer of the authorization endpoint. */
export function readAnswer(state: ProbeState, exchange: Exchange, redirectUri: string): AuthorizeAnswer {
  const none = (problem: string): AuthorizeAnswer => ({
    error: null,
    explanation: null,
    kind: 'none',
    location: null,
    problem,
    topic: null,
  })
  const r = exchange.response
  if (!r) return none(noAnswer(exchange))
  if (r.status === 429) return none('HTTP 429 Too Many Requests: the server is rate limiting; try again later.')
  if (r.status >= 500) return none(`HTTP ${r.status}: the server failed while handling the authorization request.`)
  if (r.status >= 300 && r.status < 400) {
    const raw = r.headers.location
    if (!raw) return none(`HTTP ${r.status} without a Location header.`)
    let location: string
    try {
      location = new URL(raw, exchange.spec.url).href
    } catch {
      return none(`HTTP ${r.status} to a Location that is not a URL.`)
    }

    const params = responseParams(location)
    const code = params.get('error')
    const error = code ? {code, description: params.get('error_description')} : null
    const found = error ? decoded(state, location) : null
    const explanation = found?.explanation ?? null
    const topic = error ? topicOf(error.code, error.description) : null
    if (atRedirect(raw, redirectUri) || atRedirect(location, redirectUri))
      return {error, explanation, kind: 'callback', location, problem: null, topic}
    // An error the server shows on a page of its own (…/error?error=…) is a refusal, not the login page.
    return {error, explanation, kind: error ? 'refused' : 'login', location, problem: null, topic}
  }

  const found = decoded(state, r.body)
  if (r.status >= 400 || found) {
    const error = found ? {code: found.code, description: found.description} : null
    // A decoded error without a fitting entry is better unexplained than explained as a bare HTTP 400.
    const explanation = found ? found.explanation : explainStatus(state.catalog, r.status, 'authorization_response')
    const topic = error ? topicOf(error.code, error.description) : null
    return {error, explanation, kind: 'refused', location: null, problem: null, topic}
  }

  return {error: null, explanation: null, kind: 'login', location: null, problem: null, topic: null}
}

/** `error=invalid_request ("...")` for a finding. */
export function describeError(error: AuthorizeAnswer['error']): string {
  if (!error) return 'no error code'
  const d = error.description
    ? ` ("${error.description.length > 160 ? `${error.description.slice(0, 157)}...` : error.description}")`
    : ''
  return `error=${error.code}${d}`
}
