import {readOAuthError} from '../explain.js'
import {effectiveMethod, type ProbeState} from '../plan.js'
import type {CheckResult, CheckStatus, Exchange, HttpResponse} from '../types.js'
import {describeResponse, endpointBlock, isJsonType, makeResult, skipped, unexpectedAnswer} from './common.js'

/** The error codes RFC 6749 §5.2 defines for the token endpoint. */
const RFC6749_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
])

const isJwt = (s: string) => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(s)

/** The response token-response reads: the app's method when it was accepted, else whichever auth probe answered. */
function tokenExchange(state: ProbeState): Exchange | undefined {
  const effective = effectiveMethod(state)
  const preferred = effective === 'client_secret_post' ? ['auth-post', 'auth-basic'] : ['auth-basic', 'auth-post']
  // A key method's request is the app's token request when there is one (auth-jwt, auth-mtls).
  preferred.unshift('auth-jwt', 'auth-mtls')
  for (const id of preferred) {
    const exchange = state.exchanges.get(id as 'auth-basic')
    if (exchange?.response && exchange.response.status < 300) return exchange
  }

  return preferred.map((id) => state.exchanges.get(id as 'auth-basic')).find((e) => e?.response)
}

/** "HEAD; note, note." or, with no notes (a body that is not JSON has none), "HEAD." */
export function withNotes(head: string, notes: string[], separator = '; '): string {
  return notes.length > 0 ? `${head}${separator}${notes.join(', ')}.` : `${head}.`
}

/** RFC 6749 §5.1: what a successful token response must look like. Returns [problems that fail, that warn, notes]. */
export function judgeTokenSuccess(r: HttpResponse): {fails: string[]; notes: string[]; warns: string[]} {
  const fails: string[] = []
  const warns: string[] = []
  const notes: string[] = []
  const body =
    r.json && typeof r.json === 'object' && !Array.isArray(r.json) ? (r.json as Record<string, unknown>) : null
  if (!isJsonType(r))
    warns.push(`Content-Type is "${r.headers['content-type'] ?? 'missing'}", not application/json (RFC 6749 §5.1).`)
  if (!/no-store/i.test(r.headers['cache-control'] ?? '')) {
    warns.push(`No "Cache-Control: no-store" (RFC 6749 §5.1 requires it): a proxy or browser cache may keep the token.`)
  }

  if (!body) {
    fails.push('The body is not a JSON object, so no client can read a token from it (RFC 6749 §5.1).')
    return {fails, notes, warns}
  }

  const oauth = readOAuthError(r)
  if (oauth)
    fails.push(
      `HTTP ${r.status} carries error=${oauth.error}: errors use 400 (401 for invalid_client) (RFC 6749 §5.2), and clients that check the status first take this for a success.`,
    )
  if (typeof body.access_token !== 'string' || body.access_token === '')
    fails.push('No access_token (RFC 6749 §5.1 requires it).')
  else
    notes.push(`access_token: ${isJwt(body.access_token) ? 'a JWT' : 'opaque'}, ${body.access_token.length} characters`)
  if (typeof body.token_type === 'string') notes.push(`token_type ${body.token_type}`)
  else fails.push('No token_type (RFC 6749 §5.1 requires it; strict clients such as oauth4webapi refuse the response).')
  if (body.expires_in === undefined)
    notes.push('no expires_in (recommended by RFC 6749 §5.1; clients must guess the lifetime)')
  else if (typeof body.expires_in === 'number') notes.push(`expires_in ${body.expires_in} s`)
  else
    warns.push(
      `expires_in is ${JSON.stringify(body.expires_in)}, a ${typeof body.expires_in}, not a number of seconds (RFC 6749 §5.1); strict clients refuse it.`,
    )
  if (typeof body.refresh_token === 'string') notes.push('a refresh_token')
  if (typeof body.scope === 'string') notes.push(`scope "${body.scope.slice(0, 80)}"`)
  return {fails, notes, warns}
}

