import {randomBytes} from 'node:crypto'

import {STRATEGIES, tokenRequest} from '../client-auth.js'
import {readOAuthError} from '../explain.js'
import {isKeyMethod} from '../key-auth.js'
import {effectiveMethod, type ProbeState} from '../plan.js'
import type {AuthOutcome, CheckResult, CheckStatus, Exchange, FormParam} from '../types.js'
import {
  blocked,
  credentialsBlocked,
  describeResponse,
  endpointBlock,
  makeResult,
  send,
  skipped,
  unexpectedAnswer,
} from './common.js'

type SecretMethod = 'client_secret_basic' | 'client_secret_post'
const CHECK: Record<SecretMethod, 'auth-basic' | 'auth-post'> = {
  client_secret_basic: 'auth-basic',
  client_secret_post: 'auth-post',
}
const OTHER: Record<SecretMethod, SecretMethod> = {
  client_secret_basic: 'client_secret_post',
  client_secret_post: 'client_secret_basic',
}
const USER_METHOD = {basic: 'client_secret_basic', post: 'client_secret_post'} as const

/** The client_credentials request the auth probes send (RFC 6749 §4.4.2), with --scope, --audience, --resource. */
export function clientCredentialsParams(state: ProbeState): FormParam[] {
  const {audience, resource, scope} = state.plan
  const params: FormParam[] = [{name: 'grant_type', value: 'client_credentials'}]
  if (scope) params.push({name: 'scope', value: scope})
  if (audience) params.push({name: 'audience', value: audience})
  if (resource) params.push({name: 'resource', value: resource})
  return params
}

// Server messages that mean "I did not find or accept client credentials", whatever the error code.
const AUTH_WORDS = /client.?auth|authenticat|credential|client_secret|client.?id|mechanism|unauthori[sz]ed client/i

/**
 * Did the server accept the client's credentials? A token is the obvious yes; so is any refusal about the grant
 * itself (unauthorized_client, invalid_scope...), because servers authenticate the client before judging the grant.
 * invalid_client, a 401, or an invalid_request about authentication is a no. Anything else says nothing.
 */
export function classifyAuth(exchange: Exchange): AuthOutcome {
  const r = exchange.response
  if (!r || (r.status >= 300 && r.status < 400) || r.status === 429 || r.status >= 500 || r.truncated) return 'untested'
  // Not a token endpoint's answer, whatever its body says: a JSON 404 {"error":"Not Found"} proves nothing.
  if (r.status === 404 || r.status === 405) return 'untested'
  const oauth = readOAuthError(r)
  if (oauth) {
    if (oauth.error === 'invalid_client') return 'rejected'
    if (oauth.error === 'invalid_request' && AUTH_WORDS.test(oauth.description ?? '')) return 'rejected'
    return r.status === 401 ? 'rejected' : 'accepted'
  }

  if (r.status === 401) return 'rejected'
  const token =
    r.json && typeof r.json === 'object' && typeof (r.json as {access_token?: unknown}).access_token === 'string'
  return r.status < 300 && token ? 'accepted' : 'untested'
}

/** A 2xx JSON body with an access_token: the only proof that a request was granted. */
export function gotTokens(r: Exchange['response']): boolean {
  return Boolean(
    r &&
    r.status >= 200 &&
    r.status < 300 &&
    r.json &&
    typeof r.json === 'object' &&
    typeof (r.json as {access_token?: unknown}).access_token === 'string',
  )
}

function acceptedFinding(exchange: Exchange): string {
  const r = exchange.response!
  if (r.status < 300) return `Accepted: HTTP ${r.status} with an access token.`
  return `Accepted: the client authenticated, but the grant was refused (${describeResponse(r)}).`
}

/**
 * auth-basic and auth-post: the real credentials by each method. Run together because each verdict depends on
 * the other: a method the server refuses is only a failure when it is the app's method or nothing works.
 */
