/**
 * errcode probe against a real authorization server: panva's oidc-provider 8 on 127.0.0.1 (see oidc-server.mjs).
 * oidc-provider accepts either secret transport for both client_secret_basic and client_secret_post clients, so
 * "only one method works" is shown by the node:http stub in stubs.test.ts.
 */
import {spawn} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {basicAuthorization} from '../../src/probe/client-auth.js'
import {SECRET_ENV} from '../../src/probe/curl.js'
import {CHECK_IDS} from '../../src/probe/types.js'
import {check, findLeaks, probe, statuses} from './helpers.js'
import {OIDC_CLIENTS, startOidcProvider} from './oidc-server.mjs'

let server: Awaited<ReturnType<typeof startOidcProvider>>
beforeAll(async () => {
  server = await startOidcProvider()
})
afterAll(() => server.close())

const {basic, noClientCredentials, odd, post} = OIDC_CLIENTS
const withSecret = (client: {id: string; secret: string}, flags: Record<string, unknown> = {}) =>
  [
    {'client-id': client.id, 'client-secret-env': 'PROBE_SECRET', issuer: server.issuer, ...flags},
    {env: {PROBE_SECRET: client.secret}},
  ] as const

describe('the right secret', () => {
  it('runs every default probe and finds both methods accepted (oidc-provider takes either transport)', async () => {
    const r = await probe(...withSecret(basic))
    expect(statuses(r.report)).toEqual({
      'auth-basic': 'pass',
      'auth-post': 'pass',
      'clock-skew': 'pass',
      'code-exchange': 'skip',
      discovery: 'pass',
      'empty-post': 'pass',
      'json-body': 'pass',
      'method-get': 'warn', // v8 answers GET /token with 404 invalid_request, not 405
      reachability: 'pass',
      refresh: 'skip',
      'token-response': 'pass',
      'unsupported-grant': 'pass',
      'wrong-secret': 'pass',
      // Beyond secrets: not selected without a key or certificate; dpop only when the metadata advertises it.
      'auth-jwt': 'skip',
      'auth-mtls': 'skip',
      dpop: 'skip',
      'jwt-expired': 'skip',
      'jwt-replay': 'skip',
      'jwt-wrong-key': 'skip',
    })
    expect(r.exit).toBe(0)
    expect(r.report.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'accepted'})
    expect(r.report.endpoint).toBe(server.tokenUrl)
    expect(r.report.summary).toMatchObject({fail: 0, pass: 10, skip: 8, warn: 1})
    expect(r.report.summary.verdict).toContain('This server accepts both client_secret_basic and client_secret_post')
    expect(r.report.summary.verdict).toContain('The credentials work: client_credentials returned an access token.')
  })

  it('reads the real responses: 404 for GET, the JSON-body refusal, unsupported_grant_type, 401 + WWW-Authenticate', async () => {
    const {report} = await probe(...withSecret(basic))
    expect(check(report, 'discovery').finding).toContain('client_secret_basic, client_secret_jwt, client_secret_post')
    expect(check(report, 'method-get').response).toMatchObject({status: 404})
    expect(check(report, 'method-get').finding).toContain('looks the same as a wrong URL')
    expect(check(report, 'empty-post').finding).toContain('no client authentication mechanism provided')
    expect(check(report, 'json-body').finding).toMatch(/^Refused because it is not form-encoded/)
    expect(check(report, 'unsupported-grant').response?.body).toContain('unsupported_grant_type')
    expect(check(report, 'unsupported-grant').explanation?.id).toBe('oauth/unsupported_grant_type')
    const wrong = check(report, 'wrong-secret')
    expect(wrong.response?.status).toBe(401)
    expect(wrong.response?.headers['www-authenticate']).toMatch(/^Basic realm=/)
    expect(wrong.explanation?.id).toBe('oauth/invalid_client#token-endpoint')
    expect(check(report, 'token-response').finding).toMatch(
      /access_token: opaque, 43 characters, token_type Bearer, expires_in 600 s/,
    )
  })

  it('masks the access token in the response and the secret in the request', async () => {
    const {report} = await probe(...withSecret(basic))
    const basicCheck = check(report, 'auth-basic')
    // The new rule: kind, length and fingerprint; nothing of a client secret, at most the last 4 of a token.
    expect(basicCheck.request.headers.authorization).toMatch(/^Basic \[masked credentials, \d+ chars, fp [\da-f]{8}\]$/)
    const accessToken = JSON.parse(basicCheck.response!.body).access_token as string
    expect(accessToken).toMatch(/^\[masked token, 43 chars, ….{4}, fp [\da-f]{8}\]$/)
    expect(check(report, 'auth-post').request.body).toMatch(
      /^grant_type=client_credentials&client_id=probe-basic&client_secret=\[masked secret, 29 chars, fp [\da-f]{8}\]$/,
    )
    expect(check(report, 'auth-post').request.body).not.toContain(basic.secret)
  })

  it('a post-registered client with --auth post: the app method works', async () => {
    const r = await probe(...withSecret(post, {auth: 'post'}))
    expect(r.report.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'accepted'})
    expect(check(r.report, 'wrong-secret').request.body).toContain('client_secret=') // post: the wrong secret goes in the body
    expect(check(r.report, 'wrong-secret').response?.headers['www-authenticate']).toBeUndefined()
    expect(r.exit).toBe(0)
  })

  it('encodes Basic credentials as RFC 6749 Appendix B says (id and secret with : + / % & = ~ ! and spaces)', async () => {
    const r = await probe(
      {'client-id': odd.id, 'client-secret-env': 'S', endpoint: server.tokenUrl, only: ['auth-basic']},
      {env: {S: odd.secret}},
    )
    expect(check(r.report, 'auth-basic').status).toBe('pass')
    // The naive encoding (what curl -u sends) is different and oidc-provider refuses it, so the test above can fail.
    const naive = `Basic ${Buffer.from(`${odd.id}:${odd.secret}`).toString('base64')}`
    expect(basicAuthorization(odd.id, odd.secret)).not.toBe(naive)
    const res = await fetch(server.tokenUrl, {
      body: 'grant_type=client_credentials',
      headers: {accept: 'application/json', authorization: naive, 'content-type': 'application/x-www-form-urlencoded'},
      method: 'POST',
    })
    expect(res.status).toBe(400)
  })
})

