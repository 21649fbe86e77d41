/**
 * authorize-redirect-uri, authorize-response-type, authorize-scope and authorize-pkce: one authorization request
 * (response_type=code, the app's redirect URI and scope, PKCE S256) read for all four, then two more for PKCE
 * (without it, and with plain). No secret is sent and no redirect followed (RFC 6749 §4.1.1, RFC 7636 §4.3).
 */
import type {AuthorizeCheckId} from '../authorize-ids.js'
import type {ProbeState} from '../plan.js'
import {compareRedirectUris, describeDiff, registeredFromError} from '../redirect-diff.js'
import type {CheckId, CheckResult, Exchange, RequestSpec} from '../types.js'
import {makeResult, send, skipped} from './common.js'
import {
  type AuthorizeAnswer,
  authorizeMetadata,
  authorizeParams,
  authorizeSpec,
  describeError,
  readAnswer,
  type Topic,
} from './authorize-request.js'

/** The first request and what it showed, for par and the summary (kept per run, outside the shared state). */
export interface AuthorizeOutcome {
  answer: AuthorizeAnswer | null
  authorizeUrl: null | string
  redirectUri: null | string
  registered: null | {from: 'error' | 'flag'; uri: string}
}

const outcomes = new WeakMap<ProbeState, AuthorizeOutcome>()
export const authorizeOutcome = (state: ProbeState) => outcomes.get(state) ?? null

const OWNER: Record<Topic, CheckId | null> = {
  client: 'authorize-redirect-uri',
  other: null,
  par: null,
  pkce: 'authorize-pkce',
  redirect: 'authorize-redirect-uri',
  response_type: 'authorize-response-type',
  scope: 'authorize-scope',
}

/** The scope sent: --scope, else openid when the server is an OpenID provider (its requests need it). */
function scopeOf(state: ProbeState): null | string {
  if (state.plan.scope) return state.plan.scope
  const meta = authorizeMetadata(state)
  return meta?.oidc || meta?.scopes?.includes('openid') ? 'openid' : null
}

function why(state: ProbeState): null | string {
  const a = state.plan.authorize
  if (!a?.redirectUri)
    return 'Only with --redirect-uri URI (the redirect URI your app sends) and an authorization endpoint.'
  if (!state.plan.clientId) return 'No client id given (--client-id): the authorization request needs one.'
  if (!a.authorizeUrl && !authorizeMetadata(state)?.authorizationEndpoint)
    return 'No authorization endpoint: give --authorize-url URL, or an --issuer whose metadata names authorization_endpoint.'
  return null
}

const where = (a: AuthorizeAnswer) => (a.location ? ` to ${a.location}` : '')

/** The registered URI to compare with: --registered-redirect-uri, else one the error names. */
function registeredFor(state: ProbeState, answer: AuthorizeAnswer, sent: string) {
  const flag = state.plan.authorize?.registeredRedirectUri
  if (flag) return {from: 'flag' as const, uri: flag}
  const named = registeredFromError(answer.error?.description ?? null, sent)
  return named ? {from: 'error' as const, uri: named} : null
}

function judgeRedirect(state: ProbeState, a: AuthorizeAnswer, exchange: Exchange, o: AuthorizeOutcome): CheckResult {
  const id = 'authorize-redirect-uri'
  const sent = o.redirectUri!
  const explanation = a.explanation
  if (a.kind === 'none') return makeResult(state, id, 'fail', a.problem ?? 'No answer.', exchange, {explanation: null})
  if (a.kind === 'callback') {
    const extra = a.error
      ? ` with ${describeError(a.error)}: the redirect URI is registered; the error is about ${a.topic === 'other' ? 'another parameter' : (a.topic ?? 'another parameter').replace('_', ' ')}.`
      : '.'
    return makeResult(
      state,
      id,
      'pass',
      `Accepted: the server sent the browser back to ${sent} (HTTP ${exchange.response!.status})${extra}`,
      exchange,
      {explanation},
    )
  }

  if (a.kind === 'login')
    return makeResult(
      state,
      id,
      'pass',
      `Accepted: the server answered with its login or consent page (HTTP ${exchange.response!.status}${where(a)}, not followed), which it shows only once client_id and redirect_uri check out.`,
      exchange,
      {explanation: null},
    )
  const status = exchange.response!.status
  if (a.topic === 'client')
    return makeResult(
      state,
      id,
      'fail',
      `Refused: the server does not accept this client_id (HTTP ${status}, ${describeError(a.error)}), so the redirect URI was not judged. Check --client-id (and the tenant or realm in the URL).`,
      exchange,
      {explanation},
    )
  const registered = registeredFor(state, a, sent)
  o.registered = registered
  const diff = registered ? ` ${describeDiff(compareRedirectUris(sent, registered.uri), registered.from)}` : ''
  const hint = registered ? '' : ' Give the registered one with --registered-redirect-uri URI to see how they differ.'
  const about =
    a.topic === 'redirect' || !a.error
      ? `Refused: the server does not accept the redirect URI ${sent} for this client (HTTP ${status}, ${describeError(a.error)}).`
      : `Refused with an error page (HTTP ${status}, ${describeError(a.error)}) instead of a redirect back to ${sent}: the server does not trust the redirect URI enough to send the error there.`
  return makeResult(state, id, 'fail', `${about}${diff}${hint}`, exchange, {explanation})
}

