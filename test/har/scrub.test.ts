/** errcode scrub on a recorded login (login.ts): nothing secret survives, everything needed to compare steps does. */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {diagnoseHar} from '../../src/har/index.js'
import {Scrubber} from '../../src/har/scrub.js'
import {cli} from '../helpers/cli.js'
import {login, type LoginServers, startLoginServers} from './login.js'

const dir = mkdtempSync(join(tmpdir(), 'errcode-scrub-'))
let s: LoginServers
let file: string
let secrets: string[]
let kept: string[]
beforeAll(async () => {
  s = await startLoginServers()
  const r = await login(s, {reuseCode: true})
  const har = r.rec.har()
  file = join(dir, 'login.har')
  writeFileSync(file, JSON.stringify(har))
  const cookieValues = har.log.entries.flatMap((e) =>
    e.response.headers
      .filter((h) => h.name === 'set-cookie')
      .map((h) => h.value.split(';')[0].split('=').slice(1).join('=')),
  )
  secrets = [r.code, r.verifier, 'correct-horse-battery', ...cookieValues.filter((v) => v.length > 8)]
  const authorize = new URL(har.log.entries[1].request.url)
  kept = [r.state, 'har-spa', authorize.searchParams.get('code_challenge')!, encodeURIComponent(s.redirectUri)]
})
afterAll(async () => {
  await s.close()
  rmSync(dir, {force: true, recursive: true})
})

describe('errcode scrub', () => {
  it('writes a copy with every secret replaced, and says what it replaced by kind', () => {
    const out = join(dir, 'scrubbed.har')
    const r = cli(['scrub', file, '-o', out, '--json'])
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.stdout)
    expect(summary).toMatchObject({input: file, output: out})
    const kinds = Object.fromEntries(summary.replaced.map((x: {count: number; kind: string}) => [x.kind, x.count]))
    expect(kinds.cookie).toBeGreaterThan(0)
    expect(kinds.code).toBeGreaterThanOrEqual(3) // the callback URL and both token requests
    expect(kinds.password).toBe(1)
    expect(kinds.code_verifier).toBe(2)
    expect(summary.total).toBe(summary.replaced.reduce((n: number, x: {count: number}) => n + x.count, 0))
    const text = readFileSync(out, 'utf8')
    for (const v of secrets) expect(text).not.toContain(v)
    for (const v of kept) expect(text).toContain(v)
    expect(text).toContain('redacted-code-1')
    const issued = JSON.parse(text).log.entries.find(
      (e: {response: {status: number}; request: {url: string}}) =>
        e.request.url.endsWith('/token') && e.response.status === 200,
    )
    expect(JSON.parse(issued.response.content.text)).toMatchObject({
      access_token: expect.stringMatching(/^redacted-token-\d+$/),
      id_token: expect.stringMatching(/^redacted-token-\d+$/),
    })
  })

  it('the scrubbed copy reads as the original: same steps, same first failure, the reused code still shows', () => {
    const out = join(dir, 'again.har')
    expect(cli(['scrub', file, '-o', out]).stdout).toMatch(
      /^Wrote .+again\.har \(\d+ entr(?:y|ies)\): \d+ values? replaced\.\n {2}cookie/,
    )
    const copy = diagnoseHar(readFileSync(out, 'utf8')).flows[0]
    const original = diagnoseHar(readFileSync(file, 'utf8')).flows[0]
    expect(copy.steps.map((x) => x.role)).toEqual(original.steps.map((x) => x.role))
    expect(copy.firstFailure).toBe(original.firstFailure)
    expect(copy.findings.map((f) => f.id)).toEqual(original.findings.map((f) => f.id))
    expect(copy.findings.map((f) => f.id)).toContain('code-reused')
    expect(copy.steps.find((x) => x.role === 'callback')?.url).toMatch(/\?code=redacted-code-1&state=/)
  })

  it('refuses to overwrite its input, however it is spelled (exit 2), and an existing file without --force', () => {
    for (const target of [file, join(dir, '.', 'login.har')]) {
      const r = cli(['scrub', file, '-o', target])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('refusing to overwrite the input')
    }

    const existing = join(dir, 'existing.har')
    writeFileSync(existing, 'keep me')
    expect(cli(['scrub', file, '-o', existing]).code).toBe(2)
    expect(readFileSync(existing, 'utf8')).toBe('keep me')
    expect(cli(['scrub', file, '-o', existing, '--force']).code).toBe(0)
    expect(readFileSync(file, 'utf8')).not.toContain('redacted-')
  })
})

describe('bodies', () => {
  it('scans query strings inside JSON bodies, JWTs in HTML and hidden form fields, one placeholder per value', () => {
    const sc = new Scrubber()
    const code = 'SplxlOBeZQQYbYS6WxSbIA7c9'
    const json = sc.body(
      JSON.stringify({next: `https://app.example/cb?code=${code}&state=abc`, code: 400}),
      'application/json',
    )
    expect(JSON.parse(json)).toEqual({code: 400, next: 'https://app.example/cb?code=redacted-code-1&state=abc'})
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl'
    const html = sc.body(
      `<form><input type="hidden" name="code" value="${code}"><script>t="${jwt}"</script>`,
      'text/html',
    )
    expect(html).toBe(
      '<form><input type="hidden" name="code" value="redacted-code-1"><script>t="redacted-jwt-1"</script>',
    )
    expect(
      sc.body(`grant_type=authorization_code&code=${code}&client_id=app`, 'application/x-www-form-urlencoded'),
    ).toBe('grant_type=authorization_code&code=redacted-code-1&client_id=app')
    expect([...sc.p.counts]).toEqual([
      ['code', {count: 3, distinct: 1}],
      ['jwt', {count: 1, distinct: 1}],
    ])
  })
})
