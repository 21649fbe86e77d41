/**
 * diagnoseHar on real, recorded logins (oidc-provider on 127.0.0.1, see login.ts): one that works, and the same
 * login broken the ways users break it. Every assertion reads the HAR the recorder wrote, as `errcode har` would.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {diagnoseHar, type HarFlow} from '../../src/har/index.js'
import {type Breakage, login, type LoginServers, SHORT, startLoginServers} from './login.js'
import {Recorder} from './recorder.js'

let s: LoginServers
beforeAll(async () => {
  s = await startLoginServers()
})
afterAll(() => s.close())

async function diagnose(b: Breakage = {}) {
  const r = await login(s, b)
  const text = JSON.stringify(r.rec.har())
  const report = diagnoseHar(text, {file: 'login.har'})
  expect(report.flows).toHaveLength(1)
  return {...r, flow: report.flows[0], report, text}
}

const ids = (f: HarFlow) => f.findings.map((x) => x.id)
const roles = (f: HarFlow) => f.steps.map((x) => x.role)

describe('a login that works', () => {
  it('rebuilds every step in order, names no failure and no error finding', async () => {
    const {flow, report} = await diagnose()
    expect(roles(flow)).toEqual([
      'discovery',
      'authorize',
      'login',
      'login',
      'redirect',
      'login',
      'login',
      'redirect',
      'callback',
      'token',
      'userinfo',
    ])
    expect(flow).toMatchObject({clientId: 'har-spa', firstFailure: null, issuer: s.issuer, kind: 'oidc'})
    expect(flow.findings.filter((f) => f.severity === 'error')).toEqual([])
    // oidc-provider knows no "email" scope by default and drops it; over plain http its session cookie is SameSite=None without Secure.
    expect(flow.findings.find((f) => f.id === 'scope-narrowed')?.message).toBe(
      'Scopes requested but not granted: email (granted: openid).',
    )
    expect(ids(flow)).toContain('cookie-samesite-none-insecure')
    expect(report.notes[0]).toMatch(
      /^\d+ entries recorded by errcode test recorder; 0 static assets skipped; 1 login flow/,
    )
  })

  it('masks the code in every step URL', async () => {
    const {code, report} = await diagnose()
    const out = JSON.stringify(report)
    expect(code.length).toBeGreaterThan(20)
    expect(out).not.toContain(code)
    expect(report.flows[0].steps.find((x) => x.role === 'callback')!.url).toMatch(/code=.+masked/)
  })
})

describe('broken logins', () => {
  it('a trailing slash on the token request redirect_uri: redirect-uri-mismatch, first failure at the token step', async () => {
    const {flow} = await diagnose({tokenRedirectUri: `${s.redirectUri}/`})
    const token = flow.steps.findIndex((x) => x.role === 'token')
    expect(flow.firstFailure).toBe(token)
    expect(flow.steps[token].error).toMatchObject({code: 'invalid_grant', http: 400})
    const f = flow.findings.find((x) => x.id === 'redirect-uri-mismatch')!
    expect(f.message).toContain('a trailing slash differs')
    expect(f.steps).toEqual([flow.steps.findIndex((x) => x.role === 'authorize'), token])
    expect(f.explanation?.code).toBe('invalid_grant')
    expect(ids(flow)).toContain('error-response')
  })

  it('no code_verifier: pkce-verifier-missing', async () => {
    const {flow} = await diagnose({omitVerifier: true})
    expect(ids(flow)).toContain('pkce-verifier-missing')
    expect(flow.steps[flow.firstFailure!].role).toBe('token')
  })

  it('the code sent twice: code-reused, comparing the two token requests', async () => {
    const {flow} = await diagnose({reuseCode: true})
    const tokens = flow.steps.filter((x) => x.role === 'token').map((x) => x.index)
    expect(tokens).toHaveLength(2)
    expect(flow.findings.find((x) => x.id === 'code-reused')?.steps).toEqual(tokens)
    expect(flow.firstFailure).toBe(tokens[1])
  })

  it('a state changed on the way back: state-mismatch at the callback', async () => {
    const {flow} = await diagnose({tamperState: true})
    const f = flow.findings.find((x) => x.id === 'state-mismatch')!
    expect(f.message).toContain('"tampered-by-a-proxy"')
    expect(flow.steps[flow.firstFailure!].role).toBe('callback')
  })

  it('an access token used after it expired: token-expired at the userinfo call', async () => {
    const {flow} = await diagnose({client: SHORT, waitBeforeUserinfoMs: 2100})
    const userinfo = flow.steps.find((x) => x.role === 'userinfo')!
    expect(userinfo.status).toBe(401)
    const f = flow.findings.find((x) => x.id === 'token-expired')!
    expect(f.severity).toBe('error')
    expect(f.steps).toEqual([flow.steps.findIndex((x) => x.role === 'token'), userinfo.index])
    expect(flow.firstFailure).toBe(userinfo.index)
  })

  it('the token request from an origin the client does not allow: cors-blocked', async () => {
    const {flow} = await diagnose({origin: s.blockedOrigin})
    const f = flow.findings.find((x) => x.id === 'cors-blocked')!
    expect(f.message).toContain('no Access-Control-Allow-Origin')
    expect(flow.steps[f.steps[0]].role).toBe('token')
    expect(flow.steps[flow.firstFailure!].error?.code).toBe('invalid_request')
  })

  it('a plain challenge sent as S256: pkce-method-mismatch', async () => {
    const {flow} = await diagnose({plainChallenge: true})
    expect(flow.findings.find((x) => x.id === 'pkce-method-mismatch')?.message).toBe(
      'The code_challenge is the verifier itself (plain) but code_challenge_method says S256.',
    )
  })

  it('no state: state-missing (a warning; the login itself works)', async () => {
    const {flow} = await diagnose({noState: true})
    expect(flow.findings.find((x) => x.id === 'state-missing')?.severity).toBe('warning')
    expect(flow.firstFailure).toBeNull()
  })

  it('silent renew in an iframe without a session: third-party-cookies, the callback failing with login_required', async () => {
    const {flow} = await diagnose({silent: true})
    expect(roles(flow)).toEqual(['discovery', 'authorize', 'callback'])
    expect(flow.steps[2].error?.code).toBe('login_required')
    expect(flow.firstFailure).toBe(2)
    expect(flow.findings.find((x) => x.id === 'third-party-cookies')?.message).toMatch(
      /^Silent authentication \(prompt=none, in an iframe\) came back with login_required/,
    )
  })

  it('three logins of the same client in a row: redirect-loop, and each flow kept apart by its state', async () => {
    const rec = new Recorder()
    for (let i = 0; i < 3; i++) await login(s, {silent: true}, rec)
    const report = diagnoseHar(JSON.stringify(rec.har()))
    expect(report.flows).toHaveLength(3)
    expect(report.flows.map((f) => ids(f).includes('redirect-loop'))).toEqual([false, false, true])
  })

  it("the app's SameSite=Strict correlation cookie stays home on the way back: cookie-missing-at-callback", async () => {
    const {flow} = await diagnose({appCookie: 'strict'})
    expect(flow.findings.find((x) => x.id === 'cookie-missing-at-callback')?.message).toMatch(
      /^Cookie app\.correlation, set by 127\.0\.0\.1:\d+ before the login/,
    )
    expect(flow.steps[flow.firstFailure!].role).toBe('callback')
    expect(ids((await diagnose({appCookie: 'lax'})).flow)).not.toContain('cookie-missing-at-callback')
  })

  it('20 kB of app cookies: the callback gets 431 from Node, header-too-large', async () => {
    const {flow} = await diagnose({appCookie: 'huge'})
    const callback = flow.steps.find((x) => x.role === 'callback')!
    expect(callback.status).toBe(431)
    expect(flow.findings.find((x) => x.id === 'header-too-large')?.message).toMatch(
      /status 431; \d+ bytes of headers, 2\d{4} of them in Cookie/,
    )
    expect(flow.firstFailure).toBe(callback.index)
  })
})

describe('the other response modes', () => {
  it("form_post: the callback is the POST of the provider's auto-submitting form", async () => {
    const {flow} = await diagnose({responseMode: 'form_post'})
    const callback = flow.steps.find((x) => x.role === 'callback')!
    expect(callback.method).toBe('POST')
    expect(roles(flow).slice(-3)).toEqual(['callback', 'token', 'userinfo'])
    expect(flow.firstFailure).toBeNull()
  })

  it("fragment: the code travels in the redirect's fragment, which the browser never sends", async () => {
    const {flow, rec} = await diagnose({responseMode: 'fragment'})
    expect(rec.entries.some((e) => e.request.url.includes('#'))).toBe(false)
    expect(roles(flow).slice(-3)).toEqual(['callback', 'token', 'userinfo'])
    expect(flow.findings.filter((f) => f.severity === 'error')).toEqual([])
    const broken = await diagnose({responseMode: 'fragment', tokenRedirectUri: `${s.redirectUri}/`})
    expect(ids(broken.flow)).toContain('redirect-uri-mismatch')
  })
})

describe('recordings edited the way buggy apps and clocks break them', () => {
  it('the app sent another nonce than the one it checks: nonce-mismatch', async () => {
    const r = await login(s)
    const har = r.rec.har()
    const authorize = har.log.entries.find((e) => e.request.url.includes('/auth?'))!
    authorize.request.url = authorize.request.url.replace(/nonce=[^&]+/, 'nonce=from-another-tab')
    const flow = diagnoseHar(JSON.stringify(har)).flows[0]
    expect(flow.findings.find((x) => x.id === 'nonce-mismatch')?.message).toMatch(
      /^The authorization request sent nonce "from-another-tab" but the ID token carries "/,
    )
  })

  it("the token response's clock ten minutes behind the ID token's iat: token-not-yet-valid", async () => {
    const r = await login(s)
    const har = r.rec.har()
    const token = har.log.entries.find((e) => e.request.url.endsWith('/token'))!
    const date = token.response.headers.find((h) => h.name === 'date')!
    date.value = new Date(Date.parse(date.value) - 600_000).toUTCString()
    const flow = diagnoseHar(JSON.stringify(har)).flows[0]
    expect(flow.findings.find((x) => x.id === 'token-not-yet-valid')?.message).toMatch(
      /^The ID token is valid only from .+ after .+ \(the response's Date\): a clock is wrong\.$/,
    )
  })

  it('a token call the browser cut off (status 0, net::ERR_FAILED) and a refused preflight: cors-blocked', async () => {
    const r = await login(s)
    const har = r.rec.har()
    const i = har.log.entries.findIndex((e) => e.request.url.endsWith('/token'))
    const token = har.log.entries[i]
    Object.assign(token.response, {_error: 'net::ERR_FAILED', content: {mimeType: '', size: 0}, headers: [], status: 0})
    const preflight = structuredClone(token)
    preflight.request.method = 'OPTIONS'
    preflight.request.headers.push({name: 'access-control-request-method', value: 'POST'})
    delete preflight.request.postData
    Object.assign(preflight.response, {status: 403})
    har.log.entries.splice(i, 0, preflight)
    const flow = diagnoseHar(JSON.stringify(har)).flows[0]
    const cors = flow.findings.filter((x) => x.id === 'cors-blocked')
    expect(cors.map((x) => flow.steps[x.steps[0]].role)).toEqual(['preflight', 'token'])
    expect(cors[1].message).toContain('got no response (status 0, net::ERR_FAILED)')
    expect(flow.steps[flow.firstFailure!].role).toBe('preflight')
  })
})
