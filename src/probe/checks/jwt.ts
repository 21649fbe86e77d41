/**
 * auth-jwt, jwt-replay, jwt-expired, jwt-wrong-key: private_key_jwt and client_secret_jwt against the token
 * endpoint (RFC 7523 §3, OpenID Connect Core §9). Which aud the server wants is found by asking: the token
 * endpoint URL first (what RFC 7523 and OIDC Core say), then the issuer (what newer profiles ask for).
 */
import {tokenRequest} from '../client-auth.js'
import {ASSERTION_LIFETIME_S, assertionKey, strangerKey, withAssertion} from '../jwt-auth.js'
import {isKeyMethod, JWT_METHODS, keyAuthState, metadataStrings} from '../key-auth.js'
import {assertionAudience, freshAssertion} from '../key-auth-request.js'
import type {ProbeState} from '../plan.js'
import type {AuthOutcome, CheckId, CheckResult, Exchange, KeyMethod} from '../types.js'
import {classifyAuth, clientCredentialsParams} from './auth.js'
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

const ONLY = 'Only with --private-key FILE (private_key_jwt), or --auth client_secret_jwt and the client secret.'

/** The JWT method of this run, or why the JWT checks do not run. */
function jwtMethod(state: ProbeState): {method: KeyMethod} | {reason: string} {
  const {auth, clientSecret, keyAuth} = state.plan
  if (!isKeyMethod(auth) || !JWT_METHODS.has(auth)) return {reason: ONLY}
  if (auth === 'private_key_jwt' && !keyAuth?.privateKey) return {reason: 'private_key_jwt needs --private-key FILE.'}
  if (auth === 'client_secret_jwt' && !clientSecret) return {reason: 'client_secret_jwt needs the client secret.'}
  return {method: auth}
}

function signingKey(state: ProbeState) {
  const {keyAuth, clientSecret} = state.plan
  return assertionKey(keyAuth?.privateKey, clientSecret, keyAuth?.privateKey ? undefined : hmacAlg(state))
}

/** client_secret_jwt's alg: HS256 unless the metadata lists only stronger HMAC algorithms. */
function hmacAlg(state: ProbeState): string {
  const given = state.plan.keyAuth?.hmacAlg
  if (given) return given
  const listed = metadataStrings(state, 'token_endpoint_auth_signing_alg_values_supported') ?? []
  return ['HS256', 'HS384', 'HS512'].find((a) => listed.includes(a)) ?? 'HS256'
}

async function sendAssertion(
  state: ProbeState,
  id: CheckId,
  aud: string,
  options: {expiresIn?: number; stranger?: boolean} = {},
) {
  const key = options.stranger ? strangerKey(signingKey(state)) : signingKey(state)
  const assertion = await freshAssertion(state, aud, {expiresIn: options.expiresIn, key})
  const spec = withAssertion(
    tokenRequest(state.endpoint!, clientCredentialsParams(state)),
    state.plan.clientId!,
    assertion,
  )
  return {assertion, exchange: await send(state, id, spec)}
}

/** What was signed, for the finding: the claims and the key, never the key's value. */
function claimsSent(state: ProbeState, aud: string): string {
  const key = signingKey(state)
  const kid = 'kid' in key && key.kid ? `, kid "${key.kid}"` : ''
  const by = state.plan.keyAuth?.privateKey
    ? `the ${state.plan.keyAuth.privateKey.describe}`
    : 'the client secret (HMAC)'
  return `Claims: iss = sub = "${state.plan.clientId}", aud = ${aud}, a random jti, iat now, exp iat + ${ASSERTION_LIFETIME_S} s; ${key.alg}${kid}, signed with ${by}.`
}

function algNote(state: ProbeState): string {
  const listed = metadataStrings(state, 'token_endpoint_auth_signing_alg_values_supported')
  const {alg} = signingKey(state)
  if (!listed || listed.includes(alg)) return ''
  return ` The metadata's token_endpoint_auth_signing_alg_values_supported (${listed.join(', ')}) does not list ${alg}: pass --alg with one it lists, if the key allows.`
}

const causes = (method: KeyMethod) =>
  method === 'private_key_jwt'
    ? 'The usual causes: the public key registered for the client (jwks or jwks_uri) is not the pair of this private key, or its kid differs (--kid); the client is registered for another token_endpoint_auth_method; the alg is not the registered token_endpoint_auth_signing_alg (--alg); this clock is off (see clock-skew).'
    : 'The usual causes: the secret is wrong; the client is registered for another token_endpoint_auth_method; the alg is not the registered token_endpoint_auth_signing_alg; this clock is off (see clock-skew).'

