import type {LookupMatch} from '../../catalog/search.js'
import {AUTHORIZE_TITLES} from '../authorize-ids.js'
import {isLoopback} from '../connect.js'
import {explainFailure, explainResponse, readOAuthError} from '../explain.js'
import {KEY_TITLES} from '../key-auth.js'
import {type ProbeState, planSecrets} from '../plan.js'
import {redactRequest, redactResponse} from '../redact.js'
import type {CheckId, CheckResult, CheckStatus, Exchange, HttpResponse, RequestSpec, WireRequest} from '../types.js'

export const TITLES: Record<CheckId, string> = {
  'auth-basic': 'Credentials in the Authorization header (client_secret_basic)',
  'auth-post': 'Credentials in the form body (client_secret_post)',
  'clock-skew': "The server's clock agrees with this machine",
  'code-exchange': 'The authorization code is exchanged for tokens',
  discovery: 'Server metadata (OpenID discovery, RFC 8414)',
  'empty-post': 'An empty POST gets 400 invalid_request',
  'json-body': 'A JSON body is refused (form encoding is required)',
  'method-get': 'GET is refused (405 or 400), never answered with tokens',
  reachability: 'DNS, TCP and TLS to the token endpoint',
  refresh: 'The refresh token is exchanged for new tokens',
  'token-response': 'The token response follows RFC 6749 §5.1 / §5.2',
  'unsupported-grant': 'An unknown grant_type gets 400 unsupported_grant_type',
  'wrong-secret': 'A wrong secret gets 401 invalid_client',
  ...AUTHORIZE_TITLES,
  ...KEY_TITLES,
}

/** The request a check would have sent, for checks that sent nothing. */
export function placeholderRequest(state: ProbeState, method = 'POST'): WireRequest {
  return {body: null, headers: {}, method, url: state.endpoint ?? state.plan.issuer ?? ''}
}

export function makeResult(
  state: ProbeState,
  id: CheckId,
  status: CheckStatus,
  finding: string,
  exchange: Exchange | null,
  options: {explanation?: LookupMatch | null; ms?: number; request?: WireRequest} = {},
): CheckResult {
  const retried =
    exchange?.retriedAfter === undefined
      ? ''
      : ` (The first answer was 429; errcode waited ${exchange.retriedAfter} s as Retry-After asked and retried once.)`
  return {
    explanation:
      options.explanation === undefined
        ? exchange?.failure
          ? explainFailure(state.catalog, exchange.failure)
          : explainResponse(state.catalog, exchange?.response ?? null)
        : options.explanation,
    finding: finding + retried,
    id,
    ms: options.ms ?? exchange?.ms ?? 0,
    request: exchange ? redactRequest(exchange.spec) : (options.request ?? placeholderRequest(state)),
    response: exchange?.response ? redactResponse(exchange.response, planSecrets(state.plan)) : null,
    status,
    title: TITLES[id],
  }
}

export function skipped(state: ProbeState, id: CheckId, reason: string, spec?: RequestSpec): CheckResult {
  return makeResult(state, id, 'skip', reason, null, {
    explanation: null,
    request: spec ? redactRequest(spec) : undefined,
  })
}

/** A check that was not run or not judged because an earlier check failed: a skip that names that check. */
export function blockedResult(
  state: ProbeState,
  id: CheckId,
  by: CheckId,
  reason: string,
  exchange: Exchange | null = null,
  spec?: RequestSpec,
): CheckResult {
  const result = exchange
    ? makeResult(state, id, 'skip', `Blocked by ${by}: ${reason}`, exchange, {explanation: null})
    : skipped(state, id, `Blocked by ${by}: ${reason}`, spec)
  return {...result, blockedBy: by}
}

/** The wrong-endpoint block for a check that would send credentials or read their answer, or null. */
export function endpointBlock(state: ProbeState, id: CheckId, spec?: RequestSpec): CheckResult | null {
  const wrong = state.wrongEndpoint
  if (!wrong) return null
  return blockedResult(state, id, wrong.by, 'this URL is not the token endpoint, so nothing was sent.', null, spec)
}

const looksHtml = (r: HttpResponse) => /html/i.test(r.headers['content-type'] ?? '') || /^\s*</.test(r.body)

/**
 * Why an answer to a token request shows the URL is not a token endpoint, or null. A token endpoint answers POST
 * with tokens or a JSON OAuth error (RFC 6749 §5.1, §5.2): 404, 405, an HTML page, or JSON without an "error"
 * member mean something else answered. 5xx, redirects and 429 are left to their own verdicts.
 */
export function notTokenEndpointAnswer(r: HttpResponse | null): null | string {
  if (!r || r.truncated || (r.status >= 300 && r.status < 400) || r.status === 429 || r.status >= 500) return null
  if (r.status === 404) return 'HTTP 404 Not Found'
  if (r.status === 405) return 'HTTP 405 Method Not Allowed'
  if (looksHtml(r)) return `an HTML page (HTTP ${r.status})`
  const tokens =
    r.json && typeof r.json === 'object' && typeof (r.json as {access_token?: unknown}).access_token === 'string'
  if (r.json !== undefined && !readOAuthError(r) && !tokens) return `JSON that is not an OAuth error (HTTP ${r.status})`
  return null
}

