import {BASE_HEADERS, STRATEGIES, tokenRequest} from '../client-auth.js'
import {readOAuthError} from '../explain.js'
import {isKeyMethod} from '../key-auth.js'
import {keyAuthRequest} from '../key-auth-request.js'
import {effectiveMethod, type ProbeState} from '../plan.js'
import type {CheckResult, Exchange, HttpResponse, RequestSpec} from '../types.js'
import {
  blocked,
  blockedResult,
  credentialsBlocked,
  endpointBlock,
  describeResponse,
  isJsonType,
  makeResult,
  send,
  skipped,
  unexpectedAnswer,
} from './common.js'

/** A grant_type no server supports, for unsupported-grant. */
export const UNSUPPORTED_GRANT = 'urn:errcode:params:oauth:grant-type:unsupported-probe'

/** A 4xx that is not a JSON object with an `error` member breaks every OAuth client (RFC 6749 §5.2). */
function errorShapeProblem(r: HttpResponse): null | string {
  if (!readOAuthError(r))
    return `The error is not a JSON object with an "error" member (RFC 6749 §5.2); clients cannot tell what went wrong.`
  if (!isJsonType(r))
    return `The error's Content-Type is "${r.headers['content-type'] ?? 'missing'}", not application/json (RFC 6749 §5.2).`
  return null
}

async function sendOrSkip(
  state: ProbeState,
  id: CheckResult['id'],
  spec: RequestSpec,
): Promise<CheckResult | Exchange> {
  const reason = blocked(state)
  return reason ? skipped(state, id, reason, spec) : send(state, id, spec)
}

const isResult = (x: CheckResult | Exchange): x is CheckResult => 'status' in x

/** method-get: RFC 6749 §3.2 says the token endpoint takes POST; a GET must be refused, never answered with tokens. */
export async function checkMethodGet(state: ProbeState): Promise<CheckResult> {
  const sent = await sendOrSkip(state, 'method-get', {
    headers: {...BASE_HEADERS},
    method: 'GET',
    url: state.endpoint ?? '',
  })
  if (isResult(sent)) return sent
  const r = sent.response
  const odd = unexpectedAnswer(sent)
  if (odd || !r) {
    // A GET that crashes the server is its problem, not the client's: warn, don't fail.
    const status = odd?.status === 'fail' && r && r.status >= 500 ? 'warn' : (odd?.status ?? 'fail')
    return makeResult(state, 'method-get', status, odd?.finding ?? 'No answer.', sent)
  }

  if (r.status === 405) {
    const allow = r.headers.allow ? ` (Allow: ${r.headers.allow})` : ''
    return makeResult(state, 'method-get', 'pass', `GET is refused with 405 Method Not Allowed${allow}.`, sent)
  }

  if (r.status >= 200 && r.status < 300) {
    const tokens = r.json && typeof r.json === 'object' && 'access_token' in r.json
    return tokens
      ? makeResult(
          state,
          'method-get',
          'fail',
          'A GET was answered with an access token. RFC 6749 §3.2 requires POST, so credentials and tokens never travel in URLs and logs.',
          sent,
        )
      : makeResult(
          state,
          'method-get',
          'warn',
          `A GET was answered with ${describeResponse(r)}. A token endpoint only takes POST (RFC 6749 §3.2): is this URL really the token endpoint?`,
          sent,
        )
  }

  if (r.status === 404) {
    return makeResult(
      state,
      'method-get',
      'warn',
      `GET is refused, but with 404 (${describeResponse(r)}), which looks the same as a wrong URL. 405 would say the URL is right and the method wrong (RFC 9110 §15.5.6).`,
      sent,
    )
  }

  return makeResult(state, 'method-get', 'pass', `GET is refused: ${describeResponse(r)}.`, sent)
}

/** empty-post: a token request without parameters must be refused with 400 invalid_request (RFC 6749 §5.2). */
export async function checkEmptyPost(state: ProbeState): Promise<CheckResult> {
  const sent = await sendOrSkip(state, 'empty-post', tokenRequest(state.endpoint ?? '', []))
  if (isResult(sent)) return sent
  const r = sent.response
  const odd = unexpectedAnswer(sent)
  if (odd || !r) return makeResult(state, 'empty-post', odd?.status ?? 'fail', odd?.finding ?? 'No answer.', sent)
  if (r.status < 300)
    return makeResult(
      state,
      'empty-post',
      'fail',
      `An empty POST was answered with ${describeResponse(r)}; it must be refused (RFC 6749 §5.2).`,
      sent,
    )
  const shape = errorShapeProblem(r)
  if (shape) return makeResult(state, 'empty-post', 'warn', `${describeResponse(r)}. ${shape}`, sent)
  const {error} = readOAuthError(r)!
  if (error === 'invalid_request')
    return makeResult(state, 'empty-post', 'pass', `Refused as RFC 6749 §5.2 says: ${describeResponse(r)}.`, sent)
  if (error === 'invalid_client') {
    return makeResult(
      state,
      'empty-post',
      'pass',
      `Refused: ${describeResponse(r)}. The server authenticates the client first, which RFC 6749 §5.2 allows.`,
      sent,
    )
  }

  return makeResult(
    state,
    'empty-post',
    'warn',
    `${describeResponse(r)}: a request missing grant_type is invalid_request (RFC 6749 §5.2).`,
    sent,
  )
}

