// oidc-provider 8 configured for client authentication beyond secrets (private_key_jwt, client_secret_jwt,
// tls_client_auth, self_signed_tls_client_auth) and DPoP with nonces, for the key-auth tests and the README run.
// Separate from oidc-server.mjs so the secret tests keep their server as it is. Every key and certificate is made
// here, at start, in a temporary directory that close() removes: nothing key-like is committed.
import {generateKeyPairSync, randomBytes, X509Certificate} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Provider from 'oidc-provider'

import {issued, selfSigned} from '../helpers/certs.mjs'

export const KEY_CLIENTS = {
  privateKeyJwt: {id: 'probe-pkjwt', kid: 'probe-key-1'},
  clientSecretJwt: {id: 'probe-csjwt', secret: 'csjwt-secret-Zr4Tq8Wm2Xv6Ly0Np3Ks7Hd1Bf5Gj9Ce'},
  tlsClientAuth: {id: 'probe-mtls', subject: 'CN=probe-mtls-client'},
  selfSigned: {id: 'probe-self-signed'},
  basic: {id: 'probe-dpop-basic', secret: 'dpop-basic-secret-Pq5Rs8Tu1Vw4'},
}

const readText = (path) => readFileSync(path, 'utf8')
/**
 * A test CA, a server certificate for 127.0.0.1 signed by it, a client certificate signed by it (tls_client_auth)
 * and a self-signed client certificate (self_signed_tls_client_auth).
 */
function makeCertificates(dir) {
  selfSigned(dir, 'ca', '/CN=errcode test CA')
  issued(dir, 'ca', 'server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1')
  issued(dir, 'ca', 'client', `/${KEY_CLIENTS.tlsClientAuth.subject}`)
  selfSigned(dir, 'self', '/CN=probe-self-signed')
}

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))

/**
 * Start the provider on plain http (the issuer, the token endpoint for JWT and DPoP) and its mTLS alias on https
 * with requestCert. Resolves to {issuer, tokenUrl, mtlsTokenUrl, files, events, quirks, close}; `files` names the key and
 * certificate files; `events` collects the server's internal reason for each failed token request.
 */
export async function startKeyAuthProvider() {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-key-auth-'))
  makeCertificates(dir)
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'})
  const files = {
    ca: join(dir, 'ca.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    jwk: join(dir, 'client-key.jwk.json'),
    pem: join(dir, 'client-key.pem'),
    selfCert: join(dir, 'self.pem'),
    selfKey: join(dir, 'self.key'),
  }
  writeFileSync(files.pem, privateKey.export({format: 'pem', type: 'pkcs8'}))
  writeFileSync(files.jwk, JSON.stringify({...privateKey.export({format: 'jwk'}), kid: KEY_CLIENTS.privateKeyJwt.kid}))
  const publicJwk = {...publicKey.export({format: 'jwk'}), alg: 'ES256', kid: KEY_CLIENTS.privateKeyJwt.kid, use: 'sig'}
  const selfCert = new X509Certificate(readText(files.selfCert))
  const selfJwk = {...selfCert.publicKey.export({format: 'jwk'}), x5c: [selfCert.raw.toString('base64')]}

  const http = createServer()
  const https = createHttpsServer({
    ca: readText(files.ca),
    cert: readText(join(dir, 'server.pem')),
    key: readText(join(dir, 'server.key')),
    rejectUnauthorized: false,
    requestCert: true,
  })
  const port = await listen(http)
  const mtlsPort = await listen(https)
  const issuer = `http://127.0.0.1:${port}`
  const mtlsTokenUrl = `https://127.0.0.1:${mtlsPort}/token`
  const c = KEY_CLIENTS
  const cc = {grant_types: ['client_credentials'], redirect_uris: [], response_types: []}
  const provider = new Provider(issuer, {
    clientAuthMethods: [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'tls_client_auth',
      'self_signed_tls_client_auth',
    ],
    clients: [
      {...cc, client_id: c.privateKeyJwt.id, jwks: {keys: [publicJwk]}, token_endpoint_auth_method: 'private_key_jwt'},
      {
        ...cc,
        client_id: c.clientSecretJwt.id,
        client_secret: c.clientSecretJwt.secret,
        token_endpoint_auth_method: 'client_secret_jwt',
      },
      {
        ...cc,
        client_id: c.tlsClientAuth.id,
        tls_client_auth_subject_dn: c.tlsClientAuth.subject,
        tls_client_certificate_bound_access_tokens: true,
        token_endpoint_auth_method: 'tls_client_auth',
      },
      {
        ...cc,
        client_id: c.selfSigned.id,
        jwks: {keys: [selfJwk]},
        token_endpoint_auth_method: 'self_signed_tls_client_auth',
      },
      {...cc, client_id: c.basic.id, client_secret: c.basic.secret, token_endpoint_auth_method: 'client_secret_basic'},
    ],
    cookies: {keys: ['errcode-key-auth-tests']},
    discovery: {mtls_endpoint_aliases: {token_endpoint: mtlsTokenUrl}},
    features: {
      clientCredentials: {enabled: true},
      devInteractions: {enabled: false},
      // Nonces always required, so the use_dpop_nonce round trip (RFC 9449 §8) happens on every DPoP request.
      dPoP: {enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true},
      mTLS: {
        certificateAuthorized: (ctx) => ctx.socket.authorized === true,
        certificateBoundAccessTokens: true,
        certificateSubjectMatches: (ctx, property, expected) => {
          const peer = ctx.socket.getPeerCertificate?.()
          if (property !== 'tls_client_auth_subject_dn' || !peer?.subject) return false
          return (
            Object.entries(peer.subject)
              .map(([k, v]) => `${k}=${v}`)
              .join(',') === expected
          )
        },
        enabled: true,
        getCertificate: (ctx) => {
          const peer = ctx.socket.getPeerCertificate?.()
          return peer?.raw ? new X509Certificate(peer.raw) : undefined
        },
        selfSignedTlsClientAuth: true,
        tlsClientAuth: true,
      },
    },
  })
  // Two behaviours oidc-provider does not offer, switched on by a test: a server that takes only the issuer as an
  // assertion's aud (as newer profiles require), and one that does not track jti (replays accepted).
  const quirks = {allowReplay: false, issuerAudienceOnly: false}
  const audiences = provider.OIDCContext.prototype.clientJwtAuthExpectedAudience
  provider.OIDCContext.prototype.clientJwtAuthExpectedAudience = function () {
    return quirks.issuerAudienceOnly ? new Set([this.issuer]) : audiences.call(this)
  }
  const unique = provider.ReplayDetection.unique.bind(provider.ReplayDetection)
  provider.ReplayDetection.unique = async (...args) => (await unique(...args)) || quirks.allowReplay
  const events = []
  provider.on('grant.error', (_ctx, error) => events.push(error.error_detail ?? error.message))
  http.on('request', provider.callback())
  https.on('request', provider.callback())
  const stop = (server) =>
    new Promise((resolve) => {
      server.closeAllConnections?.()
      server.close(() => resolve())
    })
  const close = async () => {
    await Promise.all([stop(http), stop(https)])
    rmSync(dir, {force: true, recursive: true})
  }

  return {close, events, files, issuer, mtlsTokenUrl, quirks, tokenUrl: `${issuer}/token`}
}
