/**
 * `errcode har` and `errcode scrub` on HARs that headless Chromium recorded of the test login (oidc-provider, the
 * same clients as login.ts), committed in test/fixtures/har/ and re-made by scripts/record-chromium-har.ts. They
 * differ from the recorder's in what a browser adds: a single-page app's fetches with CORS (a preflight), the
 * provider's favicon, forms stored as `params` without `text`, raw headers, Chromium's own fields.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Har} from 'har-format'
import {afterAll, describe, expect, it} from 'vitest'

import {diagnoseHar, type HarFlow} from '../../src/har/index.js'
import {cli} from '../helpers/cli.js'

const fixture = (name: string) => join('test/fixtures/har', `chromium-${name}.har`)
const load = (name: string) => {
  const text = readFileSync(fixture(name), 'utf8')
  const report = diagnoseHar(text, {file: `chromium-${name}.har`})
  expect(report.flows).toHaveLength(1)
  return {flow: report.flows[0], har: JSON.parse(text) as Har, report, text}
}

const roles = (f: HarFlow) => f.steps.map((x) => x.role)
const ids = (f: HarFlow) => f.findings.map((x) => x.id)
const at = (f: HarFlow, role: string) => f.steps.findIndex((x) => x.role === role)

/**
 * Every secret value in a recording: the code, tokens, verifier, password and cookie values. `inUrls: false` leaves
 * out cookie values that are also a URL's path segment (oidc-provider's interaction id is its _interaction cookie):
 * the timeline shows paths, and only scrub replaces those.
 */
function secretsOf(har: Har, inUrls = true): string[] {
  const out = new Set<string>()
  for (const e of har.log.entries) {
    const u = new URL(e.request.url)
    const code = u.searchParams.get('code')
    if (code) out.add(code)
    for (const p of e.request.postData?.params ?? [])
      if (['code', 'code_verifier', 'password'].includes(p.name) && p.value) out.add(p.value)
    for (const h of e.response.headers.filter((x) => x.name.toLowerCase() === 'set-cookie'))
      for (const line of h.value.split('\n')) {
        const value = line.split(';')[0].split('=').slice(1).join('=')
        const inPath = har.log.entries.some((x) => new URL(x.request.url).pathname.split('/').includes(value))
        if (value.length > 8 && (inUrls || !inPath)) out.add(value)
      }
    if (u.pathname === '/token' && e.response.status === 200) {
      const body = JSON.parse(e.response.content.text ?? '{}') as {access_token: string; id_token: string}
      out.add(body.access_token).add(body.id_token)
    }
  }

  return [...out]
}

const LOGIN = ['discovery', 'authorize', 'login', 'login', 'redirect', 'login', 'login', 'redirect', 'callback']

describe('the recordings are Chromium exports', () => {
  it('name Chromium and chrome-har, and carry what only a browser sends', () => {
    for (const name of ['ok', 'redirect-uri-mismatch', 'no-verifier', 'access-denied', 'code-reused', 'silent-renew']) {
      const {har} = load(name)
      expect(har.log.browser?.name).toBe('Chromium')
      expect(har.log.creator.name).toBe('chrome-har')
      const token = har.log.entries.find((e) => e.request.url.endsWith('/token'))
      if (name === 'access-denied' || name === 'silent-renew') expect(token).toBeUndefined()
      else {
        expect(token?.request.headers.find((h) => h.name === 'User-Agent')?.value).toContain('HeadlessChrome/')
        // The shape that hid the token request before read.ts rebuilt bodies from params.
        expect(token?.request.postData).toMatchObject({params: expect.any(Array)})
        expect(token?.request.postData?.text).toBeUndefined()
      }
    }
  })
})

