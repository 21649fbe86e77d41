/**
 * par: the authorization request pushed to the pushed_authorization_request_endpoint (RFC 9126 §2), when the
 * metadata advertises one. The client authenticates as at the token endpoint (RFC 9126 §2.1), so the secret goes
 * only where the token checks would send it; without one, the client pushes as a public client (client_id only).
 */
import {STRATEGIES} from '../client-auth.js'
import {isLoopback} from '../connect.js'
import {explainResponse, readOAuthError} from '../explain.js'
import {hostOfUrl} from '../discovery.js'
import {effectiveMethod, type ProbeState} from '../plan.js'
import {compareRedirectUris, describeDiff, registeredFromError} from '../redirect-diff.js'
import type {CheckResult, FormParam, RequestSpec} from '../types.js'
import {authorizeOutcome} from './authorize.js'
import {authorizeMetadata, authorizeParams, topicOf} from './authorize-request.js'
import {blockedResult, describeResponse, makeResult, send, skipped, unexpectedAnswer} from './common.js'
import {BASE_HEADERS, FORM_TYPE} from '../client-auth.js'

/** Why the secret must not go to the PAR endpoint, or null (the token checks' rules, for this URL). */
function secretBlocked(state: ProbeState, url: string): null | string {
  const {plan} = state
  if (!plan.clientSecret || plan.auth === 'none') return 'no client secret given'
  if (!plan.sendCredentials) return 'you chose not to send the credentials'
  const host = hostOfUrl(url)
  const known = [state.endpoint, plan.issuer].map((u) => (u ? hostOfUrl(u) : null))
  if (!known.includes(host) && !plan.otherHostAllowed)
    return `the PAR endpoint is on ${host}, neither the token endpoint's host nor the issuer's; pass --yes to send the secret there`
  const u = new URL(url)
  if (u.protocol === 'http:' && !isLoopback(u.hostname) && !plan.allowHttp)
    return `${u.host} is plain http:// (use https, or --allow-http)`
  return null
}

function requirement(state: ProbeState, required: boolean): string {
  const outcome = authorizeOutcome(state)
  const refused = outcome?.answer?.kind === 'callback' && outcome.answer.topic === 'par'
  if (required)
    return ' The metadata sets require_pushed_authorization_requests: the authorization endpoint takes only pushed requests (RFC 9126 §5): push first, then send only client_id and request_uri there.'
  if (refused)
    return ' The authorization endpoint refused the same request sent directly: this client must use PAR (require_pushed_authorization_requests in its registration, RFC 9126 §6).'
  return ' PAR is optional here (require_pushed_authorization_requests is not set).'
}

export async function checkPar(state: ProbeState): Promise<CheckResult> {
  const id = 'par'
  const a = state.plan.authorize
  const meta = authorizeMetadata(state)
  if (!meta)
    return skipped(state, id, 'No server metadata (--issuer): PAR is tried only when the metadata advertises it.')
  if (!meta.parEndpoint)
    return skipped(
      state,
      id,
      "The server's metadata advertises no pushed_authorization_request_endpoint (RFC 9126 §5), so PAR was not tried.",
    )
  if (!a?.redirectUri || !state.plan.clientId)
    return skipped(state, id, 'Only with --client-id and --redirect-uri (the request to push).')
  const scope = state.plan.scope ?? (meta.oidc || meta.scopes?.includes('openid') ? 'openid' : null)
  const notSent = secretBlocked(state, meta.parEndpoint)
  const method = notSent ? 'none' : effectiveMethod(state)
  // client_id is a parameter of the request itself (RFC 9126 §2.1); the post and public strategies add it.
  const form: FormParam[] = authorizeParams(state.plan.clientId, a.redirectUri, scope, 'S256')
    .filter(([name]) => name !== 'client_id' || method === 'client_secret_basic')
    .map(([name, value]) => ({name, value}))
  const request: RequestSpec = {
    form,
    headers: {...BASE_HEADERS, 'content-type': FORM_TYPE},
    method: 'POST',
    url: meta.parEndpoint,
  }
  if (method !== 'none' && state.authOutcome[method] === 'rejected')
    return blockedResult(
      state,
      id,
      method === 'client_secret_post' ? 'auth-post' : 'auth-basic',
      `the server refused the client's credentials (${method}), so it would refuse this push too; nothing was sent.`,
    )
  const spec = STRATEGIES[method](request, {
    clientId: state.plan.clientId,
    secret: state.plan.clientSecret,
    secretSlot: 'client_secret',
  })
  const how =
    method === 'none'
      ? `as a public client (client_id only${state.plan.clientSecret ? `: the secret was not sent, ${notSent}` : ''})`
      : `with ${method}`
  const exchange = await send(state, id, spec)
  const r = exchange.response
  const odd = unexpectedAnswer(exchange)
  if (odd || !r) return makeResult(state, id, odd?.status ?? 'fail', odd?.finding ?? 'No answer.', exchange)
  const body = r.json && typeof r.json === 'object' ? (r.json as Record<string, unknown>) : null
  if (r.status < 300 && typeof body?.request_uri === 'string') {
    const expires = typeof body.expires_in === 'number' ? `, expires_in ${body.expires_in} s` : ''
    const status = r.status === 201 ? 'pass' : 'warn'
    const created = r.status === 201 ? '' : ' RFC 9126 §2.2 answers 201 Created.'
    return makeResult(
      state,
      id,
      status,
      `Pushed ${how}: HTTP ${r.status}, request_uri of ${body.request_uri.length} characters${expires}.${created}${requirement(state, meta.requirePar)}`,
      exchange,
      {explanation: null},
    )
  }

  const oauth = readOAuthError(r)
  if (r.status === 401 && method === 'none')
    return makeResult(
      state,
      id,
      'skip',
      `The server wants client authentication to push (${describeResponse(r)}); the request went ${how}. Give the client secret (--client-secret-env NAME) to test PAR.`,
      exchange,
    )
  let finding = `Refused ${how}: ${describeResponse(r)}.`
  if (oauth && topicOf(oauth.error, oauth.description) === 'redirect') {
    const flag = a.registeredRedirectUri
    const named = flag ?? registeredFromError(oauth.description, a.redirectUri)
    if (named) finding += ` ${describeDiff(compareRedirectUris(a.redirectUri, named), flag ? 'flag' : 'error')}`
  }

  return makeResult(state, id, 'fail', finding, exchange, {explanation: explainResponse(state.catalog, r)})
}
