/**
 * The summary's words about client authentication beyond secrets: what the app uses, how that went, and how it
 * compares with token_endpoint_auth_methods_supported.
 */
import {isKeyMethod, keyAuthState, METHOD_CHECK} from './key-auth.js'
import type {ProbeState} from './plan.js'
import type {AuthOutcome, CheckResult, KeyMethod} from './types.js'

/** The key method's outcome for the report's authMethods, only when the run used one. */
export function keyAuthOutcomes(state: ProbeState): Partial<Record<KeyMethod, AuthOutcome>> {
  const {auth} = state.plan
  if (!isKeyMethod(auth)) return {}
  return {[auth]: state.keyAuth?.outcome.get(auth) ?? 'untested'}
}

/** True when a key method was tried: the summary's "credentials were not tested" does not apply then. */
export function keyAuthTried(state: ProbeState): boolean {
  const {auth} = state.plan
  return isKeyMethod(auth) && (state.keyAuth?.outcome.get(auth) ?? 'untested') !== 'untested'
}

function listedNote(state: ProbeState, method: KeyMethod): string {
  const m = state.metadata
  if (!m) return ''
  if (!m.authMethodsListed)
    return ` The metadata lists no token_endpoint_auth_methods_supported (RFC 8414 §2: client_secret_basic by default).`
  return m.authMethods.includes(method)
    ? ` The metadata's token_endpoint_auth_methods_supported lists it.`
    : ` The metadata's token_endpoint_auth_methods_supported (${m.authMethods.join(', ')}) does not list ${method}.`
}

/** One or two sentences, or null when the run used a secret method. */
export function keyAuthVerdict(state: ProbeState, byId: Map<string, CheckResult>): null | string {
  const {auth} = state.plan
  if (!isKeyMethod(auth)) return null
  const outcome = keyAuthState(state).outcome.get(auth) ?? 'untested'
  const check = byId.get(METHOD_CHECK[auth])
  const listed = listedNote(state, auth)
  if (outcome === 'untested') {
    const why = check?.status === 'skip' ? ` (${check.finding.replace(/\.$/, '')})` : ''
    const m = state.metadata
    const meta = m?.authMethodsListed ? (m.authMethods.includes(auth) ? ` The metadata lists ${auth}.` : listed) : ''
    return `Your app uses ${auth}; it was not tested${why}.${meta}`
  }

  if (outcome === 'rejected') return `The server refused ${auth} for this client: see ${METHOD_CHECK[auth]}.${listed}`
  const exchange = state.exchanges.get(METHOD_CHECK[auth])
  const tokens =
    exchange?.response && exchange.response.status < 300 ? ': client_credentials returned an access token' : ''
  const aud = auth === 'private_key_jwt' || auth === 'client_secret_jwt' ? audSentence(state) : ''
  return `Your app's ${auth} works${tokens}.${aud}${listed}`
}

function audSentence(state: ProbeState): string {
  const auds = keyAuthState(state).audiences
  const ok = auds.filter((a) => a.outcome === 'accepted').map((a) => a.what)
  const refused = auds.filter((a) => a.outcome === 'rejected').map((a) => a.what)
  if (ok.length === 2) return ' The assertion may name the token endpoint URL or the issuer as aud.'
  if (ok.length === 1 && refused.length > 0) return ` The assertion's aud must be the ${ok[0]}, not the ${refused[0]}.`
  return ''
}