export async function checkAuthMethods(state: ProbeState): Promise<CheckResult[]> {
  const methods: SecretMethod[] = ['client_secret_basic', 'client_secret_post']
  const selected = methods.filter((m) => state.plan.checks.has(CHECK[m]))
  if (state.wrongEndpoint) return selected.map((m) => endpointBlock(state, CHECK[m])!)
  const reason = keyMethodSkip(state) ?? blocked(state) ?? credentialsBlocked(state)
  const exchanges = new Map<SecretMethod, Exchange>()
  for (const method of selected) {
    if (reason) continue
    const spec = STRATEGIES[method](tokenRequest(state.endpoint!, clientCredentialsParams(state)), {
      clientId: state.plan.clientId!,
      secret: state.plan.clientSecret,
      secretSlot: 'client_secret',
    })
    const exchange = await send(state, CHECK[method], spec)
    exchanges.set(method, exchange)
    state.authOutcome[method] = classifyAuth(exchange)
  }

  const userMethod = state.plan.auth === 'basic' || state.plan.auth === 'post' ? USER_METHOD[state.plan.auth] : null
  return selected.map((method) => {
    const id = CHECK[method]
    const exchange = exchanges.get(method)
    if (!exchange) return skipped(state, id, reason ?? 'Not run.')
    const outcome = state.authOutcome[method]
    const other = state.authOutcome[OTHER[method]]
    if (outcome === 'accepted') return makeResult(state, id, 'pass', acceptedFinding(exchange), exchange)
    const odd = unexpectedAnswer(exchange)
    if (outcome === 'untested') {
      const finding =
        odd?.finding ??
        `Inconclusive: ${describeResponse(exchange.response!)} says neither yes nor no about the credentials.`
      return makeResult(state, id, odd?.status ?? 'warn', finding, exchange)
    }

    const said = describeResponse(exchange.response!)
    let status: CheckStatus = 'fail'
    let finding = `Rejected: ${said}.`
    if (other === 'accepted') {
      const works = OTHER[method]
      if (userMethod === method)
        finding = `Rejected (${said}) while ${works} works: this server accepts ${works} only for this client, and your app sends ${method}.`
      else {
        status = 'warn'
        finding = `Rejected (${said}): this server takes ${works} for this client, not ${method}. Nothing to fix unless your app sends ${method}.`
      }
    } else if (other === 'rejected')
      finding = `Rejected: ${said}. The other method is rejected too: the secret is wrong, or the client id is unknown or disabled.`
    return makeResult(state, id, status, finding, exchange)
  })
}

/** A key method (--private-key, --cert, client_secret_jwt) sends no secret as it is: the secret probes do not apply. */
function keyMethodSkip(state: ProbeState): null | string {
  const {auth} = state.plan
  return isKeyMethod(auth) ? `--auth ${auth}: the client does not send a secret as it is.` : null
}

/** wrong-secret: a deliberately wrong secret must get 401 invalid_client, with WWW-Authenticate after Basic (RFC 6749 §5.2). */
export async function checkWrongSecret(state: ProbeState): Promise<CheckResult> {
  const {clientId} = state.plan
  if (!clientId) return skipped(state, 'wrong-secret', 'No client id given (--client-id).')
  if (state.plan.auth === 'none') return skipped(state, 'wrong-secret', '--auth none: a public client has no secret.')
  const keyed = keyMethodSkip(state)
  if (keyed)
    return skipped(state, 'wrong-secret', `${keyed} jwt-wrong-key or auth-mtls tests a wrong credential instead.`)
  const effective = effectiveMethod(state)
  const method = effective === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic'
  const wrong = `errcode-wrong-secret-${randomBytes(6).toString('hex')}`
  const spec = STRATEGIES[method](tokenRequest(state.endpoint ?? '', clientCredentialsParams(state)), {
    clientId,
    secret: wrong,
  })
  const reason = blocked(state)
  if (reason) return skipped(state, 'wrong-secret', reason, spec)
  const wrongEndpoint = endpointBlock(state, 'wrong-secret', spec)
  if (wrongEndpoint) return wrongEndpoint
  const exchange = await send(state, 'wrong-secret', spec)
  const r = exchange.response
  const odd = unexpectedAnswer(exchange)
  if (odd || !r) return makeResult(state, 'wrong-secret', odd?.status ?? 'fail', odd?.finding ?? 'No answer.', exchange)
  const by = method === 'client_secret_basic' ? 'in the Authorization header' : 'in the form body'
  if (gotTokens(r)) {
    return makeResult(
      state,
      'wrong-secret',
      'fail',
      `A wrong secret sent ${by} was accepted (${describeResponse(r)}): the server does not check the client secret.`,
      exchange,
    )
  }

  const oauth = readOAuthError(r)
  if (oauth?.error !== 'invalid_client') {
    return makeResult(
      state,
      'wrong-secret',
      'warn',
      `${describeResponse(r)}: no tokens were issued, but RFC 6749 §5.2 says a failed client authentication is invalid_client.`,
      exchange,
    )
  }

  if (method === 'client_secret_basic') {
    if (r.status !== 401) {
      return makeResult(
        state,
        'wrong-secret',
        'warn',
        `${describeResponse(r)}: after Basic authentication fails, RFC 6749 §5.2 requires HTTP 401.`,
        exchange,
      )
    }

    if (!r.headers['www-authenticate']) {
      return makeResult(
        state,
        'wrong-secret',
        'warn',
        `${describeResponse(r)} but no WWW-Authenticate header, which RFC 6749 §5.2 requires after Basic authentication fails.`,
        exchange,
      )
    }
  }

  const header = r.headers['www-authenticate']
    ? ` with WWW-Authenticate: ${r.headers['www-authenticate'].slice(0, 120)}`
    : ''
  return makeResult(
    state,
    'wrong-secret',
    'pass',
    `A wrong secret sent ${by} is refused: ${describeResponse(r)}${header}.`,
    exchange,
  )
}