/** Why nothing more can be sent to the token endpoint, or null. */
export function blocked(state: ProbeState): null | string {
  if (!state.endpoint) return 'No token endpoint: give TOKEN_URL, or an --issuer whose metadata names one.'
  return state.unreachable ?? state.stopped
}

/**
 * Why the real credentials (the secret, or for a public client the refresh token or code) must not be sent, or
 * null when they may be. Never over plain http:// to anything but loopback without --allow-http.
 */
export function credentialsBlocked(state: ProbeState, options: {publicClientAllowed?: boolean} = {}): null | string {
  const {plan} = state
  if (!plan.clientId) return 'No client id given (--client-id).'
  const publicClient = plan.auth === 'none' || !plan.clientSecret
  if (publicClient && !options.publicClientAllowed)
    return plan.auth === 'none' ? '--auth none: a public client has no secret to send.' : 'No client secret given.'
  if (!plan.sendCredentials) return 'Not sent: you chose not to send the credentials.'
  if (state.otherHost && !plan.otherHostAllowed)
    return `Not sent: the token endpoint is on another host (${state.otherHost}) than the issuer; confirm it, or pass --yes to send the credentials there.`
  const url = new URL(state.endpoint!)
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !plan.allowHttp) {
    return `Not sent: ${url.host} is plain http://, where anyone on the network can read a secret. Use https, or --allow-http to send it anyway.`
  }

  return null
}

export async function send(state: ProbeState, id: CheckId, spec: RequestSpec): Promise<Exchange> {
  const exchange = await state.http.send(spec)
  state.exchanges.set(id, exchange)
  if (exchange.failure?.kind === 'timeout')
    state.stopped = `Skipped: the endpoint did not answer an earlier request within ${state.timeoutMs / 1000} s.`
  return exchange
}

const contentType = (r: HttpResponse) => (r.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
export const isJsonType = (r: HttpResponse) => /^application\/([\w.+-]+\+)?json$/.test(contentType(r))

/** `HTTP 400, error=invalid_request ("...")` or `HTTP 500 (text/html, 312 bytes)`: how a finding quotes an answer. */
export function describeResponse(r: HttpResponse): string {
  const oauth = readOAuthError(r)
  if (oauth) {
    const d = oauth.description
      ? ` ("${oauth.description.length > 160 ? `${oauth.description.slice(0, 157)}...` : oauth.description}")`
      : ''
    return `HTTP ${r.status}, error=${oauth.error}${d}`
  }

  return `HTTP ${r.status} (${contentType(r) || 'no content type'}, ${Buffer.byteLength(r.body)} bytes${r.truncated ? ' read' : ''})`
}

/**
 * "No answer: why." for a request that got no response. A failure that already says so ("no answer within 10 s",
 * "no answer from the proxy ...") is not prefixed again.
 */
export function noAnswer(exchange: Exchange): string {
  const why = exchange.failure?.message ?? 'the request failed'
  return /^no answer\b/i.test(why) ? `${why.charAt(0).toUpperCase()}${why.slice(1)}.` : `No answer: ${why}.`
}

/** Verdicts every request shares for answers no probe is about: no answer, a redirect, a 429, a 5xx, a huge body. */
export function unexpectedAnswer(exchange: Exchange): null | {finding: string; status: CheckStatus} {
  const r = exchange.response
  if (!r)
    return {
      finding: noAnswer(exchange),
      status: exchange.failure?.kind === 'budget' ? 'skip' : 'fail',
    }
  if (r.status >= 300 && r.status < 400) {
    const to = r.headers.location ? ` to ${r.headers.location}` : ''
    return {
      finding: `HTTP ${r.status} redirect${to}. errcode never follows redirects (a client must not replay credentials to another URL); a token endpoint answers directly. If the new URL is the right one, probe that.`,
      status: 'fail',
    }
  }

  if (r.truncated) {
    return {
      finding: `The answer is larger than 1 MB (errcode stopped reading there). Token endpoint answers are a few hundred bytes: this URL is not a token endpoint, or it is misbehaving.`,
      status: 'fail',
    }
  }

  if (r.status === 429) {
    const after = r.headers['retry-after']
    const wait = after
      ? ` (Retry-After: ${after}${exchange.retriedAfter === undefined ? '; errcode waits at most 30 s, once' : ''})`
      : ''
    return {
      finding: `HTTP 429 Too Many Requests${wait}: the server is rate limiting this client or address. Try again later.`,
      status: 'warn',
    }
  }

  if (r.status >= 500) {
    const html = /html/i.test(r.headers['content-type'] ?? '') || /^\s*</.test(r.body)
    const page = html
      ? ' with an HTML page instead of a JSON error (RFC 6749 §5.2). An HTML page here often means the URL is a web application, not the OAuth server'
      : ''
    return {finding: `${describeResponse(r)}: the server failed while handling the request${page}.`, status: 'fail'}
  }

  return null
}
