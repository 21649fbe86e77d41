import {STRATEGIES, tokenRequest} from '../client-auth.js'
import {explainCode, readOAuthError} from '../explain.js'
import {keyAuthRequest} from '../key-auth-request.js'
import {effectiveMethod, type ProbeState} from '../plan.js'
import type {CheckId, CheckResult, FormParam} from '../types.js'
import {
  blocked,
  blockedResult,
  credentialsBlocked,
  describeResponse,
  endpointBlock,
  makeResult,
  send,
  skipped,
  unexpectedAnswer,
} from './common.js'
import {judgeTokenSuccess, withNotes} from './response.js'

/**
 * The explanation with the causes and fixes that concern this grant first: a generic invalid_grant entry covers
 * codes and refresh tokens alike, and the renderer shows its first fix.
 */
function focusExplanation(match: CheckResult['explanation'], about: RegExp): CheckResult['explanation'] {
  if (!match) return match
  const first = (items: string[]) => [...items.filter((x) => about.test(x)), ...items.filter((x) => !about.test(x))]
  return {...match, causes: first(match.causes), fixes: first(match.fixes)}
}

/** Send one grant request with the app's client authentication and judge the answer (RFC 6749 §5.1 / §5.2). */
async function exchangeGrant(
  state: ProbeState,
  id: CheckId,
  params: FormParam[],
  hints: Record<string, string>,
  focus?: RegExp,
): Promise<CheckResult> {
  const method = effectiveMethod(state)
  const request = tokenRequest(state.endpoint ?? '', params)
  // A key method (private_key_jwt, mTLS...) authenticates this request as the app would.
  const spec =
    (await keyAuthRequest(state, request)) ??
    STRATEGIES[method](request, {
      clientId: state.plan.clientId ?? '',
      secret: state.plan.clientSecret,
      secretSlot: 'client_secret',
    })
  const reason = blocked(state) ?? credentialsBlocked(state, {publicClientAllowed: true})
  if (reason) return skipped(state, id, reason, spec)
  const wrongEndpoint = endpointBlock(state, id, spec)
  if (wrongEndpoint) return wrongEndpoint
  if (method !== 'none' && state.authOutcome[method] === 'rejected') {
    const by = method === 'client_secret_post' ? 'auth-post' : 'auth-basic'
    return blockedResult(
      state,
      id,
      by,
      `the server refused the client's credentials (${method}), so it would refuse this request too; nothing was sent.`,
      null,
      spec,
    )
  }

  const exchange = await send(state, id, spec)
  const r = exchange.response
  const odd = unexpectedAnswer(exchange)
  if (odd || !r) return makeResult(state, id, odd?.status ?? 'fail', odd?.finding ?? 'No answer.', exchange)
  if (r.status < 300) {
    const {fails, notes, warns} = judgeTokenSuccess(r)
    const status = fails.length > 0 ? 'fail' : warns.length > 0 ? 'warn' : 'pass'
    const extra = hints.success && notes.includes('a refresh_token') ? [hints.success] : []
    return makeResult(
      state,
      id,
      status,
      [withNotes(`Tokens issued (HTTP ${r.status})`, notes, ': '), ...fails, ...warns, ...extra].join(' '),
      exchange,
    )
  }

  const oauth = readOAuthError(r)
  const hint = oauth ? (hints[oauth.error] ?? '') : ''
  const result = makeResult(state, id, 'fail', `Refused: ${describeResponse(r)}.${hint ? ` ${hint}` : ''}`, exchange)
  return focus ? {...result, explanation: focusExplanation(result.explanation, focus)} : result
}

/** refresh: --grant refresh_token with the token from --refresh-token-env (RFC 6749 §6). */
export async function checkRefresh(state: ProbeState): Promise<CheckResult> {
  const {plan} = state
  if (plan.grant !== 'refresh_token' || !plan.refreshToken)
    return skipped(state, 'refresh', 'Only with a refresh token (--refresh-token-env NAME).')
  const params: FormParam[] = [
    {name: 'grant_type', value: 'refresh_token'},
    {name: 'refresh_token', secret: 'refresh_token', value: plan.refreshToken},
  ]
  if (plan.scope) params.push({name: 'scope', value: plan.scope})
  return exchangeGrant(
    state,
    'refresh',
    params,
    {
      invalid_grant:
        'The refresh token is expired, revoked, already used (servers that rotate refresh tokens accept each one once), or was issued to another client.',
      success:
        'A new refresh_token came back: the server rotates them, so store the new one; the old one may no longer work.',
      unauthorized_client:
        'The credentials passed client authentication, but this client may not use the refresh_token grant: enable it in the client registration (often "Grant types" or "Refresh token" in the provider\'s console).',
    },
    /refresh/i,
  )
}

/** code-exchange: --grant authorization_code with the code from --callback-url or --code (RFC 6749 §4.1.3). */
export async function checkCodeExchange(state: ProbeState): Promise<CheckResult> {
  const {plan} = state
  if (plan.grant !== 'authorization_code')
    return skipped(state, 'code-exchange', 'Only with an authorization code (--callback-url or --code).')
  if (plan.callbackError) {
    const {description, error} = plan.callbackError
    const explanation = state.catalog ? explainCode(state.catalog, error, description, 'authorization_response') : null
    const said = description ? ` ("${description.slice(0, 160)}")` : ''
    const finding = `The callback URL carries error=${error}${said} instead of a code: the authorization request failed before any token request could be made.`
    return makeResult(state, 'code-exchange', 'fail', finding, null, {
      explanation,
      request: {body: null, headers: {}, method: 'GET', url: plan.redirectUri ?? ''},
    })
  }

  if (!plan.code) return skipped(state, 'code-exchange', 'No authorization code: give --callback-url or --code.')
  const params: FormParam[] = [
    {name: 'grant_type', value: 'authorization_code'},
    {name: 'code', secret: 'code', value: plan.code},
  ]
  if (plan.redirectUri) params.push({name: 'redirect_uri', value: plan.redirectUri})
  if (plan.codeVerifier) params.push({name: 'code_verifier', secret: 'code_verifier', value: plan.codeVerifier})
  return exchangeGrant(state, 'code-exchange', params, {
    invalid_grant:
      'Codes are single-use and short-lived (often 1-10 minutes): get a fresh one. Also check that redirect_uri is exactly the one in the authorization request and that code_verifier matches its code_challenge (PKCE, RFC 7636 §4.6).',
    invalid_request: plan.codeVerifier
      ? ''
      : 'If the authorization request used PKCE, the server needs --code-verifier.',
    unauthorized_client:
      'The credentials passed client authentication, but this client may not use the authorization_code grant: enable it in the client registration.',
  })
}