describe('a login that works (chromium-ok.har)', () => {
  it('rebuilds the login, the token request and the userinfo call after its CORS preflight', () => {
    const {flow, har, report} = load('ok')
    expect(roles(flow)).toEqual([...LOGIN, 'token', 'preflight', 'userinfo'])
    const issuer = new URL(har.log.entries.find((e) => e.request.url.includes('/.well-known/'))!.request.url).origin
    expect(flow).toMatchObject({clientId: 'har-spa', firstFailure: null, issuer, kind: 'oidc'})
    expect(flow.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(flow.findings.find((f) => f.id === 'scope-narrowed')?.message).toBe(
      'Scopes requested but not granted: email (granted: openid).',
    )
    // oidc-provider over plain http: its session cookie is SameSite=None without Secure, set by the login redirect.
    const insecure = flow.findings.filter((f) => f.id === 'cookie-samesite-none-insecure')
    expect(insecure.map((f) => f.message.split(' ')[1])).toEqual(['_session', '_session.sig'])
    expect(insecure[0].steps).toEqual([4])
    expect(report.notes[0]).toBe('14 entries recorded by chrome-har; 1 static assets skipped; 1 login flow(s).')
  })

  it('masks every code, token, cookie and password in its report', () => {
    const {har, report} = load('ok')
    const secrets = secretsOf(har, false)
    expect(secrets.length).toBeGreaterThan(10)
    const out = JSON.stringify(report)
    for (const v of secrets) expect(out).not.toContain(v)
  })
})

describe('broken on purpose', () => {
  it('redirect_uri with a trailing slash at the token request: redirect-uri-mismatch, first failure at the token', () => {
    const {flow} = load('redirect-uri-mismatch')
    expect(roles(flow)).toEqual([...LOGIN, 'token'])
    const token = at(flow, 'token')
    expect(flow.firstFailure).toBe(token)
    expect(flow.steps[token]).toMatchObject({error: {code: 'invalid_grant', http: 400}, method: 'POST', status: 400})
    const f = flow.findings.find((x) => x.id === 'redirect-uri-mismatch')!
    expect(f.message).toMatch(
      /used redirect_uri http:\/\/127\.0\.0\.1:\d+\/callback but .* \(a trailing slash differs\)/,
    )
    expect(f.steps).toEqual([at(flow, 'authorize'), token])
    expect(f.explanation?.code).toBe('invalid_grant')
    expect(ids(flow)).toEqual([
      'redirect-uri-mismatch',
      'error-response',
      'cookie-samesite-none-insecure',
      'cookie-samesite-none-insecure',
    ])
  })

  it('no code_verifier: pkce-verifier-missing against the authorization request', () => {
    const {flow} = load('no-verifier')
    const token = at(flow, 'token')
    expect(flow.firstFailure).toBe(token)
    const f = flow.findings.find((x) => x.id === 'pkce-verifier-missing')!
    expect(f).toMatchObject({severity: 'error', steps: [at(flow, 'authorize'), token]})
    expect(ids(flow)).not.toContain('redirect-uri-mismatch')
  })

  it('consent cancelled: access_denied at the callback, which is the first failure; no token request', () => {
    const {flow} = load('access-denied')
    expect(roles(flow)).toEqual([...LOGIN.slice(0, 6), 'redirect', 'redirect', 'callback'])
    const callback = at(flow, 'callback')
    expect(flow.firstFailure).toBe(callback)
    expect(flow.steps[callback].error).toMatchObject({code: 'access_denied'})
    const f = flow.findings.find((x) => x.id === 'error-response')!
    expect(f.steps).toEqual([callback])
    expect(f.message).toContain('End-User aborted interaction')
  })

  it('the callback run twice: code-reused names both token requests, the second is the first failure', () => {
    const {flow} = load('code-reused')
    expect(roles(flow)).toEqual([...LOGIN, 'token', 'token'])
    expect(flow.steps.map((x) => x.status).slice(-2)).toEqual([200, 400])
    expect(flow.firstFailure).toBe(10)
    expect(flow.findings.find((x) => x.id === 'code-reused')).toMatchObject({severity: 'error', steps: [9, 10]})
  })

  it('silent renew in a hidden iframe with no session: login_required and third-party-cookies', () => {
    const {flow, har} = load('silent-renew')
    // Chromium itself marks the frame's requests: nothing in the app or the script sets Sec-Fetch-Dest.
    const authorize = har.log.entries.find((e) => new URL(e.request.url).pathname === '/auth')!
    expect(authorize.request.headers.find((h) => h.name === 'Sec-Fetch-Dest')?.value).toBe('iframe')
    expect(authorize.request.url).toContain('prompt=none')
    expect(roles(flow)).toEqual(['discovery', 'authorize', 'callback'])
    expect(flow.firstFailure).toBe(2)
    expect(flow.steps[2].error).toMatchObject({code: 'login_required'})
    expect(flow.findings.find((x) => x.id === 'third-party-cookies')).toMatchObject({
      severity: 'warning',
      steps: [1, 2],
    })
  })
})

describe('errcode har and errcode scrub on a Chromium export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-chromium-'))
  afterAll(() => rmSync(dir, {force: true, recursive: true}))

  it('errcode har prints the timeline and the first failure, with no secret', () => {
    const r = cli(['har', fixture('redirect-uri-mismatch')])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/✗ +9 [\d:.]+ +POST +127\.0\.0\.1:\d+ +\/token +400 +token/)
    expect(r.stdout).toContain('First failure: step 9, token (POST')
    expect(r.stdout).toMatch(/✗ redirect-uri-mismatch \(steps 1, 9\)/)
    expect(r.stdout).toContain('12 entries recorded by chrome-har')
    for (const v of secretsOf(load('redirect-uri-mismatch').har, false)) expect(r.stdout).not.toContain(v)
  })

  it('errcode scrub replaces the secrets, kept in params too, and the copy diagnoses the same', () => {
    const {flow, har} = load('ok')
    const out = join(dir, 'ok.scrubbed.har')
    const r = cli(['scrub', fixture('ok'), '-o', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/password +1 +\(1 distinct\)/)
    expect(r.stdout).toMatch(/code_verifier +1 +\(1 distinct\)/)
    const copy = readFileSync(out, 'utf8')
    for (const v of secretsOf(har)) expect(copy).not.toContain(v)
    const again = diagnoseHar(copy, {file: 'ok.scrubbed.har'}).flows[0]
    expect(roles(again)).toEqual(roles(flow))
    expect(again.firstFailure).toBe(flow.firstFailure)
    expect(ids(again)).toEqual(ids(flow))
  })
})
