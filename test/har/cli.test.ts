/** `errcode har` and `errcode decode --file x.har` as a user runs them, on a recorded login (login.ts). */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cli} from '../helpers/cli.js'
import {login, type LoginServers, startLoginServers} from './login.js'

const dir = mkdtempSync(join(tmpdir(), 'errcode-har-'))
let s: LoginServers
let file: string
let secrets: string[]
beforeAll(async () => {
  s = await startLoginServers()
  const r = await login(s, {tokenRedirectUri: `${s.redirectUri}/`})
  file = join(dir, 'login.har')
  writeFileSync(file, JSON.stringify(r.rec.har(), null, 2))
  secrets = [r.code, r.verifier]
})
afterAll(async () => {
  await s.close()
  rmSync(dir, {force: true, recursive: true})
})

describe('errcode har', () => {
  it('prints the timeline, marks the token request and explains it, then the findings', () => {
    const r = cli(['har', file])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Flow 1: OpenID Connect login of client har-spa at http:\/\/127\.0\.0\.1:\d+/)
    expect(r.stdout).toMatch(/✗ +\d+ [\d:.]+ +POST +127\.0\.0\.1:\d+ +\/token +400 +token/)
    expect(r.stdout).toMatch(/First failure: step \d+, token \(POST/)
    expect(r.stdout).toContain('invalid_grant')
    expect(r.stdout).toMatch(/✗ redirect-uri-mismatch \(steps \d+, \d+\): The authorization request used redirect_uri/)
    for (const v of secrets) expect(r.stdout).not.toContain(v)
  })

  it('--json follows the contract', () => {
    const r = cli(['har', file, '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(Object.keys(report)).toEqual(['file', 'flows', 'notes'])
    const flow = report.flows[0]
    expect(Object.keys(flow).sort()).toEqual([
      'clientId',
      'findings',
      'firstFailure',
      'issuer',
      'kind',
      'provider',
      'steps',
    ])
    expect(Object.keys(flow.steps[0]).sort()).toEqual([
      'entry',
      'error',
      'index',
      'method',
      'role',
      'startedDateTime',
      'status',
      'url',
    ])
    expect(Object.keys(flow.findings[0]).sort()).toEqual(['explanation', 'id', 'message', 'severity', 'steps'])
    expect(flow.steps[flow.firstFailure].error.code).toBe('invalid_grant')
    for (const v of secrets) expect(r.stdout).not.toContain(v)
  })

  it('decode --file hands a HAR over to har', () => {
    const r = cli(['decode', '--file', file, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).flows[0].findings.map((f: {id: string}) => f.id)).toContain('redirect-uri-mismatch')
  })

  it('exit 2, one line, for a file that is not a HAR, a directory or a missing file', () => {
    const text = join(dir, 'notes.har')
    writeFileSync(text, '{"hello": ')
    for (const [args, message] of [
      [['har', text], /not a HAR file \(not JSON: unterminated|not a HAR file/],
      [['har', dir], /not a regular file/],
      [['har', join(dir, 'missing.har')], /cannot read it \(ENOENT\)/],
    ] as const) {
      const r = cli([...args])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }

    const plain = join(dir, 'plain.har')
    writeFileSync(plain, JSON.stringify({entries: []}))
    expect(cli(['har', plain]).stderr).toContain('not a HAR file (no "log" object)')
  })
})
