/**
 * Client authentication beyond secrets against the real oidc-provider 8 (key-auth-server.mjs): private_key_jwt
 * and client_secret_jwt on the token endpoint, tls_client_auth and self_signed_tls_client_auth on its mTLS alias
 * (an https server with requestCert), DPoP with required nonces. Keys and certificates are made at start.
 */
import {spawn} from 'node:child_process'
import {createPrivateKey, createPublicKey} from 'node:crypto'
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {buildAssertion} from '../../src/probe/jwt-auth.js'
import {check, cliAsync, OUTPUTS, probe, statuses} from './helpers.js'
import {KEY_CLIENTS, startKeyAuthProvider} from './key-auth-server.mjs'
import {startProxy} from './proxy-server.js'

let server: Awaited<ReturnType<typeof startKeyAuthProvider>>
beforeAll(async () => {
  server = await startKeyAuthProvider()
})
afterAll(() => server.close())

const {basic, clientSecretJwt, privateKeyJwt, selfSigned, tlsClientAuth} = KEY_CLIENTS
const pkjwt = (flags: Record<string, unknown> = {}) =>
  probe({'client-id': privateKeyJwt.id, issuer: server.issuer, 'private-key': server.files.pem, ...flags})

describe('private_key_jwt', () => {
  it('a PEM key: accepted with either aud, the replay, the expired and the foreign-key assertions refused', async () => {
    const before = server.events.length
    const r = await pkjwt({kid: privateKeyJwt.kid})
    expect(statuses(r.report)).toMatchObject({
      'auth-basic': 'skip',
      'auth-jwt': 'pass',
      'auth-mtls': 'skip',
      dpop: 'pass',
      'jwt-expired': 'pass',
      'jwt-replay': 'pass',
      'jwt-wrong-key': 'pass',
      'token-response': 'pass',
      'unsupported-grant': 'pass',
      'wrong-secret': 'skip',
    })
    expect(r.report.authMethods).toMatchObject({private_key_jwt: 'accepted'})
    const auth = check(r.report, 'auth-jwt')
    expect(auth.finding).toContain('takes aud = the token endpoint URL and aud = the issuer alike')
    expect(auth.finding).toContain('ES256, kid "probe-key-1"')
    expect(auth.request.body).toMatch(
      /client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=\[masked token, \d+ chars/,
    )
    expect(r.report.summary.verdict).toContain("Your app's private_key_jwt works")
    // The server's own reasons, which its answers hide: the replay and the expiry were refused for those reasons.
    const reasons = server.events.slice(before)
    expect(reasons).toContain('client assertion tokens must only be used once')
    expect(reasons.some((e) => /expired|"exp"/.test(e))).toBe(true)
    expect(r.exit).toBe(0)
  })

  it('a JWK file: kid and alg come from the JWK', async () => {
    const r = await pkjwt({only: ['auth-jwt'], 'private-key': server.files.jwk})
    expect(check(r.report, 'auth-jwt').status).toBe('pass')
    expect(check(r.report, 'auth-jwt').finding).toContain('kid "probe-key-1", signed with the JWK key')
  })

  it('a server that takes only the issuer as aud: said so, and the later assertions use it', async () => {
    server.quirks.issuerAudienceOnly = true
    try {
      const r = await pkjwt({only: ['auth-jwt', 'jwt-expired']})
      const auth = check(r.report, 'auth-jwt')
      expect(auth.status).toBe('pass')
      expect(auth.finding).toContain(`This server wants aud = the issuer (${server.issuer})`)
      expect(r.report.summary.verdict).toContain("The assertion's aud must be the issuer, not the token endpoint")
      expect(check(r.report, 'jwt-expired').status).toBe('pass')
    } finally {
      server.quirks.issuerAudienceOnly = false
    }
  })

  it('a server that does not track jti: the replay is a warning', async () => {
    server.quirks.allowReplay = true
    try {
      const r = await pkjwt({only: ['auth-jwt', 'jwt-replay']})
      expect(check(r.report, 'jwt-replay').status).toBe('warn')
      expect(check(r.report, 'jwt-replay').finding).toContain('was accepted a second time')
    } finally {
      server.quirks.allowReplay = false
    }
  })

  it('a kid the client did not register: rejected with both aud, the later checks blocked, exit 1', async () => {
    const r = await pkjwt({kid: 'not-registered'})
    const auth = check(r.report, 'auth-jwt')
    expect(auth.status).toBe('fail')
    expect(auth.finding).toContain('Rejected with aud = the token endpoint URL and with aud = the issuer')
    expect(auth.finding).toContain('its kid differs (--kid)')
    expect(auth.explanation?.id).toBe('oauth/invalid_client#token-endpoint')
    expect(check(r.report, 'jwt-replay')).toMatchObject({blockedBy: 'auth-jwt', status: 'skip'})
    expect(r.report.authMethods).toMatchObject({private_key_jwt: 'rejected'})
    expect(r.report.summary.verdict).toContain('The server refused private_key_jwt for this client')
    expect(r.exit).toBe(1)
  })
})

describe('the grant checks authenticate as the app does', () => {
  it('a refresh with --private-key sends a fresh assertion: the server judges the grant, not the client', async () => {
    const before = server.events.length
    const r = await probe(
      {
        'client-id': privateKeyJwt.id,
        grant: 'refresh_token',
        issuer: server.issuer,
        only: ['auth-jwt', 'refresh'],
        'private-key': server.files.pem,
        'refresh-token-env': 'RT',
      },
      {env: {RT: 'bogus-refresh-token-5e4d3c2b1a09'}},
    )
    const refresh = check(r.report, 'refresh')
    expect(refresh.request.body).toMatch(/client_assertion=\[masked token/)
    expect(refresh.status).toBe('fail')
    expect(refresh.response?.body).not.toContain('invalid_client')
    expect(server.events.slice(before)).not.toContain('client assertion tokens must only be used once')
  })
})

describe('client_secret_jwt', () => {
  const csjwt = (secret: string) =>
    probe(
      {auth: 'client_secret_jwt', 'client-id': clientSecretJwt.id, 'client-secret-env': 'S', issuer: server.issuer},
      {env: {S: secret}},
    )

  it('the right secret: HS256 assertions accepted; a wrong HMAC secret refused; the secret never sent as it is', async () => {
    const r = await csjwt(clientSecretJwt.secret)
    expect(statuses(r.report)).toMatchObject({
      'auth-basic': 'skip',
      'auth-jwt': 'pass',
      'jwt-replay': 'pass',
      'jwt-wrong-key': 'pass',
    })
    expect(check(r.report, 'auth-jwt').finding).toContain('HS256, signed with the client secret (HMAC)')
    expect(check(r.report, 'jwt-wrong-key').finding).toContain('signed with a wrong secret is refused')
    expect(r.report.authMethods).toMatchObject({client_secret_jwt: 'accepted'})
  })

  it('a wrong secret: auth-jwt fails with the causes', async () => {
    const r = await csjwt('not-the-secret-0123456789abcdef')
    expect(check(r.report, 'auth-jwt').status).toBe('fail')
    expect(check(r.report, 'auth-jwt').finding).toContain('the secret is wrong')
    expect(r.exit).toBe(1)
  })
})

describe('mTLS (RFC 8705) at mtls_endpoint_aliases', () => {
  const mtls = (id: string, cert: string, key: string, flags: Record<string, unknown> = {}) =>
    probe({ca: server.files.ca, cert, 'client-id': id, issuer: server.issuer, key, only: ['auth-mtls'], ...flags})

  it('tls_client_auth: a CA-issued certificate, sent to the alias, accepted; the binding explained', async () => {
    const r = await mtls(tlsClientAuth.id, server.files.clientCert, server.files.clientKey)
    const c = check(r.report, 'auth-mtls')
    expect(c.status).toBe('pass')
    expect(c.request.url).toBe(server.mtlsTokenUrl)
    expect(c.finding).toContain('Accepted (tls_client_auth)')
    expect(c.finding).toContain('tls_client_certificate_bound_access_tokens')
    expect(r.report.authMethods).toMatchObject({tls_client_auth: 'accepted'})
  })

  it('a self-signed certificate means self_signed_tls_client_auth, accepted for the client that registered it', async () => {
    const r = await mtls(selfSigned.id, server.files.selfCert, server.files.selfKey)
    expect(check(r.report, 'auth-mtls').finding).toContain('Accepted (self_signed_tls_client_auth)')
  })

  it('an unregistered certificate: rejected, with the thumbprint to register', async () => {
    const before = server.events.length
    const r = await mtls(selfSigned.id, server.files.clientCert, server.files.clientKey, {
      auth: 'self_signed_tls_client_auth',
    })
    expect(check(r.report, 'auth-mtls').status).toBe('fail')
    expect(check(r.report, 'auth-mtls').finding).toMatch(/register this certificate \(x5t#S256 [\w-]{43}\)/)
    expect(server.events.slice(before)).toContain('unregistered client certificate provided')
    expect(r.exit).toBe(1)
  })

  it('through HTTPS_PROXY: the certificate is presented inside the CONNECT tunnel, and accepted', async () => {
    const proxy = await startProxy()
    try {
      const r = await probe(
        {
          ca: server.files.ca,
          cert: server.files.clientCert,
          'client-id': tlsClientAuth.id,
          issuer: server.issuer,
          key: server.files.clientKey,
          only: ['auth-mtls'],
        },
        {env: {HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url}},
      )
      expect(check(r.report, 'auth-mtls').finding).toContain('Accepted (tls_client_auth)')
      expect(proxy.seen).toContain(`CONNECT ${new URL(server.mtlsTokenUrl).host}`)
    } finally {
      await proxy.close()
    }
  })

  it('the same request without the certificate agent is refused: the certificate is what authenticates', async () => {
    const res = await fetch(server.tokenUrl, {
      body: `grant_type=client_credentials&client_id=${tlsClientAuth.id}`,
      headers: {accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded'},
      method: 'POST',
    })
    expect(res.status).toBe(401)
  })
})

describe('DPoP (RFC 9449)', () => {
  it('advertised by the metadata: runs with the secret client, retries with the nonce, gets token_type DPoP', async () => {
    const r = await probe(
      {'client-id': basic.id, 'client-secret-env': 'S', issuer: server.issuer},
      {env: {S: basic.secret}},
    )
    const d = check(r.report, 'dpop')
    expect(d.status).toBe('pass')
    expect(d.finding).toContain('use_dpop_nonce with a DPoP-Nonce header')
    expect(d.finding).toContain('token_type DPoP')
    expect(d.request.headers.dpop).toMatch(/^\[masked token, \d+ chars/)
    expect(r.exit).toBe(0)
  })
})

describe('--curl', () => {
  it('exports the assertion as $ERRCODE_CLIENT_ASSERTION, and the command works with a fresh one', async () => {
    const r = await pkjwt({curl: true, only: ['auth-jwt', 'dpop']})
    expect(r.text).toContain('--data-urlencode "client_assertion=$ERRCODE_CLIENT_ASSERTION"')
    expect(r.text).toContain('-H "dpop: $ERRCODE_DPOP_PROOF"')
    const command = r.text.split('\n\n').find((block) => block.startsWith('# auth-jwt'))!
    const assertion = await buildAssertion(
      {aud: server.tokenUrl, clientId: privateKeyJwt.id},
      {alg: 'ES256', key: createPrivateKey(readFileSync(server.files.pem, 'utf8')), kid: privateKeyJwt.kid},
    )
    const out = await new Promise<string>((resolve) => {
      const child = spawn('sh', ['-c', command], {env: {...process.env, ERRCODE_CLIENT_ASSERTION: assertion}})
      let text = ''
      child.stdout.on('data', (d) => (text += d))
      child.on('close', () => resolve(text))
    })
    expect(out).toMatch(/^HTTP\/1\.1 200/)
  })
})

describe('bad key inputs are usage errors (exit 2), never quoting the file', () => {
  const big = join(tmpdir(), `errcode-big-${process.pid}.pem`)
  const pub = join(tmpdir(), `errcode-pub-${process.pid}.pem`)
  afterAll(() => {
    rmSync(big, {force: true})
    rmSync(pub, {force: true})
  })
  beforeAll(() => {
    writeFileSync(big, 'x'.repeat(70 * 1024))
    writeFileSync(pub, createPublicKey(readFileSync(server.files.pem, 'utf8')).export({format: 'pem', type: 'spki'}))
  })

  it.each([
    [['--private-key', '/nonexistent/key.pem'], '--private-key: cannot read /nonexistent/key.pem'],
    [['--private-key', tmpdir()], 'is not a regular file'],
    [['--private-key', big], 'is larger than 64 KB'],
    [['--private-key', pub], 'is not a private key'],
    [['--private-key', '@PEM', '--alg', 'RS256'], '--alg RS256 does not fit this ec key; it signs with ES256'],
    [['--private-key', '@PEM', '--auth', 'basic'], '--private-key signs a private_key_jwt assertion'],
    [['--cert', '@CERT'], 'give the client certificate as --cert FILE and its key as --key FILE'],
    [['--auth', 'private_key_jwt'], '--auth private_key_jwt needs --private-key FILE'],
  ])('%j', async (args, text) => {
    const resolved = args.map((a) => (a === '@PEM' ? server.files.pem : a === '@CERT' ? server.files.clientCert : a))
    const r = await cliAsync(['probe', server.tokenUrl, '--client-id', 'x', ...resolved])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toContain(text)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stderr).not.toContain('PRIVATE KEY')
  })
})

it('never prints a key, an assertion, a proof or a secret: every output of this file is scanned', () => {
  const pem = readFileSync(server.files.pem, 'utf8')
  const jwk = JSON.parse(readFileSync(server.files.jwk, 'utf8')) as {d: string}
  const forbidden = [
    jwk.d,
    clientSecretJwt.secret,
    basic.secret,
    ...pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
    ...readFileSync(server.files.clientKey, 'utf8')
      .split('\n')
      .filter((line) => line.length > 20 && !line.startsWith('-----')),
  ]
  const leaks = OUTPUTS.flatMap((o) => forbidden.filter((f) => o.text.includes(f)).map(() => o.label))
  expect(leaks).toEqual([])
  // Assertions and DPoP proofs are JWTs; the server's tokens here are opaque, so no whole JWT may appear anywhere.
  const jwts = OUTPUTS.filter((o) => /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/.test(o.text)).map((o) => o.label)
  expect(jwts).toEqual([])
  expect(OUTPUTS.length).toBeGreaterThan(20)
})