/** auth-jwt: the real assertion, aud = the token endpoint URL, then aud = the issuer. */
export async function checkJwtAuth(state: ProbeState): Promise<CheckResult> {
  const id = 'auth-jwt'
  const chosen = jwtMethod(state)
  if ('reason' in chosen) return skipped(state, id, chosen.reason)
  const {method} = chosen
  const wrong = endpointBlock(state, id)
  if (wrong) return wrong
  const reason = blocked(state) ?? credentialsBlocked(state, {publicClientAllowed: true})
  if (reason) return skipped(state, id, reason)
  const ka = keyAuthState(state)
  const endpoint = state.endpoint!
  const issuer = state.metadata?.issuer ?? state.plan.issuer
  const tries: {aud: string; what: 'issuer' | 'token endpoint'}[] = [{aud: endpoint, what: 'token endpoint'}]
  if (issuer && issuer !== endpoint) tries.push({aud: issuer, what: 'issuer'})
  let primary: Exchange | null = null
  for (const t of tries) {
    const {assertion, exchange} = await sendAssertion(state, id, t.aud)
    const outcome = classifyAuth(exchange)
    ka.audiences.push({...t, outcome})
    if (outcome === 'accepted' && !ka.acceptedAssertion) ka.acceptedAssertion = {aud: t.aud, value: assertion}
    if (!primary || (outcome === 'accepted' && classifyAuth(primary) !== 'accepted')) primary = exchange
    if (!exchange.response || outcome === 'untested') break
  }

  state.exchanges.set(id, primary!)
  const outcome: AuthOutcome = ka.audiences.some((a) => a.outcome === 'accepted')
    ? 'accepted'
    : ka.audiences.some((a) => a.outcome === 'rejected')
      ? 'rejected'
      : 'untested'
  ka.outcome.set(method, outcome)
  const odd = unexpectedAnswer(primary!)
  if (outcome === 'untested')
    return makeResult(
      state,
      id,
      odd?.status ?? 'warn',
      odd?.finding ??
        `Inconclusive: ${describeResponse(primary!.response!)} says neither yes nor no about the assertion.`,
      primary,
    )
  const byAud = (what: string) => ka.audiences.find((a) => a.what === what)?.outcome
  const [toEndpoint, toIssuer] = [byAud('token endpoint'), byAud('issuer')]
  const claims = claimsSent(state, ka.acceptedAssertion?.aud ?? endpoint)
  if (outcome === 'rejected') {
    const tried = toIssuer
      ? 'with aud = the token endpoint URL and with aud = the issuer'
      : 'with aud = the token endpoint URL'
    return makeResult(
      state,
      id,
      'fail',
      `Rejected ${tried}: ${describeResponse(primary!.response!)}. ${causes(method)}${algNote(state)} ${claims}`,
      primary,
    )
  }

  const r = primary!.response!
  const got =
    r.status < 300
      ? `HTTP ${r.status} with an access token`
      : `the client authenticated, but the grant was refused (${describeResponse(r)})`
  let aud: string
  if (toEndpoint === 'accepted' && toIssuer === 'accepted')
    aud = 'This server takes aud = the token endpoint URL and aud = the issuer alike.'
  else if (toEndpoint === 'accepted' && toIssuer === 'rejected')
    aud = `This server wants aud = the token endpoint URL (${endpoint}); aud = the issuer (${issuer}) is refused.`
  else if (toEndpoint === 'accepted') aud = `aud = the token endpoint URL (${endpoint}) works.`
  else
    aud = `This server wants aud = the issuer (${issuer}); aud = the token endpoint URL, which RFC 7523 §3 suggests, is refused: send the issuer.`
  return makeResult(state, id, 'pass', `Accepted (${method}): ${got}. ${aud}${algNote(state)} ${claims}`, primary)
}