/** For the checks read from the first answer: skipped or blocked when that answer says nothing about them. */
function notJudged(state: ProbeState, id: AuthorizeCheckId, a: AuthorizeAnswer, first: Exchange): CheckResult | null {
  // Read from the first request: its request and answer are shown, its time counted once (on authorize-redirect-uri).
  const skip = (finding: string, by?: CheckId): CheckResult => ({
    ...makeResult(state, id, 'skip', by ? `Blocked by ${by}: ${finding}` : finding, first, {explanation: null, ms: 0}),
    ...(by ? {blockedBy: by} : {}),
  })
  if (a.kind === 'none' || a.kind === 'refused')
    return skip(
      'the authorization request was refused before its other parameters counted, so this was not judged.',
      'authorize-redirect-uri',
    )
  if (a.kind === 'callback' && a.error && a.topic !== null && OWNER[a.topic] !== id) {
    if (a.topic === 'par')
      return skip(
        `Not judged: this client must use a pushed authorization request (${describeError(a.error)}); see par.`,
      )
    const owner = OWNER[a.topic]
    return owner && owner !== 'authorize-redirect-uri'
      ? skip(`the server stopped at another parameter first (${describeError(a.error)}).`, owner)
      : skip(`Not judged: the server refused the request with ${describeError(a.error)} (see authorize-redirect-uri).`)
  }

  return null
}

function judgeResponseType(state: ProbeState, a: AuthorizeAnswer, exchange: Exchange): CheckResult {
  const id = 'authorize-response-type'
  const blocked = notJudged(state, id, a, exchange)
  if (blocked) return blocked
  const listed = authorizeMetadata(state)?.responseTypes
  if (a.topic === 'response_type')
    return makeResult(
      state,
      id,
      'fail',
      `response_type=code refused: ${describeError(a.error)}. The client must be allowed the authorization code flow (response type code, grant authorization_code) in its registration.${listed ? ` The metadata lists ${listed.join(', ')}.` : ''}`,
      exchange,
      {explanation: a.explanation, ms: 0},
    )
  const note =
    listed && !listed.includes('code')
      ? ` But response_types_supported (${listed.join(', ')}) does not list code.`
      : listed
        ? ''
        : ' (The metadata does not list response_types_supported, which RFC 8414 §2 requires.)'
  return makeResult(
    state,
    id,
    listed && !listed.includes('code') ? 'warn' : 'pass',
    `response_type=code accepted.${note}`,
    exchange,
    {explanation: null, ms: 0},
  )
}

function judgeScope(state: ProbeState, a: AuthorizeAnswer, exchange: Exchange, scope: null | string): CheckResult {
  const id = 'authorize-scope'
  if (!scope)
    return skipped(state, id, 'No --scope given (and the server is not an OpenID provider): no scope was sent.')
  const blocked = notJudged(state, id, a, exchange)
  if (blocked) return blocked
  if (a.topic === 'scope')
    return makeResult(
      state,
      id,
      'fail',
      `scope=${scope} refused: ${describeError(a.error)}. Request only scopes this client may have (its registration, or the API's permissions).`,
      exchange,
      {explanation: a.explanation, ms: 0},
    )
  const listed = authorizeMetadata(state)?.scopes
  const unlisted = listed ? scope.split(' ').filter((s) => s && !listed.includes(s)) : []
  if (unlisted.length > 0)
    return makeResult(
      state,
      id,
      'warn',
      `scope=${scope} accepted, but scopes_supported (${listed!.join(', ')}) does not list ${unlisted.join(', ')}: servers often drop scopes they do not know without an error, so the tokens may not carry ${unlisted.length > 1 ? 'them' : 'it'}.`,
      exchange,
      {explanation: null, ms: 0},
    )
  return makeResult(
    state,
    id,
    'pass',
    `scope=${scope} accepted${state.plan.scope ? '' : ' (openid: no --scope given)'}.`,
    exchange,
    {explanation: null, ms: 0},
  )
}

const accepted = (a: AuthorizeAnswer) => a.kind === 'login' || (a.kind === 'callback' && !a.error)
const refusedPkce = (a: AuthorizeAnswer) =>
  (a.kind === 'callback' || a.kind === 'refused') && (a.topic === 'pkce' || a.error?.code === 'invalid_request')

