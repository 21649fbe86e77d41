/**
 * The authorization-endpoint checks and PAR against a real oidc-provider 8 on 127.0.0.1 (oidc-server.mjs, the
 * AUTHZ_CLIENTS block): accepted and refused redirect URIs, the diff with the registered one, PKCE, PAR.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {AUTHORIZE_CHECK_IDS} from '../../src/probe/authorize-ids.js'
import {CHECK_IDS} from '../../src/probe/types.js'
import {check, cliAsync, findLeaks, probe, statuses} from './helpers.js'
import {AUTHZ_CLIENTS, startOidcProvider} from './oidc-server.mjs'

let server: Awaited<ReturnType<typeof startOidcProvider>>
let naming: Awaited<ReturnType<typeof startOidcProvider>>
let lenient: Awaited<ReturnType<typeof startOidcProvider>>
beforeAll(async () => {
  server = await startOidcProvider()
  naming = await startOidcProvider({namingErrors: true})
  lenient = await startOidcProvider({lenientPkce: true})
})
afterAll(async () => {
  await server.close()
  await naming.close()
  await lenient.close()
})

const {native, par, web} = AUTHZ_CLIENTS
const authorizeIds = (report: {checks: {id: string; status: string}[]}) =>
  Object.fromEntries(
    report.checks.filter((c) => c.id.startsWith('authorize-') || c.id === 'par').map((c) => [c.id, c.status]),
  )

describe('an accepted redirect URI', () => {
  it('reaches the login page; response_type, scope and PKCE are judged; PAR is pushed with the secret', async () => {
    const r = await probe(
      {'client-id': web.id, 'client-secret-env': 'S', issuer: server.issuer, 'redirect-uri': web.redirectUris[0]},
      {env: {S: web.secret}},
    )
    expect(authorizeIds(r.report)).toEqual({
      'authorize-pkce': 'pass',
      'authorize-redirect-uri': 'pass',
      'authorize-response-type': 'pass',
      'authorize-scope': 'pass',
      par: 'pass',
    })
    const redirect = check(r.report, 'authorize-redirect-uri')
    expect(redirect.finding).toMatch(
      /^Accepted: the server answered with its login or consent page \(HTTP 303 to http:\/\/127\.0\.0\.1:\d+\/interaction\//,
    )
    expect(redirect.request.method).toBe('GET')
    expect(redirect.request.url).toContain(`redirect_uri=${encodeURIComponent(web.redirectUris[0])}`)
    expect(redirect.request.url).toContain('code_challenge_method=S256')
    expect(redirect.request.headers.authorization).toBeUndefined()
    const pkce = check(r.report, 'authorize-pkce')
    expect(pkce.finding).toContain('S256 accepted.')
    expect(pkce.finding).toContain('Without PKCE the request is refused')
    expect(pkce.finding).toContain('PKCE is required')
    expect(pkce.finding).toContain('code_challenge_method=plain is refused')
    expect(check(r.report, 'authorize-scope').finding).toBe('scope=openid accepted (openid: no --scope given).')
    const pushed = check(r.report, 'par')
    expect(pushed.finding).toMatch(
      /^Pushed with client_secret_basic: HTTP 201, request_uri of \d+ characters, expires_in 60 s\./,
    )
    expect(pushed.request.headers.authorization).toMatch(/^Basic \[masked credentials/)
    expect(r.report.summary.verdict).toContain(
      `The authorization endpoint accepts the redirect URI ${web.redirectUris[0]}.`,
    )
    expect(r.exit).toBe(0)
  })

  it('reports the authorize checks after every token check, in the same shape', async () => {
    const r = await probe(
      {'client-id': web.id, 'client-secret-env': 'S', issuer: server.issuer, 'redirect-uri': web.redirectUris[0]},
      {env: {S: web.secret}},
    )
    expect(r.report.checks.map((c) => c.id)).toEqual([...CHECK_IDS, ...AUTHORIZE_CHECK_IDS])
    for (const c of r.report.checks.slice(CHECK_IDS.length))
      expect(
        Object.keys(c)
          .filter((k) => k !== 'blockedBy')
          .sort(),
      ).toEqual(['explanation', 'finding', 'id', 'ms', 'request', 'response', 'status', 'title'])
  })

  it('a scope the metadata does not list is accepted with a warning (oidc-provider drops it silently)', async () => {
    const r = await probe({
      'client-id': native.id,
      issuer: server.issuer,
      'redirect-uri': 'http://127.0.0.1:4711/callback',
      scope: 'openid nosuch',
    })
    expect(check(r.report, 'authorize-scope').status).toBe('warn')
    expect(check(r.report, 'authorize-scope').finding).toContain('does not list nosuch')
    expect(r.report.summary.verdict).toContain('authorize-scope')
  })

  it('a native client: any port on the loopback redirect URI is accepted (RFC 8252 §7.3)', async () => {
    const r = await probe({
      'client-id': native.id,
      issuer: server.issuer,
      'redirect-uri': 'http://127.0.0.1:4711/callback',
    })
    expect(check(r.report, 'authorize-redirect-uri').status).toBe('pass')
    // A public client pushes with its client_id alone, and oidc-provider accepts that.
    expect(check(r.report, 'par').finding).toMatch(/^Pushed as a public client \(client_id only\): HTTP 201/)
    expect(r.exit).toBe(0)
  })
})

describe('PKCE on a lenient server', () => {
  it('not required and plain accepted: both said, S256 still passes', async () => {
    const r = await probe({
      'client-id': native.id,
      issuer: lenient.issuer,
      'redirect-uri': 'http://127.0.0.1:4711/callback',
    })
    const pkce = check(r.report, 'authorize-pkce')
    expect(pkce.status).toBe('pass')
    expect(pkce.finding).toContain('Without PKCE the request is accepted too: PKCE is not required for this client')
    expect(pkce.finding).toContain('code_challenge_method=plain is accepted: send S256')
    expect(pkce.request.url).not.toContain('code_challenge')
  })
})

describe('a refused redirect URI', () => {
  it('trailing slash: the error page is decoded, the diff marks the slash, the other checks are blocked', async () => {
    const r = await probe({
      'client-id': web.id,
      issuer: server.issuer,
      'redirect-uri': `${web.redirectUris[0]}/`,
      'registered-redirect-uri': web.redirectUris[0],
    })
    const redirect = check(r.report, 'authorize-redirect-uri')
    expect(redirect.status).toBe('fail')
    expect(redirect.response?.status).toBe(400)
    expect(redirect.finding).toContain(
      'error=invalid_redirect_uri ("redirect_uri did not match any of the client\'s registered redirect_uris")',
    )
    expect(redirect.finding).toContain(`Character by character ([-sent-]{+registered+}): ${web.redirectUris[0]}[-/-].`)
    expect(redirect.finding).toContain('Differences: a trailing slash.')
    expect(redirect.finding).toContain('Trailing slash: /callback and /callback/ are different strings.')
    expect(redirect.finding).toContain('Exact match:')
    // The standard's invalid_redirect_uri entry is about client registration, so it is not offered here.
    expect(redirect.explanation?.id).not.toBe('oauth/invalid_redirect_uri')
    for (const id of ['authorize-response-type', 'authorize-pkce', 'authorize-scope'] as const)
      expect(check(r.report, id)).toMatchObject({
        blockedBy: 'authorize-redirect-uri',
        request: {method: 'GET'},
        status: 'skip',
      })
    expect(r.report.summary.verdict).toContain(
      `The authorization endpoint refuses the redirect URI ${web.redirectUris[0]}/; the registered one is ${web.redirectUris[0]}`,
    )
    expect(r.exit).toBe(1)
  })

  it('localhost vs 127.0.0.1 on a loopback port: both rules, and which providers follow the port rule', async () => {
    const r = await probe({
      'client-id': native.id,
      issuer: server.issuer,
      'redirect-uri': 'http://localhost:4711/callback',
      'registered-redirect-uri': native.redirectUris[0],
    })
    const f = check(r.report, 'authorize-redirect-uri').finding
    expect(check(r.report, 'authorize-redirect-uri').status).toBe('fail')
    expect(f).toContain('http://[-localhost-]{+127.0.0.1+}[-:4711-]/callback')
    expect(f).toContain('Differences: localhost vs a loopback IP; the port of a loopback URI.')
    expect(f).toContain('localhost vs 127.0.0.1:')
    expect(f).toContain('Loopback port (RFC 8252 §7.3):')
    expect(f).toContain('oidc-provider (panva): partly (only for clients with application_type native')
    expect(f).toContain('GitHub (OAuth apps): yes')
  })

  it('the registered URI the error page names is used when none is given', async () => {
    const r = await probe({'client-id': web.id, issuer: naming.issuer, 'redirect-uri': `${web.redirectUris[0]}/`})
    const f = check(r.report, 'authorize-redirect-uri').finding
    expect(f).toContain(`the one the error names ${web.redirectUris[0]}.`)
    expect(f).toContain('Differences: a trailing slash.')
    expect(f).not.toContain('--registered-redirect-uri URI to see')
  })

  it('without the registered URI, it says how to get the diff', async () => {
    const r = await probe({'client-id': web.id, issuer: server.issuer, 'redirect-uri': 'https://app.example.test/cb'})
    expect(check(r.report, 'authorize-redirect-uri').finding).toContain(
      'Give the registered one with --registered-redirect-uri URI',
    )
  })

  it('an unknown client_id is not reported as a redirect URI problem', async () => {
    const r = await probe({'client-id': 'no-such-client', issuer: server.issuer, 'redirect-uri': web.redirectUris[0]})
    expect(check(r.report, 'authorize-redirect-uri').finding).toContain('the server does not accept this client_id')
    expect(r.report.summary.verdict).toContain('does not accept this client_id')
  })
})

describe('PAR', () => {
  it('a client that must use PAR: the direct request comes back with the error, the push works', async () => {
    const r = await probe(
      {'client-id': par.id, 'client-secret-env': 'S', issuer: server.issuer, 'redirect-uri': par.redirectUris[0]},
      {env: {S: par.secret}},
    )
    expect(authorizeIds(r.report)).toEqual({
      'authorize-pkce': 'skip',
      'authorize-redirect-uri': 'pass',
      'authorize-response-type': 'skip',
      'authorize-scope': 'skip',
      par: 'pass',
    })
    expect(check(r.report, 'authorize-redirect-uri').finding).toContain('Pushed Authorization Request must be used')
    expect(check(r.report, 'authorize-pkce').finding).toMatch(
      /^Not judged: this client must use a pushed authorization request/,
    )
    expect(check(r.report, 'par').finding).toContain('this client must use PAR')
    expect(r.report.summary.verdict).toContain('This client must use pushed authorization requests (PAR)')
  })

  it('a confidential client without its secret: the push is refused with 401, reported as untested', async () => {
    const r = await probe({'client-id': web.id, issuer: server.issuer, 'redirect-uri': web.redirectUris[0]})
    const pushed = check(r.report, 'par')
    expect(pushed.status).toBe('skip')
    expect(pushed.response?.status).toBe(401)
    expect(pushed.finding).toContain('Give the client secret (--client-secret-env NAME) to test PAR.')
  })

  it('--authorize-url without metadata: the authorize checks run, PAR needs the metadata', async () => {
    const r = await probe({
      'authorize-url': `${server.issuer}/auth`,
      'client-id': native.id,
      'redirect-uri': 'http://127.0.0.1:4711/callback',
    })
    expect(check(r.report, 'authorize-redirect-uri').status).toBe('pass')
    expect(check(r.report, 'par').finding).toMatch(/^No server metadata/)
    // No metadata: nothing to say about code_challenge_methods_supported, and no token endpoint to complain about.
    expect(check(r.report, 'authorize-pkce').status).toBe('pass')
    expect(r.report.summary.verdict).not.toContain('No token endpoint')
    expect(statuses(r.report)['auth-basic']).toBe('skip')
  })
})

describe('inputs', () => {
  it('--authorize-url without --redirect-uri is a usage error (exit 2)', async () => {
    const r = await cliAsync(['probe', '--authorize-url', `${server.issuer}/auth`, '--client-id', web.id])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--authorize-url needs --redirect-uri URI')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('--only accepts the authorize ids; a token-only run reports none of them', async () => {
    const only = await probe({
      'client-id': native.id,
      issuer: server.issuer,
      only: ['authorize-redirect-uri'],
      'redirect-uri': 'http://127.0.0.1:4711/callback',
    })
    expect(check(only.report, 'authorize-redirect-uri').status).toBe('pass')
    expect(check(only.report, 'par').finding).toBe('Not selected.')
    const plain = await probe({'client-id': native.id, issuer: server.issuer, only: ['discovery']})
    expect(plain.report.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
  })

  it('the human report, run as a user runs it', async () => {
    const r = await cliAsync([
      'probe',
      '--issuer',
      server.issuer,
      '--client-id',
      web.id,
      '--redirect-uri',
      `${web.redirectUris[0]}/`,
      '--registered-redirect-uri',
      web.redirectUris[0],
      '--only',
      'authorize-redirect-uri',
    ])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/✖ fail {2}authorize-redirect-uri +Refused: the server does not accept the redirect URI/)
  })

  it('--curl: the authorization request as a GET, the push reading the secret from the environment', async () => {
    const r = await probe(
      {
        'client-id': web.id,
        'client-secret-env': 'S',
        curl: true,
        issuer: server.issuer,
        only: ['authorize-redirect-uri', 'par'],
        'redirect-uri': web.redirectUris[0],
      },
      {env: {S: web.secret}, json: true},
    )
    const curl = (id: string) => (r.report.checks.find((c) => c.id === id) as unknown as {curl: null | string}).curl
    expect(curl('authorize-redirect-uri')).toMatch(/^# authorize-redirect-uri: .*\ncurl -sS -i/)
    expect(curl('authorize-redirect-uri')).not.toContain('--data')
    expect(curl('par')).toContain(`-u '${web.id}:'"$ERRCODE_CLIENT_SECRET"`)
    expect(curl('par')).toContain(`--data-urlencode 'client_id=${web.id}'`)
  })

  it('never prints a secret', () => {
    expect(
      findLeaks([
        {id: web.id, value: web.secret},
        {id: par.id, value: par.secret},
      ]),
    ).toEqual([])
  })
})
