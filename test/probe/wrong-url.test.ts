/**
 * When the user is wrong, not the server: a URL that is not the token endpoint (JSON or HTML 404s), checks that only
 * failed because an earlier one did, a client allowed only authorization_code, and --auth against what the server
 * takes. Against the node:http stub (stub-server.ts); one instance also serves metadata at its origin.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ProbeFlags} from '../../src/cli/probe-command.js'
import {check, cliAsync, findLeaks, probe, statuses} from './helpers.js'
import {OIDC_CLIENTS, startOidcProvider} from './oidc-server.mjs'
import {startStub, STUB, type Stub} from './stub-server.js'

let stub: Stub
let withOrigin: Stub
let oidc: Awaited<ReturnType<typeof startOidcProvider>>
beforeAll(async () => {
  ;[stub, withOrigin, oidc] = await Promise.all([
    startStub(),
    startStub(undefined, {originMetadata: true}),
    startOidcProvider(),
  ])
})
afterAll(() => Promise.all([stub.close(), withOrigin.close(), oidc.close()]))

const creds = (endpoint: string, flags: ProbeFlags = {}) =>
  probe(
    {'client-id': STUB.clientId, 'client-secret-env': 'STUB_SECRET', endpoint, ...flags},
    {env: {STUB_SECRET: STUB.secret}},
  )

const BLOCKED = ['auth-basic', 'auth-post', 'unsupported-grant', 'wrong-secret', 'token-response'] as const

describe('a URL that is not the token endpoint', () => {
  it('a JSON 404 for every request: "not the token endpoint" first, no false alarm, nothing credentialed sent', async () => {
    const r = await creds(`${stub.base}/json-404/token`)
    expect(r.report.summary.verdict).toMatch(
      /^This URL is not the token endpoint: every token request was answered with HTTP 404/,
    )
    expect(r.report.summary.verdict).not.toContain('wrong secret')
    expect(r.report.summary.verdict).not.toContain('does not check')
    expect(r.report.summary.verdict).not.toContain('Deviations')
    expect(check(r.report, 'empty-post')).toMatchObject({status: 'fail'})
    expect(check(r.report, 'empty-post').finding).toMatch(/^This is not the token endpoint/)
    for (const id of BLOCKED) {
      expect(check(r.report, id)).toMatchObject({blockedBy: 'empty-post', response: null, status: 'skip'})
      expect(check(r.report, id).finding).toMatch(/^Blocked by empty-post: /)
    }
    expect(check(r.report, 'json-body')).toMatchObject({blockedBy: 'empty-post', status: 'skip'})
    expect(check(r.report, 'method-get')).toMatchObject({blockedBy: 'empty-post', status: 'skip'})
    expect(r.report.summary.warn).toBe(0)
    // method-get, empty-post and json-body only: the secret never went to this URL.
    expect(stub.hits.get('json-404')).toBe(3)
    expect(r.exit).toBe(1)
  })

  it('an HTML 404 page: exit 1 with one failure, not exit 0 with warnings', async () => {
    const r = await creds(`${stub.base}/html-404/oauth/token`)
    expect(r.report.summary).toMatchObject({fail: 1, warn: 0})
    expect(check(r.report, 'empty-post').finding).toContain('HTTP 404 Not Found')
    expect(r.report.summary.verdict).toContain('find the token endpoint in the provider')
    expect(r.text).toContain('Blocked by empty-post')
    expect(r.exit).toBe(1)
  })

  it("discovery at the URL's origin names the token endpoint: the summary says which URL to use", async () => {
    const r = await creds(`${withOrigin.base}/json-404/token`)
    const right = `${withOrigin.base}/both/token`
    expect(r.report.summary.verdict).toBe(
      `This URL is not the token endpoint; the server's metadata names ${right}: probe and configure that URL. No credentials were sent here.`,
    )
    expect(check(r.report, 'empty-post').finding).toContain(
      `The server's metadata (${withOrigin.base}/.well-known/openid-configuration) names its token endpoint: ${right}. Use that URL.`,
    )
    const again = await creds(right)
    expect(again.report.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'accepted'})
    expect(again.exit).toBe(0)
  })

  it('discovery at the issuer names the token endpoint when TOKEN_URL is wrong', async () => {
    const r = await creds(`${stub.base}/html-404/token`, {issuer: `${stub.base}/issuer-basic`})
    expect(r.report.summary.verdict).toContain(`the server's metadata names ${stub.base}/basic-only/token`)
  })

  it('oidc-provider at a guessed /oauth/token: its own discovery names /token, and no secret is sent', async () => {
    const {basic} = OIDC_CLIENTS
    const r = await probe(
      {'client-id': basic.id, 'client-secret-env': 'S', endpoint: `${oidc.issuer}/oauth/token`},
      {env: {S: basic.secret}},
    )
    expect(r.report.summary.verdict).toMatch(
      new RegExp(`^This URL is not the token endpoint; the server's metadata names ${oidc.tokenUrl}: `),
    )
    // Its body says invalid_request ("unrecognized route"): the status explains a wrong URL, the body would not.
    expect(check(r.report, 'empty-post').explanation?.id).toBe('http/404')
    expect(r.text).toContain('skipped (7 blocked by an earlier failure)')
    expect(r.report.authMethods).toEqual({client_secret_basic: 'untested', client_secret_post: 'untested'})
    expect(check(r.report, 'wrong-secret')).toMatchObject({blockedBy: 'empty-post', status: 'skip'})
    expect(r.exit).toBe(1)
  })

  it('a token_endpoint from the metadata that answers 404: the metadata (or a proxy) is what is wrong', async () => {
    const r = await creds('', {endpoint: undefined, issuer: `${stub.base}/issuer-wrong`})
    expect(check(r.report, 'empty-post').finding).toContain(
      "This URL is the token_endpoint the issuer's metadata names: the metadata is wrong",
    )
    expect(r.report.summary.verdict).toMatch(/^This URL is not the token endpoint/)
    expect(r.exit).toBe(1)
  })

  it('as a user runs it: bin/run.js, exit 1, the verdict in the Summary, blocked checks counted', async () => {
    const {code, stdout} = await cliAsync(
      ['probe', `${withOrigin.base}/html-404/token`, '--client-id', STUB.clientId, '--client-secret-env', 'S'],
      {env: {S: STUB.secret}},
    )
    expect(code).toBe(1)
    expect(stdout.replaceAll(/\s+/g, ' ')).toContain(
      `This URL is not the token endpoint; the server's metadata names ${withOrigin.base}/both/token`,
    )
    expect(stdout).toContain('(7 blocked by an earlier failure)')
  })

  it('--only auth-basic against a JSON 404: inconclusive, never "accepted"', async () => {
    const r = await creds(`${stub.base}/json-404/token`, {only: ['auth-basic', 'wrong-secret']})
    expect(r.report.authMethods.client_secret_basic).toBe('untested')
    expect(check(r.report, 'wrong-secret').status).not.toBe('fail')
    expect(r.report.summary.verdict).not.toContain('does not check client secrets')
  })
})

describe('causality: a refusal that follows from an earlier one', () => {
  it('basic-only with --auth post: the refused method blocks nothing it should not, and no deviation is claimed', async () => {
    const r = await creds(`${stub.base}/basic-only/token`, {auth: 'post'})
    expect(r.report.summary.verdict).toMatch(
      /^Your app sends client_secret_post; this server accepts client_secret_basic only\./,
    )
    // The server probe uses the method that works, so the grant_type check is judged, not blamed on the secret.
    expect(check(r.report, 'unsupported-grant').status).toBe('pass')
    expect(r.report.summary.verdict).not.toContain('Deviations')
    expect(r.exit).toBe(1)
  })

  it('a wrong secret: refresh is blocked by the refused client authentication, not reported as a refresh failure', async () => {
    const r = await probe(
      {
        'client-id': STUB.clientId,
        'client-secret-env': 'S',
        endpoint: `${stub.base}/both/token`,
        'refresh-token-env': 'RT',
      },
      {env: {RT: STUB.refreshToken, S: 'not-the-secret-3Jk9'}},
    )
    expect(r.report.authMethods).toEqual({client_secret_basic: 'rejected', client_secret_post: 'rejected'})
    expect(check(r.report, 'refresh')).toMatchObject({blockedBy: 'auth-basic', response: null, status: 'skip'})
    expect(check(r.report, 'unsupported-grant').status).toBe('pass') // sent without the refused credentials
    expect(r.report.summary.verdict).toMatch(/^The secret is wrong/)
    expect(r.report.summary.verdict).not.toContain('Deviations')
  })
})

describe('the grant', () => {
  it('a client allowed only authorization_code, no --grant: authenticated, not a failure, and said so', async () => {
    const r = await creds(`${stub.base}/code-only/token`)
    expect(r.report.authMethods.client_secret_basic).toBe('accepted')
    expect(check(r.report, 'token-response').status).toBe('pass')
    expect(check(r.report, 'token-response').finding).toContain(
      'The credentials passed client authentication; this client may not use client_credentials',
    )
    expect(r.report.summary.verdict).toContain(
      'which errcode tried only because no --grant, refresh token or code was given',
    )
    expect(r.exit).toBe(0)
  })

  it('discovery without client_credentials in grant_types_supported says the probes use it only as a test', async () => {
    const r = await creds('', {endpoint: undefined, issuer: `${stub.base}/issuer-code`})
    expect(check(r.report, 'discovery').finding).toContain(
      'does not list client_credentials: the probes send it only to test the credentials',
    )
    expect(r.exit).toBe(0)
  })

  it('a code given: authorization_code is chosen without --grant', async () => {
    const r = await creds(`${stub.base}/code-only/token`, {
      code: STUB.code,
      'code-verifier': STUB.codeVerifier,
      'redirect-uri': STUB.redirectUri,
    })
    expect(check(r.report, 'code-exchange').status).toBe('pass')
    expect(r.exit).toBe(0)
  })

  it('a refresh token given: refresh_token is chosen; unauthorized_client is explained as a refresh failure', async () => {
    const r = await probe(
      {
        'client-id': STUB.clientId,
        'client-secret-env': 'S',
        endpoint: `${stub.base}/code-only/token`,
        'refresh-token-env': 'RT',
      },
      {env: {RT: STUB.refreshToken, S: STUB.secret}},
    )
    const refresh = check(r.report, 'refresh')
    expect(refresh.status).toBe('fail')
    expect(refresh.finding).toContain(
      'passed client authentication, but this client may not use the refresh_token grant',
    )
    expect(r.report.summary.verdict).toContain('The refresh token was refused')
  })

  it('a refused refresh token is explained with refresh advice first, not code-exchange advice', async () => {
    const r = await probe(
      {
        'client-id': STUB.clientId,
        'client-secret-env': 'S',
        endpoint: `${stub.base}/both/token`,
        'refresh-token-env': 'RT',
      },
      {env: {RT: 'revoked-refresh-5Tg8', S: STUB.secret}},
    )
    const refresh = check(r.report, 'refresh')
    expect(refresh.explanation?.code).toBe('invalid_grant')
    expect(refresh.explanation?.fixes[0]).toMatch(/refresh/i)
    expect(r.text).not.toContain('Restart the authorization flow to get a fresh code')
    expect(statuses(r.report)['token-response']).not.toBe('fail')
  })
})

describe('--auth states what the app sends', () => {
  it('both accepted: the summary still says what the app sends', async () => {
    const r = await creds(`${stub.base}/both/token`, {auth: 'post'})
    expect(r.report.summary.verdict).toContain(
      'This server accepts both client_secret_basic and client_secret_post for this client; your app sends client_secret_post, which works.',
    )
  })

  it('not tested: the metadata is compared with it', async () => {
    const r = await creds('', {
      auth: 'post',
      endpoint: undefined,
      issuer: `${stub.base}/issuer-basic`,
      only: ['discovery', 'empty-post'],
    })
    expect(r.report.summary.verdict).toContain(
      "Your app sends client_secret_post; the server's metadata lists client_secret_basic.",
    )
  })
})

it('never prints a secret: every output of this file is scanned', () => {
  expect(
    findLeaks([
      {id: STUB.clientId, value: STUB.secret},
      {value: STUB.refreshToken},
      {value: STUB.code},
      {id: OIDC_CLIENTS.basic.id, value: OIDC_CLIENTS.basic.secret},
    ]),
  ).toEqual([])
})