/**
 * unsupported-grant: an unknown grant_type must get 400 unsupported_grant_type (RFC 6749 §5.2). Most servers
 * authenticate the client first, so the real credentials are used when they may be sent; otherwise the request is
 * anonymous and a refusal for missing credentials is all it can show.
 */
export async function checkUnsupportedGrant(state: ProbeState): Promise<CheckResult> {
  let spec = tokenRequest(state.endpoint ?? '', [{name: 'grant_type', value: UNSUPPORTED_GRANT}])
  const wrongEndpoint = endpointBlock(state, 'unsupported-grant', spec)
  if (wrongEndpoint) return wrongEndpoint
  // This probes the server, not the app: a method the server already refused would only be refused again.
  const outcome = state.authOutcome
  const accepted = (['client_secret_basic', 'client_secret_post'] as const).find((m) => outcome[m] === 'accepted')
  const preferred = effectiveMethod(state)
  const refused = preferred !== 'none' && outcome[preferred] === 'rejected'
  const withCredentials = state.endpoint !== null && !credentialsBlocked(state) && (!refused || Boolean(accepted))
  const method = withCredentials ? (refused ? accepted! : preferred) : 'none'
  const unauthenticated = spec
  if (withCredentials)
    spec = STRATEGIES[method](spec, {
      clientId: state.plan.clientId!,
      secret: state.plan.clientSecret,
      secretSlot: 'client_secret',
    })
  // A key method that worked (auth-jwt, auth-mtls) authenticates this request instead of a secret.
  const {auth} = state.plan
  if (isKeyMethod(auth) && state.keyAuth?.outcome.get(auth) === 'accepted')
    spec = (await keyAuthRequest(state, unauthenticated)) ?? spec
  const sent = await sendOrSkip(state, 'unsupported-grant', spec)
  if (isResult(sent)) return sent
  const r = sent.response
  const odd = unexpectedAnswer(sent)
  if (odd || !r)
    return makeResult(state, 'unsupported-grant', odd?.status ?? 'fail', odd?.finding ?? 'No answer.', sent)
  if (r.status < 300)
    return makeResult(
      state,
      'unsupported-grant',
      'fail',
      `An unknown grant_type was answered with ${describeResponse(r)}; it must be refused.`,
      sent,
    )
  const shape = errorShapeProblem(r)
  if (shape) return makeResult(state, 'unsupported-grant', 'warn', `${describeResponse(r)}. ${shape}`, sent)
  const {error} = readOAuthError(r)!
  if (error === 'unsupported_grant_type')
    return makeResult(
      state,
      'unsupported-grant',
      'pass',
      `Refused as RFC 6749 §5.2 says: ${describeResponse(r)}.`,
      sent,
    )
  if (!withCredentials && (error === 'invalid_request' || error === 'invalid_client')) {
    const finding = `${describeResponse(r)}. The server checks client authentication before grant_type (allowed), so without credentials this only shows that the request is refused.`
    return makeResult(state, 'unsupported-grant', 'pass', finding, sent)
  }

  if (error === 'invalid_client') {
    const by = method === 'client_secret_post' ? 'auth-post' : 'auth-basic'
    if (state.authOutcome[method as 'client_secret_basic'] === 'rejected')
      return blockedResult(
        state,
        'unsupported-grant',
        by,
        'the credentials were refused, so the server never reached the grant_type.',
        sent,
      )
    return makeResult(
      state,
      'unsupported-grant',
      'warn',
      `${describeResponse(r)}: client authentication failed, so the grant_type check was never reached.`,
      sent,
    )
  }

  return makeResult(
    state,
    'unsupported-grant',
    'warn',
    `${describeResponse(r)}: RFC 6749 §5.2 defines unsupported_grant_type for a grant the server does not know; clients that branch on it will misreport this.`,
    sent,
  )
}

/** json-body: RFC 6749 §3.2 and §4.4.2 require application/x-www-form-urlencoded; a JSON body must be refused. */
export async function checkJsonBody(state: ProbeState): Promise<CheckResult> {
  const json: Record<string, string> = {grant_type: 'client_credentials'}
  if (state.plan.clientId) json.client_id = state.plan.clientId
  const spec: RequestSpec = {
    headers: {...BASE_HEADERS, 'content-type': 'application/json'},
    json,
    method: 'POST',
    url: state.endpoint ?? '',
  }
  const sent = await sendOrSkip(state, 'json-body', spec)
  if (isResult(sent)) return sent
  const r = sent.response
  const odd = unexpectedAnswer(sent)
  if (odd || !r) return makeResult(state, 'json-body', odd?.status ?? 'fail', odd?.finding ?? 'No answer.', sent)
  if (r.status < 300) {
    return makeResult(
      state,
      'json-body',
      'warn',
      `A JSON body was accepted (${describeResponse(r)}). RFC 6749 requires form encoding; an app that sends JSON here will fail on other servers.`,
      sent,
    )
  }

  const shape = errorShapeProblem(r)
  if (shape && r.status !== 415)
    return makeResult(state, 'json-body', 'warn', `Refused, but: ${describeResponse(r)}. ${shape}`, sent)
  const said = readOAuthError(r)?.description ?? ''
  const why = r.status === 415 || /form|urlencoded|content.?type/i.test(said) ? ' because it is not form-encoded' : ''
  return makeResult(
    state,
    'json-body',
    'pass',
    `Refused${why}: ${describeResponse(r)}. Send application/x-www-form-urlencoded (RFC 6749 §3.2).`,
    sent,
  )
}
