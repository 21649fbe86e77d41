/**
 * errcode probe against a node:http token endpoint that misbehaves in the ways oidc-provider cannot (stub-server.ts),
 * plus https with a self-signed certificate. Each case asserts the verdicts, the finding and the summary.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ProbeFlags} from '../../src/cli/probe-command.js'
import {check, findLeaks, probe, recordOutput, statuses} from './helpers.js'
import {startStub, STUB, type Stub} from './stub-server.js'

let stub: Stub
beforeAll(async () => {
  stub = await startStub()
})
afterAll(() => stub.close())

const url = (scenario: string) => `${stub.base}/${scenario}/token`
const creds = (scenario: string, flags: ProbeFlags = {}) =>
  probe(
    {'client-id': STUB.clientId, 'client-secret-env': 'STUB_SECRET', endpoint: url(scenario), ...flags},
    {env: {STUB_SECRET: STUB.secret}},
  )

describe('a server that takes one client-authentication method', () => {
  it('basic-only, your app sends post: "your app sends client_secret_post; this server accepts client_secret_basic only", exit 1', async () => {
    const r = await creds('basic-only', {auth: 'post'})
    expect(r.report.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'rejected'})
    expect(check(r.report, 'auth-basic').status).toBe('pass')
    expect(check(r.report, 'auth-post')).toMatchObject({status: 'fail'})
    expect(check(r.report, 'auth-post').finding).toContain('your app sends client_secret_post')
    expect(check(r.report, 'auth-post').explanation?.id).toBe('oauth/invalid_client#token-endpoint')
    expect(r.report.summary.verdict).toMatch(
      /^Your app sends client_secret_post; this server accepts client_secret_basic only\./,
    )
    expect(r.exit).toBe(1)
  })

  it('basic-only with --auth auto: post is a warning, the verdict says how to send the credentials, exit 0', async () => {
    const r = await creds('basic-only')
    expect(check(r.report, 'auth-post').status).toBe('warn')
    expect(r.report.summary.verdict).toContain(
      'This server accepts client_secret_basic only: send the credentials in the Authorization header.',
    )
    expect(r.exit).toBe(0)
  })

  it('post-only, your app sends basic', async () => {
    const r = await creds('post-only', {auth: 'basic'})
    expect(r.report.authMethods).toEqual({client_secret_basic: 'rejected', client_secret_post: 'accepted'})
    expect(r.report.summary.verdict).toMatch(
      /^Your app sends client_secret_basic; this server accepts client_secret_post only\./,
    )
    expect(check(r.report, 'wrong-secret').status).toBe('pass') // 401 + WWW-Authenticate after Basic
    expect(r.exit).toBe(1)
  })

  it('post-only with auto uses post for the later probes', async () => {
    const r = await creds('post-only')
    expect(check(r.report, 'unsupported-grant').request.body).toContain('client_secret=')
    expect(check(r.report, 'unsupported-grant').status).toBe('pass')
    expect(r.exit).toBe(0)
  })
})

describe('responses that break the RFCs', () => {
  it('200 with an error body', async () => {
    const r = await creds('error-200')
    const token = check(r.report, 'token-response')
    expect(token.status).toBe('fail')
    expect(token.finding).toContain('HTTP 200 carries error=invalid_client')
    expect(check(r.report, 'wrong-secret').status).toBe('warn')
    expect(check(r.report, 'wrong-secret').finding).toContain('requires HTTP 401')
    expect(r.exit).toBe(1)
  })

  it('no Cache-Control: no-store', async () => {
    const r = await creds('no-store')
    expect(check(r.report, 'token-response').status).toBe('warn')
    expect(check(r.report, 'token-response').finding).toContain(
      'No "Cache-Control: no-store" (RFC 6749 §5.1 requires it)',
    )
    expect(r.report.summary.verdict).toContain('Deviations from the RFCs to know about: token-response.')
    expect(r.exit).toBe(0)
  })

  it('expires_in as a string', async () => {
    const r = await creds('string-expires')
    expect(check(r.report, 'token-response')).toMatchObject({status: 'warn'})
    expect(check(r.report, 'token-response').finding).toContain(
      'expires_in is "3600", a string, not a number of seconds',
    )
  })

  it('tokens form-encoded, not JSON: the finding has no empty note list ("HTTP 200; ."), refresh neither', async () => {
    const r = await creds('form-200')
    const finding = check(r.report, 'token-response').finding
    expect(check(r.report, 'token-response').status).toBe('fail')
    expect(finding).toMatch(/^HTTP 200\. The body is not a JSON object/)
    const refreshed = await probe(
      {
        'client-id': STUB.clientId,
        'client-secret-env': 'S',
        endpoint: url('form-200'),
        grant: 'refresh_token',
        only: ['refresh'],
        'refresh-token-env': 'RT',
      },
      {env: {RT: STUB.refreshToken, S: STUB.secret}},
    )
    expect(check(refreshed.report, 'refresh').finding).toMatch(/^Tokens issued \(HTTP 200\)\. The body is not a JSON/)
  })

  it('an HTML 500 page: every token request fails, explained as HTTP 500, no crash', async () => {
    const r = await creds('html-500')
    expect(statuses(r.report)).toMatchObject({
      'auth-basic': 'fail',
      'auth-post': 'fail',
      'empty-post': 'fail',
      'json-body': 'fail',
      'method-get': 'warn',
    })
    expect(check(r.report, 'empty-post').finding).toContain('with an HTML page instead of a JSON error')
    expect(check(r.report, 'empty-post').explanation?.id).toBe('http/500')
    expect(r.report.authMethods).toEqual({client_secret_basic: 'untested', client_secret_post: 'untested'})
    expect(r.report.summary.verdict).toContain('The server fails token requests with HTTP 500')
    expect(r.report.summary.verdict).not.toContain('wrong secret')
    expect(check(r.report, 'token-response').status).toBe('skip')
    expect(r.text).toContain('empty-post  the same answer as method-get')
    expect(r.exit).toBe(1)
  })

  it('a server that accepts any secret', async () => {
    const r = await creds('accept-any')
    expect(check(r.report, 'wrong-secret').status).toBe('fail')
    expect(r.report.summary.verdict).toContain('A wrong secret was accepted')
  })

  it('client_credentials not allowed, --grant client_credentials: authenticated, then refused: a failure', async () => {
    const r = await creds('no-cc', {grant: 'client_credentials'})
    expect(r.report.summary.verdict).toContain(
      'The credentials passed client authentication, but client_credentials is not enabled for this client (unauthorized_client',
    )
    expect(check(r.report, 'token-response').status).toBe('fail')
    expect(check(r.report, 'token-response').explanation?.id).toBe('oauth/unauthorized_client#token-endpoint')
    expect(r.exit).toBe(1)
  })

  it('a server clock 10 minutes behind', async () => {
    const r = await creds('skewed', {only: ['auth-basic', 'clock-skew']})
    expect(check(r.report, 'clock-skew').status).toBe('fail')
    expect(check(r.report, 'clock-skew').finding).toMatch(/is (599|600|601) s behind this machine's/)
  })
})

describe('redaction', () => {
  it('a server that echoes the secret back (body and a header) never gets it printed', async () => {
    const r = await creds('echo', {curl: true, verbose: true})
    const post = check(r.report, 'auth-post')
    expect(post.response?.body).toContain('bad client secret')
    expect(post.response?.body).toContain('masked')
    expect(check(r.report, 'auth-basic').response?.headers['x-debug-authorization']).toMatch(/^Basic .*masked/)
    expect(r.text).toContain('bad client secret')
    expect(r.text).toContain('\nDetails\n') // --verbose: every check's request and response
  })

  it('the live checklist draws on a terminal only, on stderr', async () => {
    const tty = {
      isTTY: true,
      text: '',
      write(t: string) {
        this.text += t
        return true
      },
    }
    const live = await probe(
      {'client-id': STUB.clientId, 'client-secret-env': 'S', endpoint: url('both'), only: ['empty-post', 'auth-basic']},
      {deps: {stderr: tty}, env: {S: STUB.secret}},
    )
    recordOutput('live checklist', tty.text)
    expect(tty.text).toMatch(/\u001B\[2K/) // the spinner line is redrawn
    expect(tty.text).toMatch(/✔ auth-basic +Credentials in the Authorization header/)
    expect(live.text).not.toContain('\u001B[2K')
  })
})

describe('network behaviour', () => {
  it('a 429 with Retry-After: waits once, retries, and says so', async () => {
    const before = stub.hits.get('rate-limit') ?? 0
    const r = await creds('rate-limit', {only: ['method-get']})
    expect(check(r.report, 'method-get').status).toBe('pass')
    expect(check(r.report, 'method-get').finding).toContain('errcode waited 1 s as Retry-After asked and retried once')
    expect((stub.hits.get('rate-limit') ?? 0) - before).toBe(2)
  })

  it('a 429 whose Retry-After is longer than 30 s is reported, not waited for', async () => {
    const r = await creds('rate-limit-long', {only: ['method-get', 'empty-post']})
    expect(check(r.report, 'empty-post').status).toBe('warn')
    expect(check(r.report, 'empty-post').finding).toContain('Retry-After: 120; errcode waits at most 30 s, once')
    expect(r.report.summary.verdict).toContain('rate limiting')
  })

  it('a redirect is a finding and is never followed', async () => {
    const before = stub.hits.get('both') ?? 0
    const r = await creds('redirect')
    expect(check(r.report, 'empty-post').status).toBe('fail')
    expect(check(r.report, 'empty-post').finding).toContain(`HTTP 307 redirect to ${stub.base}/both/token`)
    expect(r.report.summary.verdict).toContain(`redirects POST requests to ${stub.base}/both/token`)
    expect(stub.hits.get('both') ?? 0).toBe(before)
  })

  it('a server that never answers: one timeout, then the rest is skipped', async () => {
    const r = await creds('hang', {timeout: '0.3'})
    expect(check(r.report, 'reachability').status).toBe('pass')
    expect(check(r.report, 'method-get')).toMatchObject({response: null, status: 'fail'})
    // Said once: not "No answer: no answer within ...".
    expect(check(r.report, 'method-get').finding).toBe('No answer within 0.3 s (--timeout 0.3).')
    expect(check(r.report, 'auth-basic').status).toBe('skip')
    expect(check(r.report, 'auth-basic').finding).toContain('did not answer an earlier request')
    expect(r.report.summary.verdict).toMatch(/^The token endpoint does not answer/)
    expect(r.exit).toBe(1)
  })

  it('a huge body is cut at 1 MB and reported, bounded', async () => {
    const r = await creds('huge', {only: ['method-get', 'empty-post']})
    const c = check(r.report, 'empty-post')
    expect(c.status).toBe('fail')
    expect(c.finding).toContain('larger than 1 MB')
    expect(c.response!.body.length).toBeLessThan(4200)
  })

  it('a reset connection', async () => {
    const r = await creds('reset', {only: ['empty-post']})
    expect(check(r.report, 'empty-post')).toMatchObject({response: null, status: 'fail'})
    expect(check(r.report, 'empty-post').finding).toContain('closed the connection without an answer')
  })

  it('a refused TCP connection: reachability names it and nothing else is sent', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const {port} = closed.address() as {port: number}
    await new Promise((resolve) => closed.close(resolve))
    const r = await probe({endpoint: `http://127.0.0.1:${port}/token`})
    expect(check(r.report, 'reachability').status).toBe('fail')
    expect(check(r.report, 'reachability').finding).toContain('refused the connection (ECONNREFUSED)')
    // No proxy, so no CONNECT: the report must not claim a request was sent.
    expect(check(r.report, 'reachability').request).toMatchObject({method: '', url: ''})
    expect(r.text).toContain('✖ reachability')
    expect(r.text).not.toMatch(/Sent\s+CONNECT/)
    expect(check(r.report, 'method-get').status).toBe('skip')
    expect(r.report.summary.verdict).toMatch(/^The token endpoint cannot be reached/)
    expect(r.exit).toBe(1)
  })

  it('never sends credentials over plain http:// to a host that is not loopback (nothing is sent at all here)', async () => {
    const r = await probe(
      {
        'client-id': 'x',
        'client-secret-env': 'S',
        endpoint: 'http://token-endpoint.invalid/token',
        only: ['auth-basic', 'auth-post'],
      },
      {env: {S: STUB.secret}},
    )
    expect(check(r.report, 'auth-basic')).toMatchObject({response: null, status: 'skip'})
    expect(check(r.report, 'auth-basic').finding).toContain('plain http://')
    expect(check(r.report, 'auth-basic').finding).toContain('--allow-http')
  })

  it('keeps to the request budget on the longest run (refresh included)', async () => {
    const before = stub.hits.get('both') ?? 0
    const r = await creds('both', {grant: 'refresh_token', 'refresh-token-env': 'RT'}).catch(() => null)
    expect(r).toBeNull() // RT is not set: a usage error before anything is sent
    expect(stub.hits.get('both') ?? 0).toBe(before)
    const full = await probe(
      {
        'client-id': STUB.clientId,
        'client-secret-env': 'S',
        endpoint: url('both'),
        grant: 'refresh_token',
        'refresh-token-env': 'RT',
      },
      {env: {RT: STUB.refreshToken, S: STUB.secret}},
    )
    expect(check(full.report, 'refresh').status).toBe('pass')
    expect(check(full.report, 'refresh').finding).toContain('the server rotates them')
    expect((stub.hits.get('both') ?? 0) - before).toBeLessThanOrEqual(15)
  })

  it('exchanges a code with PKCE (--code, --redirect-uri, --code-verifier)', async () => {
    const r = await creds('both', {
      code: STUB.code,
      'code-verifier': STUB.codeVerifier,
      grant: 'authorization_code',
      only: ['code-exchange'],
      'redirect-uri': STUB.redirectUri,
    })
    expect(check(r.report, 'code-exchange').status).toBe('pass')
    expect(r.report.summary.verdict).toContain('The authorization code works')
    const wrongVerifier = await creds('both', {
      code: STUB.code,
      'code-verifier': 'another-verifier-xyz-123456',
      grant: 'authorization_code',
      only: ['code-exchange'],
      'redirect-uri': STUB.redirectUri,
    })
    expect(check(wrongVerifier.report, 'code-exchange').status).toBe('fail')
  })
})

describe('discovery', () => {
  it('OpenID discovery gives the token endpoint and the methods', async () => {
    const r = await creds('unused', {endpoint: undefined, issuer: `${stub.base}/issuer-basic`})
    expect(check(r.report, 'discovery').status).toBe('pass')
    expect(r.report.endpoint).toBe(`${stub.base}/basic-only/token`)
    expect(check(r.report, 'discovery').finding).toContain('client authentication: client_secret_basic')
  })

  it('falls back to RFC 8414 (/.well-known/oauth-authorization-server/<path>)', async () => {
    const r = await creds('unused', {endpoint: undefined, issuer: `${stub.base}/issuer-8414`, only: ['discovery']})
    expect(check(r.report, 'discovery').status).toBe('pass')
    expect(check(r.report, 'discovery').finding).toMatch(
      /^RFC 8414 metadata at .*\/\.well-known\/oauth-authorization-server\/issuer-8414/,
    )
  })

  it('an issuer that differs by a trailing slash is a warning', async () => {
    const r = await creds('unused', {endpoint: undefined, issuer: `${stub.base}/issuer-mismatch`, only: ['discovery']})
    expect(check(r.report, 'discovery').status).toBe('warn')
    expect(check(r.report, 'discovery').finding).toContain('a trailing slash counts')
  })

  it('no metadata: fail, and no token endpoint to probe', async () => {
    const r = await creds('unused', {endpoint: undefined, issuer: `${stub.base}/nothing`})
    expect(check(r.report, 'discovery').status).toBe('fail')
    expect(check(r.report, 'method-get').status).toBe('skip')
    expect(r.report.summary.verdict).toMatch(/^No token endpoint to probe: No metadata at/)
    expect(r.exit).toBe(1)
  })
})

describe('https', () => {
  let tls: Stub
  let certFile: string
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errcode-tls-'))
    certFile = join(dir, 'cert.pem')
    const keyFile = join(dir, 'key.pem')
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      {encoding: 'utf8'},
    )
    expect(made.status, made.stderr).toBe(0)
    tls = await startStub({cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8')})
  })
  afterAll(() => tls.close())

  it('an untrusted certificate fails reachability and stops the run', async () => {
    const r = await probe(
      {'client-id': STUB.clientId, 'client-secret-env': 'S', endpoint: `${tls.base}/both/token`},
      {env: {S: STUB.secret}},
    )
    expect(check(r.report, 'reachability').status).toBe('fail')
    expect(check(r.report, 'reachability').finding).toMatch(
      /certificate of 127\.0\.0\.1 is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/,
    )
    expect(check(r.report, 'auth-basic').status).toBe('skip')
    expect(tls.hits.get('both') ?? 0).toBe(0)
  })

  it('--ca FILE trusts it', async () => {
    const r = await probe(
      {ca: certFile, 'client-id': STUB.clientId, 'client-secret-env': 'S', endpoint: `${tls.base}/both/token`},
      {env: {S: STUB.secret}},
    )
    expect(check(r.report, 'reachability').status).toBe('pass')
    expect(check(r.report, 'reachability').finding).toMatch(/TLSv1\.[23] with a certificate for 127\.0\.0\.1/)
    expect(r.report.authMethods.client_secret_basic).toBe('accepted')
    expect(r.exit).toBe(0)
  })

  it('--insecure goes on, with a loud warning', async () => {
    const r = await probe(
      {
        'client-id': STUB.clientId,
        'client-secret-env': 'S',
        endpoint: `${tls.base}/both/token`,
        insecure: true,
        only: ['reachability', 'auth-basic'],
      },
      {env: {S: STUB.secret}},
    )
    expect(check(r.report, 'reachability').status).toBe('warn')
    expect(check(r.report, 'reachability').finding).toContain('NOT trusted')
    expect(r.warnings.join('\n')).toContain('TLS certificate verification is OFF (--insecure)')
    expect(check(r.report, 'auth-basic').status).toBe('pass')
  })
})

it('never prints a secret: every output of this file is scanned', () => {
  const secrets = [STUB.secret, STUB.refreshToken, STUB.code, STUB.codeVerifier, STUB.token].map((value) => ({
    id: value === STUB.secret ? STUB.clientId : undefined,
    value,
  }))
  expect(findLeaks(secrets)).toEqual([])
})
