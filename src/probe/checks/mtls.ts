/** auth-mtls: a client_credentials request with the --cert / --key client certificate (RFC 8705 §2). */
import {tokenRequest} from '../client-auth.js'
import {isKeyMethod, keyAuthState, metadataDocument, MTLS_METHODS, mtlsTokenEndpoint} from '../key-auth.js'
import {keyAuthRequest} from '../key-auth-request.js'
import {boundThumbprint, certificateThumbprint, describeCertificate} from '../mtls.js'
import type {ProbeState} from '../plan.js'
import type {CheckResult} from '../types.js'
import {classifyAuth, clientCredentialsParams} from './auth.js'
import {blocked, credentialsBlocked, describeResponse, makeResult, send, skipped, unexpectedAnswer} from './common.js'

const ONLY = 'Only with --cert FILE --key FILE (tls_client_auth or self_signed_tls_client_auth).'

export async function checkMtls(state: ProbeState): Promise<CheckResult> {
  const id = 'auth-mtls'
  const {auth, keyAuth} = state.plan
  if (!isKeyMethod(auth) || !MTLS_METHODS.has(auth) || !keyAuth?.certificate) return skipped(state, id, ONLY)
  // The mTLS alias is the token endpoint for this method, so a wrong TOKEN_URL does not block it.
  const reason = blocked(state) ?? credentialsBlocked(state, {publicClientAllowed: true})
  if (reason) return skipped(state, id, reason)
  const {note, url} = mtlsTokenEndpoint(state)
  if (!url || !url.startsWith('https:'))
    return skipped(state, id, `A client certificate needs TLS: ${url ?? 'the token endpoint'} is not https.`)
  const spec = (await keyAuthRequest(state, tokenRequest(url, clientCredentialsParams(state))))!
  const exchange = await send(state, id, spec)
  const outcome = classifyAuth(exchange)
  keyAuthState(state).outcome.set(auth, outcome)
  const cert = keyAuth.certificate
  const about = `Certificate ${describeCertificate(cert.cert)}${note ? `; ${note}` : ` at ${url}.`}`
  const odd = unexpectedAnswer(exchange)
  if (!exchange.response) {
    const hint =
      exchange.failure?.kind === 'reset' || exchange.failure?.kind === 'tls'
        ? ' A server that requires client certificates ends the handshake when it does not trust the one sent: check that the certificate is issued by a CA the server trusts for clients.'
        : ''
    return makeResult(state, id, 'fail', `${odd?.finding ?? 'No answer.'}${hint} ${about}`, exchange)
  }

  if (outcome === 'untested')
    return makeResult(
      state,
      id,
      odd?.status ?? 'warn',
      `${odd?.finding ?? `Inconclusive: ${describeResponse(exchange.response)}.`} ${about}`,
      exchange,
    )
  if (outcome === 'rejected') {
    const why =
      auth === 'self_signed_tls_client_auth'
        ? `self_signed_tls_client_auth matches the certificate against the client's registered jwks (x5c) by thumbprint: register this certificate (x5t#S256 ${certificateThumbprint(cert.cert)}) for the client.`
        : `tls_client_auth needs a certificate from a CA the server trusts, whose subject DN or SAN is the one registered for the client (tls_client_auth_subject_dn, tls_client_auth_san_dns, ...)${cert.selfSigned ? '; this certificate is self-signed, which is the self_signed_tls_client_auth method' : ''}. Behind a TLS-terminating proxy, the proxy must forward the certificate.`
    return makeResult(state, id, 'fail', `Rejected: ${describeResponse(exchange.response)}. ${why} ${about}`, exchange)
  }

  const r = exchange.response
  const token = r.json && typeof r.json === 'object' ? (r.json as {access_token?: unknown}).access_token : undefined
  let bound = ''
  if (typeof token === 'string') {
    const thumbprint = boundThumbprint(token)
    if (thumbprint)
      bound =
        thumbprint === certificateThumbprint(cert.cert)
          ? ' The access token is bound to this certificate (cnf x5t#S256, RFC 8705 §3): call APIs over mTLS with it.'
          : ' The access token names another certificate in cnf x5t#S256 than the one sent.'
    else if (metadataDocument(state)?.tls_client_certificate_bound_access_tokens === true)
      bound =
        ' The metadata says tokens are bound to the client certificate (tls_client_certificate_bound_access_tokens): call APIs over mTLS with the same certificate.'
  }

  const got =
    r.status < 300
      ? `HTTP ${r.status} with an access token`
      : `the client authenticated, but the grant was refused (${describeResponse(r)})`
  return makeResult(state, id, 'pass', `Accepted (${auth}): ${got}.${bound} ${about}`, exchange)
}