async function judgePkce(
  state: ProbeState,
  a: AuthorizeAnswer,
  first: Exchange,
  o: AuthorizeOutcome,
  scope: null | string,
): Promise<CheckResult> {
  const id = 'authorize-pkce'
  if (a.kind === 'callback' && a.topic === 'pkce')
    return makeResult(
      state,
      id,
      'fail',
      `code_challenge_method=S256 refused: ${describeError(a.error)}. RFC 7636 §4.2 makes S256 mandatory to implement on servers that support PKCE.`,
      first,
      {explanation: a.explanation, ms: 0},
    )
  const blocked = notJudged(state, id, a, first)
  if (blocked) return blocked
  const send2 = async (mode: 'none' | 'plain') => {
    const spec = authorizeSpec(o.authorizeUrl!, authorizeParams(state.plan.clientId!, o.redirectUri!, scope, mode))
    const exchange = await send(state, id, spec)
    return {answer: readAnswer(state, exchange, o.redirectUri!), exchange}
  }

  const without = await send2('none')
  const plain = await send2('plain')
  const parts = ['S256 accepted.']
  let status: CheckResult['status'] = 'pass'
  if (refusedPkce(without.answer))
    parts.push(`Without PKCE the request is refused (${describeError(without.answer.error)}): PKCE is required.`)
  else if (accepted(without.answer))
    parts.push(
      'Without PKCE the request is accepted too: PKCE is not required for this client (RFC 9700 §2.1.1 and OAuth 2.1 ask servers to require it, at least for public clients).',
    )
  else parts.push(`Without PKCE: ${without.answer.problem ?? describeError(without.answer.error)}.`)
  if (refusedPkce(plain.answer))
    parts.push(
      `code_challenge_method=plain is refused (${describeError(plain.answer.error)}), as it should be: plain sends the verifier itself.`,
    )
  else if (accepted(plain.answer))
    parts.push(
      'code_challenge_method=plain is accepted: send S256 (RFC 7636 §4.2; plain exposes the verifier in the request).',
    )
  else parts.push(`With plain: ${plain.answer.problem ?? describeError(plain.answer.error)}.`)
  const meta = authorizeMetadata(state)
  const methods = meta?.codeChallengeMethods
  if (meta && !methods) {
    parts.push(
      'The metadata does not list code_challenge_methods_supported (RFC 8414 §2), so clients cannot tell that PKCE is supported.',
    )
    status = 'warn'
  } else if (methods && !methods.includes('S256')) {
    parts.push(`code_challenge_methods_supported (${methods.join(', ')}) does not list S256, which the server accepts.`)
    status = 'warn'
  }

  return makeResult(state, id, status, parts.join(' '), without.exchange, {
    explanation: null,
    ms: without.exchange.ms + plain.exchange.ms,
  })
}

/** The four authorization-endpoint checks that read the first request's answer (and PKCE's two more). */
export async function checkAuthorize(state: ProbeState): Promise<CheckResult[]> {
  const ids = (
    ['authorize-redirect-uri', 'authorize-response-type', 'authorize-pkce', 'authorize-scope'] as const
  ).filter((id) => state.plan.checks.has(id))
  const plan = state.plan.authorize
  const outcome: AuthorizeOutcome = {
    answer: null,
    authorizeUrl: plan?.authorizeUrl ?? authorizeMetadata(state)?.authorizationEndpoint ?? null,
    redirectUri: plan?.redirectUri ?? null,
    registered: null,
  }
  outcomes.set(state, outcome)
  const reason = why(state)
  const placeholder: RequestSpec | undefined = outcome.authorizeUrl
    ? {headers: {}, method: 'GET', url: outcome.authorizeUrl}
    : undefined
  if (reason) return ids.map((id) => skipped(state, id, reason, placeholder))
  const scope = scopeOf(state)
  const spec = authorizeSpec(
    outcome.authorizeUrl!,
    authorizeParams(state.plan.clientId!, outcome.redirectUri!, scope, 'S256'),
  )
  const exchange = await send(state, 'authorize-redirect-uri', spec)
  const answer = readAnswer(state, exchange, outcome.redirectUri!)
  outcome.answer = answer
  const results: CheckResult[] = []
  for (const id of ids) {
    if (id === 'authorize-redirect-uri') results.push(judgeRedirect(state, answer, exchange, outcome))
    if (id === 'authorize-response-type') results.push(judgeResponseType(state, answer, exchange))
    if (id === 'authorize-scope') results.push(judgeScope(state, answer, exchange, scope))
    if (id === 'authorize-pkce') results.push(await judgePkce(state, answer, exchange, outcome, scope))
  }

  return results
}