/** The checks that only mean something once auth-jwt got an assertion accepted. */
function needsAccepted(state: ProbeState, id: CheckId): CheckResult | null {
  const chosen = jwtMethod(state)
  if ('reason' in chosen) return skipped(state, id, chosen.reason)
  const wrong = endpointBlock(state, id)
  if (wrong) return wrong
  const reason = blocked(state) ?? credentialsBlocked(state, {publicClientAllowed: true})
  if (reason) return skipped(state, id, reason)
  if (!keyAuthState(state).acceptedAssertion)
    return blockedResult(state, id, 'auth-jwt', 'no assertion was accepted, so a refusal here would say nothing.')
  return null
}

/** jwt-replay: the assertion auth-jwt got accepted, sent again as it is. */
export async function checkJwtReplay(state: ProbeState): Promise<CheckResult> {
  const id = 'jwt-replay'
  const early = needsAccepted(state, id)
  if (early) return early
  const {aud, value} = keyAuthState(state).acceptedAssertion!
  const spec = withAssertion(tokenRequest(state.endpoint!, clientCredentialsParams(state)), state.plan.clientId!, value)
  const exchange = await send(state, id, spec)
  const outcome = classifyAuth(exchange)
  const odd = unexpectedAnswer(exchange)
  if (odd) return makeResult(state, id, odd.status, odd.finding, exchange)
  if (outcome === 'rejected')
    return makeResult(
      state,
      id,
      'pass',
      `Refused (${describeResponse(exchange.response!)}): the server remembers each jti until exp, so a captured assertion cannot be used again (OIDC Core §9: assertions are used once). Your app must sign a new assertion, with a new jti, for every request.`,
      exchange,
    )
  if (outcome === 'accepted')
    return makeResult(
      state,
      id,
      'warn',
      `The same assertion (aud ${aud}) was accepted a second time (${describeResponse(exchange.response!)}): the server does not track jti, so anyone who captures an assertion can use it until it expires. OIDC Core §9 says an assertion is used only once; RFC 7523 §3 lets the server enforce it.`,
      exchange,
    )
  return makeResult(state, id, 'warn', `Inconclusive: ${describeResponse(exchange.response!)}.`, exchange)
}

/** jwt-expired: an assertion whose exp is five minutes past must be refused (RFC 7523 §3 item 4). */
export async function checkJwtExpired(state: ProbeState): Promise<CheckResult> {
  const id = 'jwt-expired'
  const early = needsAccepted(state, id)
  if (early) return early
  const {exchange} = await sendAssertion(state, id, assertionAudience(state), {expiresIn: -300})
  return judgeRefusal(state, id, exchange, {
    accepted:
      'An assertion that expired five minutes ago was accepted: the server does not check exp, so a leaked assertion works forever (RFC 7523 §3 item 4 requires the check).',
    refused: `An assertion that expired five minutes ago is refused, as RFC 7523 §3 item 4 requires. The app's assertions live ${ASSERTION_LIFETIME_S} s here; keep yours short and this machine's clock right (see clock-skew): a clock ahead of the server's makes fresh assertions look expired.`,
  })
}

/** jwt-wrong-key: the same claims signed by a key made for this run (or a wrong HMAC secret). */
export async function checkJwtWrongKey(state: ProbeState): Promise<CheckResult> {
  const id = 'jwt-wrong-key'
  const early = needsAccepted(state, id)
  if (early) return early
  const {exchange} = await sendAssertion(state, id, assertionAudience(state), {stranger: true})
  const what = state.plan.keyAuth?.privateKey ? 'another key (made for this run, same kid)' : 'a wrong secret'
  return judgeRefusal(state, id, exchange, {
    accepted: `An assertion signed with ${what} was accepted: the server does not verify the signature, so anyone who knows the client id can get tokens.`,
    refused: `An assertion signed with ${what} is refused: the signature is verified.`,
  })
}

function judgeRefusal(
  state: ProbeState,
  id: CheckId,
  exchange: Exchange,
  words: {accepted: string; refused: string},
): CheckResult {
  const odd = unexpectedAnswer(exchange)
  if (odd) return makeResult(state, id, odd.status, odd.finding, exchange)
  const outcome = classifyAuth(exchange)
  const said = describeResponse(exchange.response!)
  if (outcome === 'accepted') {
    // Only tokens prove the server took it; a grant refusal after authentication is still a failure of the check.
    return makeResult(state, id, 'fail', `${words.accepted} (${said})`, exchange)
  }

  if (outcome === 'rejected') return makeResult(state, id, 'pass', `${words.refused} (${said})`, exchange)
  return makeResult(state, id, 'warn', `Inconclusive: ${said}.`, exchange)
}