/** token-response: the success (§5.1) or error (§5.2) response the app would get, judged against the RFC. */
export async function checkTokenResponse(state: ProbeState): Promise<CheckResult> {
  const wrongEndpoint = endpointBlock(state, 'token-response')
  if (wrongEndpoint) return wrongEndpoint
  const exchange = tokenExchange(state)
  if (!exchange)
    return skipped(
      state,
      'token-response',
      'No credentialed request answered (auth-basic / auth-post), so there is no token response to read.',
    )
  const r = exchange.response!
  const result = (status: CheckStatus, finding: string) =>
    makeResult(state, 'token-response', status, finding, exchange, {ms: 0})
  // No answer worth judging (a redirect, a 5xx, a 429, a huge body): the auth checks already say so.
  if (unexpectedAnswer(exchange))
    return result('skip', `No token response to judge: ${describeResponse(r)} (see auth-basic and auth-post).`)
  if (r.status < 300) {
    const {fails, notes, warns} = judgeTokenSuccess(r)
    const status = fails.length > 0 ? 'fail' : warns.length > 0 ? 'warn' : 'pass'
    const head = status === 'pass' ? `HTTP ${r.status}, application/json, Cache-Control: no-store` : `HTTP ${r.status}`
    return result(status, [withNotes(head, notes), ...fails, ...warns].join(' '))
  }

  const problems: string[] = []
  const oauth = readOAuthError(r)
  if (!oauth) problems.push(`The error is not a JSON object with an "error" member (RFC 6749 §5.2).`)
  else if (!isJsonType(r))
    problems.push(
      `The error's Content-Type is "${r.headers['content-type'] ?? 'missing'}", not application/json (RFC 6749 §5.2).`,
    )
  if (oauth && oauth.error !== 'invalid_client' && r.status !== 400)
    problems.push(`RFC 6749 §5.2 errors use HTTP 400 (401 only for invalid_client), not ${r.status}.`)
  if (oauth && !RFC6749_ERRORS.has(oauth.error))
    problems.push(`"${oauth.error}" is not one of the RFC 6749 §5.2 codes; clients will only show it as text.`)
  const authAccepted =
    state.authOutcome.client_secret_basic === 'accepted' || state.authOutcome.client_secret_post === 'accepted'
  // oidc-provider says invalid_request "requested grant type is not allowed for this client".
  const grantRefused =
    oauth &&
    (['unauthorized_client', 'unsupported_grant_type'].includes(oauth.error) ||
      /grant.?type/i.test(oauth.description ?? ''))
  if (
    authAccepted &&
    state.plan.grant === 'client_credentials' &&
    state.plan.grantSource === 'default' &&
    grantRefused
  ) {
    // No --grant and nothing to exchange: client_credentials only served to test the credentials.
    const finding = `The credentials passed client authentication; this client may not use client_credentials (${describeResponse(r)}). errcode sent client_credentials only to test the credentials (no --grant given): to test your app's grant, give a refresh token (--refresh-token-env) or a code (--callback-url or --code).`
    return result(problems.length > 0 ? 'warn' : 'pass', [finding, ...problems].join(' '))
  }

  if (authAccepted && state.plan.grant === 'client_credentials') {
    const why =
      oauth?.error === 'unauthorized_client'
        ? 'the credentials passed client authentication, but this client may not use client_credentials'
        : 'the client authenticated, but the server refused client_credentials'
    return result('fail', [`No access token: ${why} (${describeResponse(r)}).`, ...problems].join(' '))
  }

  const context = authAccepted
    ? ` (client_credentials is refused for this client; expected when you probe --grant ${state.plan.grant})`
    : ' (the credentials were rejected: see auth-basic and auth-post)'
  if (problems.length > 0) return result('warn', [`${describeResponse(r)}${context}.`, ...problems].join(' '))
  return result('pass', `The error response is well-formed: ${describeResponse(r)}, application/json${context}.`)
}

/** clock-skew: the last response's Date header (RFC 9110 §6.6.1) against this machine's clock when it arrived. */
export async function checkClockSkew(state: ProbeState): Promise<CheckResult> {
  const answered = [...state.exchanges.values()].filter((e) => e.response)
  if (answered.length === 0) return skipped(state, 'clock-skew', 'No response to read a Date header from.')
  const dated = answered
    .filter((e) => e.response!.headers.date && !Number.isNaN(Date.parse(e.response!.headers.date)))
    .at(-1)
  if (!dated) {
    return makeResult(
      state,
      'clock-skew',
      'warn',
      'No response had a Date header (RFC 9110 §6.6.1: a server with a clock must send one), so the clocks cannot be compared.',
      answered.at(-1)!,
      {explanation: null, ms: 0},
    )
  }

  const r = dated.response!
  // Date has one-second resolution and is truncated, so a perfect clock reads up to 1 s behind.
  const skew = Math.round((Date.parse(r.headers.date) + 500 - r.receivedAt) / 1000)
  const direction = skew > 0 ? 'ahead of' : 'behind'
  const size = Math.abs(skew)
  const result = (status: CheckStatus, finding: string) =>
    makeResult(state, 'clock-skew', status, finding, dated, {explanation: null, ms: 0})
  if (size <= 60)
    return result(
      'pass',
      `The server's clock (Date: ${r.headers.date}) is within ${Math.max(size, 1)} s of this machine's.`,
    )
  const what = `The server's clock is ${size} s ${direction} this machine's (Date: ${r.headers.date}).`
  const effect =
    'Tokens and client assertions carry iat/nbf/exp times; with this skew they can look expired or not yet valid (most libraries allow 30-60 s).'
  return result(size <= 300 ? 'warn' : 'fail', `${what} ${effect} Check NTP on both sides.`)
}