describe('what goes wrong', () => {
  it('the wrong secret: both methods rejected, "The secret is wrong", exit 1, the catalog explains invalid_client', async () => {
    const before = server.events.length
    const r = await probe(
      {'client-id': basic.id, 'client-secret-env': 'S', endpoint: server.tokenUrl},
      {env: {S: 'not-the-secret-at-all-123'}},
    )
    expect(r.report.authMethods).toEqual({client_secret_basic: 'rejected', client_secret_post: 'rejected'})
    expect(check(r.report, 'auth-basic').status).toBe('fail')
    expect(check(r.report, 'auth-post').status).toBe('fail')
    expect(check(r.report, 'auth-basic').finding).toContain('The other method is rejected too')
    expect(check(r.report, 'auth-basic').explanation).toMatchObject({
      code: 'invalid_client',
      id: 'oauth/invalid_client#token-endpoint',
      provider: 'oauth',
    })
    expect(check(r.report, 'token-response').status).toBe('pass') // the 401 itself is well-formed
    expect(r.report.summary.verdict).toMatch(/^The secret is wrong/)
    expect(r.exit).toBe(1)
    expect(server.events.slice(before)).toContain('invalid secret provided') // the server's own reason
  })

  it('an unknown client id is reported the same way (the server does not say which)', async () => {
    const r = await probe(
      {
        'client-id': 'no-such-client',
        'client-secret-env': 'S',
        endpoint: server.tokenUrl,
        only: ['auth-basic', 'auth-post'],
      },
      {env: {S: basic.secret}},
    )
    expect(r.report.summary.verdict).toContain('the client id is unknown or disabled')
    expect(r.exit).toBe(1)
  })

  it('a client allowed only authorization_code, no --grant: authenticated, and not a failure', async () => {
    const r = await probe(...withSecret(noClientCredentials))
    expect(r.report.authMethods.client_secret_basic).toBe('accepted')
    expect(check(r.report, 'auth-basic').finding).toContain('the grant was refused')
    expect(check(r.report, 'token-response').status).toBe('pass')
    expect(r.report.summary.verdict).toContain(
      'The credentials passed client authentication; this client may not use client_credentials (invalid_request: "requested grant type is not allowed for this client")',
    )
    expect(r.exit).toBe(0)
  })

  it('the same client with --grant client_credentials: refused, a failure', async () => {
    const r = await probe(...withSecret(noClientCredentials, {grant: 'client_credentials'}))
    expect(check(r.report, 'token-response').status).toBe('fail')
    expect(r.report.summary.verdict).toContain('client_credentials is not enabled for this client')
    expect(r.exit).toBe(1)
  })

  it('a refresh token the server does not know: refresh fails with invalid_grant and its explanation', async () => {
    const r = await probe(
      {
        'client-id': noClientCredentials.id,
        'client-secret-env': 'S',
        endpoint: server.tokenUrl,
        grant: 'refresh_token',
        'refresh-token-env': 'RT',
      },
      {env: {RT: 'bogus-refresh-token-9f8e7d6c5b4a', S: noClientCredentials.secret}},
    )
    const refresh = check(r.report, 'refresh')
    expect(refresh.status).toBe('fail')
    expect(refresh.explanation?.id).toBe('oauth/invalid_grant')
    expect(refresh.finding).toContain('already used')
    expect(refresh.request.body).toMatch(/refresh_token=bogus-…|masked/)
    expect(check(r.report, 'token-response').status).toBe('pass') // client_credentials refused, but expected for --grant refresh_token
    expect(r.report.summary.verdict).toContain('The refresh token was refused')
  })

  /** Only the code-exchange probe, for the client that has no client_credentials grant, from a callback URL. */
  const exchangeFromCallback = (callbackUrl: string) =>
    probe(
      {
        'callback-url': callbackUrl,
        'client-id': noClientCredentials.id,
        'client-secret-env': 'S',
        endpoint: server.tokenUrl,
        grant: 'authorization_code',
        only: ['code-exchange'],
      },
      {env: {S: noClientCredentials.secret}},
    )

  it('an authorization code from a callback URL: exchanged with redirect_uri taken from the URL, refused as invalid_grant', async () => {
    const r = await exchangeFromCallback('http://127.0.0.1/callback?code=expired-code-abc123def456&state=xyz')
    const exchange = check(r.report, 'code-exchange')
    expect(exchange.status).toBe('fail')
    expect(exchange.request.body).toContain('redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback')
    expect(exchange.request.body).not.toContain('expired-code-abc123def456')
    expect(exchange.finding).toContain('Codes are single-use')
    expect(r.report.summary.verdict).toContain('The authorization code was refused')
  })

  it('a callback URL that carries an error explains it without sending anything', async () => {
    const r = await exchangeFromCallback(
      'http://127.0.0.1/callback?error=access_denied&error_description=The+user+denied',
    )
    const exchange = check(r.report, 'code-exchange')
    expect(exchange).toMatchObject({response: null, status: 'fail'})
    expect(exchange.explanation?.id).toBe('oauth/access_denied#authorization-response')
  })
})

