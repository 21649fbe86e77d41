/**
 * dpop: a token request with a DPoP proof (RFC 9449 §5), authenticated as the rest of the run was; a server that
 * answers use_dpop_nonce with a DPoP-Nonce header gets one retry with that nonce (§8). The token must come back
 * with token_type DPoP.
 */
import {tokenRequest} from '../client-auth.js'
import {chooseDpopAlg, dpopProof, ephemeralDpopKey} from '../dpop.js'
import {readOAuthError} from '../explain.js'
import {isKeyMethod, METHOD_CHECK, metadataStrings, MTLS_METHODS} from '../key-auth.js'
import {authenticatedRequest} from '../key-auth-request.js'
import type {ProbeState} from '../plan.js'
import type {CheckResult, Exchange, RequestSpec} from '../types.js'
import {clientCredentialsParams} from './auth.js'
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

const ID = 'dpop'

function withProof(spec: RequestSpec, proof: string): RequestSpec {
  return {...spec, headerSecrets: {...spec.headerSecrets, dpop: 'dpop_proof'}, headers: {...spec.headers, dpop: proof}}
}

export async function checkDpop(state: ProbeState): Promise<CheckResult> {
  const advertised = metadataStrings(state, 'dpop_signing_alg_values_supported')
  const asked = Boolean(state.plan.keyAuth?.dpop)
  if (!asked && !advertised)
    return skipped(state, ID, 'Only with --dpop, or when the metadata lists dpop_signing_alg_values_supported.')
  const wrong = endpointBlock(state, ID)
  if (wrong) return wrong
  const reason = blocked(state) ?? credentialsBlocked(state, {publicClientAllowed: true})
  if (reason) return skipped(state, ID, reason)
  const alg = chooseDpopAlg(advertised)
  if (!alg)
    return skipped(
      state,
      ID,
      `The metadata lists DPoP algorithms errcode cannot make keys for (${advertised!.join(', ')}).`,
    )
  const base = tokenRequest(state.endpoint!, clientCredentialsParams(state))
  const first = await authenticatedRequest(state, base)
  if (!first) {
    const {auth} = state.plan
    const by = isKeyMethod(auth)
      ? METHOD_CHECK[auth]
      : state.authOutcome.client_secret_basic === 'rejected'
        ? 'auth-basic'
        : 'auth-post'
    return blockedResult(state, ID, by, 'no client authentication worked, so a DPoP request would be refused for that.')
  }

  const key = await ephemeralDpopKey(alg)
  const proof = async (spec: RequestSpec, nonce?: string) => {
    const value = await dpopProof(key, spec.method, spec.url, nonce)
    state.plan.keyAuth?.generated.push(value)
    return withProof(spec, value)
  }

  let exchange: Exchange = await send(state, ID, await proof(first))
  const steps: string[] = []
  const oauth = readOAuthError(exchange.response)
  if (oauth?.error === 'use_dpop_nonce') {
    const nonce = exchange.response!.headers['dpop-nonce']
    if (!nonce)
      return makeResult(
        state,
        ID,
        'fail',
        `${describeResponse(exchange.response!)} without a DPoP-Nonce header: RFC 9449 §8 requires the nonce with use_dpop_nonce, so no client can retry.`,
        exchange,
      )
    steps.push(`The first proof got use_dpop_nonce with a DPoP-Nonce header (RFC 9449 §8); the retry with that nonce`)
    // Assertions are single-use: the retry is authenticated afresh, not replayed.
    const again = (await authenticatedRequest(state, base))!
    exchange = await send(state, ID, await proof(again, nonce))
  }

  const r = exchange.response
  const odd = unexpectedAnswer(exchange)
  if (odd || !r) return makeResult(state, ID, odd?.status ?? 'fail', odd?.finding ?? 'No answer.', exchange)
  const lead = steps.length > 0 ? `${steps.join('')} ` : ''
  const where = advertised
    ? `dpop_signing_alg_values_supported: ${advertised.join(', ')}; `
    : 'the metadata does not advertise DPoP (--dpop); '
  if (r.status >= 300) {
    const err = readOAuthError(r)
    const {auth} = state.plan
    if (auth && MTLS_METHODS.has(auth) && /proof.?of.?poss/i.test(err?.description ?? ''))
      return makeResult(
        state,
        ID,
        'warn',
        `${lead}was refused: ${describeResponse(r)}. This client's tokens are already bound to its certificate (RFC 8705 §3), and this server does not bind one token twice: use DPoP or the certificate, not both.`,
        exchange,
      )
    const hint =
      err?.error === 'invalid_dpop_proof'
        ? ' The server refused the proof itself (RFC 9449 §4.3): its htm, htu (the token endpoint URL exactly), iat, jti or signature.'
        : err?.error === 'use_dpop_nonce'
          ? ' The server asked for a nonce again: it does not take its own DPoP-Nonce.'
          : ''
    return makeResult(
      state,
      ID,
      'fail',
      `${lead}was refused: ${describeResponse(r)}.${hint} (${where}proof signed ${alg} with a key made for this run.)`,
      exchange,
    )
  }

  const body = r.json && typeof r.json === 'object' ? (r.json as {token_type?: unknown}) : {}
  const type = typeof body.token_type === 'string' ? body.token_type : null
  const proofNote = `${where}proof signed ${alg} with a key made for this run, htm POST, htu ${new URL(exchange.spec.url).origin}${new URL(exchange.spec.url).pathname}`
  if (type?.toLowerCase() === 'dpop')
    return makeResult(
      state,
      ID,
      'pass',
      `${lead ? `${lead}got` : 'Got'} HTTP ${r.status} with token_type DPoP: the token is bound to the proof's key (RFC 9449 §5), so every API call needs a new proof (with ath) from the same key. (${proofNote}.)`,
      exchange,
    )
  return makeResult(
    state,
    ID,
    'warn',
    `${lead ? `${lead}got` : 'Got'} HTTP ${r.status} with token_type ${type ?? '(none)'}, not DPoP: the server ignored the proof and issued a token anyone holding it can use (RFC 9449 §5: a DPoP-bound token has token_type DPoP). (${proofNote}.)`,
    exchange,
  )
}
