/**
 * A token request authenticated the way the plan says when that is not a secret: a fresh client assertion
 * (assertions are single-use, so every request gets its own) or the client certificate at the mTLS endpoint.
 * The grant checks, unsupported-grant and dpop use it so they authenticate as the app does.
 */
import {STRATEGIES} from './client-auth.js'
import {assertionKey, buildAssertion, withAssertion} from './jwt-auth.js'
import {isKeyMethod, JWT_METHODS, keyAuthState, MTLS_METHODS, mtlsTokenEndpoint} from './key-auth.js'
import type {ProbeState} from './plan.js'
import type {RequestSpec} from './types.js'

/** The aud for new assertions: the one the server accepted, else the token endpoint URL (RFC 7523 §3 item 3). */
export function assertionAudience(state: ProbeState): string {
  const accepted = keyAuthState(state).audiences.find((a) => a.outcome === 'accepted')
  return accepted?.aud ?? state.endpoint ?? ''
}

/** A signed assertion for this run, remembered as a secret so no output can carry it. */
export async function freshAssertion(
  state: ProbeState,
  aud: string,
  options: {expiresIn?: number; key?: ReturnType<typeof assertionKey>} = {},
): Promise<string> {
  const {plan} = state
  const key = options.key ?? assertionKey(plan.keyAuth?.privateKey, plan.clientSecret, plan.keyAuth?.hmacAlg)
  const assertion = await buildAssertion({aud, clientId: plan.clientId ?? '', expiresIn: options.expiresIn}, key)
  plan.keyAuth?.generated.push(assertion)
  return assertion
}

/** The request with the plan's key method applied, or null when the plan's method is a secret one. */
export async function keyAuthRequest(state: ProbeState, request: RequestSpec): Promise<null | RequestSpec> {
  const {auth, clientId} = state.plan
  if (!isKeyMethod(auth) || !clientId) return null
  if (JWT_METHODS.has(auth))
    return withAssertion(request, clientId, await freshAssertion(state, assertionAudience(state)))
  if (MTLS_METHODS.has(auth)) {
    const {url} = mtlsTokenEndpoint(state)
    return {...STRATEGIES.none(request, {clientId, secret: null}), mtls: true, url: url ?? request.url}
  }

  return null
}

/**
 * The request authenticated by whatever worked in this run: the key method, else the secret method the server
 * accepted. Null when nothing authenticated (the caller reports what blocked it).
 */
export async function authenticatedRequest(state: ProbeState, request: RequestSpec): Promise<null | RequestSpec> {
  const {auth, clientId, clientSecret} = state.plan
  if (!clientId) return null
  if (isKeyMethod(auth))
    return keyAuthState(state).outcome.get(auth) === 'accepted' ? keyAuthRequest(state, request) : null
  const outcome = state.authOutcome
  const accepted = (['client_secret_basic', 'client_secret_post'] as const).find((m) => outcome[m] === 'accepted')
  if (accepted) return STRATEGIES[accepted](request, {clientId, secret: clientSecret, secretSlot: 'client_secret'})
  if (auth === 'none' || !clientSecret) return STRATEGIES.none(request, {clientId, secret: null})
  return null
}