describe('without credentials', () => {
  it('runs only the anonymous probes and says so', async () => {
    const r = await probe({endpoint: server.tokenUrl})
    expect(statuses(r.report)).toMatchObject({
      'auth-basic': 'skip',
      'auth-post': 'skip',
      'empty-post': 'pass',
      'unsupported-grant': 'pass',
      'wrong-secret': 'skip',
    })
    expect(check(r.report, 'unsupported-grant').finding).toContain('checks client authentication before grant_type')
    expect(r.report.authMethods).toEqual({client_secret_basic: 'untested', client_secret_post: 'untested'})
    expect(r.report.summary.verdict).toContain('The credentials were not tested (No client id given (--client-id))')
    expect(r.exit).toBe(0)
  })
})

describe('--json contract', () => {
  it('has exactly the documented keys, every check id in order', async () => {
    const {report} = await probe(...withSecret(basic))
    expect(Object.keys(report).sort()).toEqual(['authMethods', 'checks', 'endpoint', 'issuer', 'summary'])
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
    for (const c of report.checks) {
      expect(Object.keys(c).sort()).toEqual([
        'explanation',
        'finding',
        'id',
        'ms',
        'request',
        'response',
        'status',
        'title',
      ])
      expect(Object.keys(c.request).sort()).toEqual(['body', 'headers', 'method', 'url'])
      if (c.response) expect(Object.keys(c.response).sort()).toEqual(['body', 'headers', 'status'])
      expect(['pass', 'warn', 'fail', 'skip']).toContain(c.status)
      expect(typeof c.ms).toBe('number')
    }

    expect(Object.keys(report.summary).sort()).toEqual(['fail', 'pass', 'skip', 'verdict', 'warn'])
    expect(report.issuer).toBe(server.issuer)
  })
})

describe('--curl', () => {
  it('prints runnable commands that read the secret from $ERRCODE_CLIENT_SECRET, and they work', async () => {
    const r = await probe(...withSecret(basic, {curl: true}))
    expect(r.text).toContain('Reproduce with curl')
    expect(r.text).toContain(`"$${SECRET_ENV.client_secret}"`)
    expect(r.text).not.toContain(basic.secret)
    const command = r.text.split('\n\n').find((block) => block.startsWith('# auth-basic'))!
    const run = await new Promise<string>((resolve) => {
      const child = spawn('sh', ['-c', command], {env: {...process.env, ERRCODE_CLIENT_SECRET: basic.secret}})
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      child.on('close', () => resolve(out))
    })
    expect(run).toMatch(/^HTTP\/1\.1 200/)
    expect(run).toContain('"token_type":"Bearer"')
  })

  it("adds each check's command under --json only when asked", async () => {
    const [flags, options] = withSecret(basic, {curl: true})
    const r = await probe(flags, {...options, json: true})
    const checks = r.report.checks as unknown as {curl: null | string; id: string}[]
    expect(checks.find((c) => c.id === 'auth-post')?.curl).toContain(
      '--data-urlencode "client_secret=$ERRCODE_CLIENT_SECRET"',
    )
    expect(checks.find((c) => c.id === 'refresh')?.curl).toBeNull()
  })
})

it('never prints a secret: every output of this file is scanned', () => {
  const secrets = Object.values(OIDC_CLIENTS).map((c) => ({id: c.id, value: c.secret}))
  secrets.push(
    {id: undefined as never, value: 'bogus-refresh-token-9f8e7d6c5b4a'},
    {id: undefined as never, value: 'expired-code-abc123def456'},
  )
  expect(findLeaks(secrets)).toEqual([])
})
