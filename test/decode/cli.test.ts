import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {cli} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'errcode-decode-'))
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)
const ZAPIER =
  'https://your-domain.com/callback?error=invalid_request&error_description=Token+expired&state=af0ifjsldkj'
const MICROSOFT = JSON.stringify({
  correlation_id: '5fc87507-4086-4e77-b415-cee677eb232e',
  error: 'invalid_client',
  error_codes: [7_000_215],
  error_description:
    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'a8fdfbd0-da97-42d9-8f1a-fd6a7cb650b4'.",
  trace_id: '6f6c4645-0202-4486-b625-fa957dfc4700',
})
const SECRET = 'sk-live-client-secret-1234567890'
const CODE = 'SplxlOBeZQQYbYS6WxSbIA0123'
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJl'
const WITH_SECRETS = [
  `POST /token Authorization: Bearer ${JWT}`,
  `{"error":"invalid_client","error_description":"client_secret ${SECRET} is not valid","client_secret":"${SECRET}"}`,
  `then the browser came back to https://app.example.com/cb?error=access_denied&code=${CODE}&state=${JWT}`,
].join('\n')
const ERROR_KEYS = [
  'code',
  'description',
  'errorUri',
  'fields',
  'http',
  'jwt',
  'matches',
  'provider',
  'providerConfidence',
  'providerEvidence',
  'requestId',
  'state',
]

describe('errcode decode (end to end through bin/run.js)', () => {
  it('decodes a callback URL given as the argument: headline, who acts, causes, fix, fields, notes', () => {
    const r = cli(['decode', ZAPIER])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout.split('\n')[0]).toMatch(/^Zapier returned invalid_request: /)
    expect(r.stdout).toMatch(
      /Who must act: client developer[\s\S]*Likely causes[\s\S]*Fix\n\s+1\. [\s\S]*What errcode read[\s\S]*State\s+af0ifjsldkj[\s\S]*Notes/,
    )
    expect(r.stdout).toContain('Compare state (af0ifjsldkj)')
    expect(r.stdout).toContain('errcode lookup zapier/invalid_request#token-expired')
  })

  it('reads `-` from piped stdin, and piped stdin without `-`', () => {
    for (const args of [['decode', '-'], ['decode']]) {
      const r = cli(args, {input: MICROSOFT})
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^Microsoft Entra ID.* returned invalid_client/)
      expect(r.stdout).toContain('6f6c4645-0202-4486-b625-fa957dfc4700')
    }
  })

  it('reads --file', () => {
    const r = cli([
      'decode',
      '--file',
      file(
        'response.txt',
        `HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token", error_description="The access token expired"\n\n`,
      ),
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/returned invalid_token \(HTTP 401\)/)
  })

  it('prints the documented --json shape', () => {
    const r = cli(['decode', '--json', ZAPIER])
    expect(r.code).toBe(0)
    const data = JSON.parse(r.stdout)
    expect(Object.keys(data).sort()).toEqual(['errors', 'input', 'notes'])
    expect(data.input).toEqual({bytes: Buffer.byteLength(ZAPIER), kind: 'callback_url'})
    expect(Object.keys(data.errors[0]).sort()).toEqual(ERROR_KEYS)
    expect(data.errors[0]).toMatchObject({
      code: 'invalid_request',
      description: 'Token expired',
      provider: 'zapier',
      state: 'af0ifjsldkj',
    })
    expect(data.errors[0].matches[0]).toMatchObject({
      id: 'zapier/invalid_request#token-expired',
      matchedBy: 'description',
    })
    expect(data.notes.some((n: string) => n.includes('Compare state'))).toBe(true)
  })

  it('exits 1 when nothing is recognised, saying what was tried and what to paste', () => {
    const r = cli(['decode', 'everything is fine, no failure here'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error: no error found in the input .*tried callback URL parameters/)
    expect(r.stderr).toContain('Try this')
    expect(r.stderr).toContain('curl -i')
    const json = cli(['decode', '--json', 'everything is fine'])
    expect(json.code).toBe(1)
    const data = JSON.parse(json.stdout)
    expect(data).toMatchObject({errors: [], input: {kind: 'text'}})
    expect(data.notes[0]).toMatch(/^no error found/)
  })

  it.each([
    [['decode', ''], 'the input is empty'],
    [['decode', '--file', join(dir, 'missing.txt')], 'cannot read it (ENOENT)'],
    [['decode', 'x', '--file', join(dir, 'missing.txt')], 'not both'],
    [['decode', 'error=access_denied&state=1', '--max-bytes', '10'], 'over the 10 bytes limit'],
    [['decode', 'x', '--max-bytes', 'lots'], '--max-bytes must be a positive number'],
    [['decode', 'error=access_denied', '--provider', 'nope'], 'unknown provider "nope"'],
  ])('%j is a usage error (exit 2) with one clear line', (args, text) => {
    const r = cli(args)
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toContain(text)
    noStack(r.stderr)
  })

  it('refuses oversized stdin and files, and binary input (exit 2)', () => {
    const big = cli(['decode', '-', '--max-bytes', '1k'], {input: 'error=x&'.repeat(500)})
    expect(big.code).toBe(2)
    expect(big.stderr).toMatch(/^Error: the input is more than 1 kB, over the 1 kB limit/)
    const bigFile = cli(['decode', '--file', file('big.log', 'x'.repeat(5000)), '--max-bytes', '4096'])
    expect(bigFile.code).toBe(2)
    expect(bigFile.stderr).toContain('over the 4 kB limit')
    const binary = Uint8Array.from({length: 3000}, (_, i) => (i * 37) % 256)
    for (const r of [
      cli(['decode', '--file', file('blob.bin', binary)]),
      cli(['decode', '-'], {input: Buffer.from(binary).toString('latin1') + '\u0000'}),
    ]) {
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^Error: the input looks binary/)
      noStack(r.stderr)
    }
  })

  it('masks secrets in human and JSON output unless --show-secrets', () => {
    for (const args of [
      ['decode', WITH_SECRETS],
      ['decode', '--json', WITH_SECRETS],
    ]) {
      const r = cli(args)
      expect(r.code).toBe(0)
      for (const secret of [SECRET, CODE, JWT]) expect(r.stdout).not.toContain(secret)
    }

    const masked = JSON.parse(cli(['decode', '--json', WITH_SECRETS]).stdout)
    expect(masked.errors.map((e: {code: string}) => e.code)).toEqual(['invalid_client', 'access_denied'])
    // Nothing of a client secret is shown: its kind, length and a fingerprint to tell two apart.
    expect(masked.errors[0].fields.client_secret).toMatch(/^\[masked secret, 32 chars, fp [\da-f]{8}\]$/)
    expect(masked.errors[1].jwt).toMatchObject({iss: 'https://accounts.google.com', signatureVerified: false})
    const shown = cli(['decode', '--json', '--show-secrets', WITH_SECRETS]).stdout
    for (const secret of [SECRET, CODE, JWT]) expect(shown).toContain(secret)
  })

  it('strips terminal control sequences that came with the paste', () => {
    const hostile =
      'https://app.example.com/cb?error=access_denied&error_description=%1B%5D0%3Bpwned%07Denied%1B%5B2J&state=s%1B%5B31mred'
    for (const env of [{}, {FORCE_COLOR: '1', NO_COLOR: undefined}]) {
      const r = cli(['decode', hostile], {env})
      expect(r.code).toBe(0)
      expect(r.stdout).not.toContain('pwned\u0007')
      expect(r.stdout).not.toContain('\u001B]')
      expect(r.stdout).not.toContain('\u001B[2J')
      expect(r.stdout).not.toContain('\u001B[31mred')
      expect(r.stdout).toContain('Denied')
    }
  })

  it('answers the same on the fast path and through oclif', () => {
    const dump = file(
      'dump.txt',
      '< HTTP/2 400\n< content-type: application/json\n<\n{"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
    )
    for (const [args, input] of [
      [['decode', ZAPIER], undefined],
      [['decode', '--json', ZAPIER], undefined],
      [['decode', '-'], MICROSOFT],
      [['decode', '--file', dump, '--provider', 'google'], undefined],
      [['decode', 'nothing to see'], undefined],
      [['decode', '--json', 'nothing to see'], undefined],
      [['decode', ''], undefined],
      [['decode', '--no-input', '--show-secrets', WITH_SECRETS], undefined],
    ] as const) {
      const fast = cli([...args], {input})
      const slow = cli([...args], {env: {ERRCODE_NO_FAST: '1'}, input})
      expect({args, code: fast.code, stderr: fast.stderr, stdout: fast.stdout}).toEqual({
        args,
        code: slow.code,
        stderr: slow.stderr,
        stdout: slow.stdout,
      })
    }
  })

  it('documents itself: summary, examples and exit codes in --help', () => {
    const r = cli(['decode', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Exit codes: 0 at least one error recognised, 1 nothing recognised')
    expect(r.stdout).toMatch(/EXAMPLES[\s\S]*errcode decode --file app\.log/)
    expect(r.stdout).toContain('--[no-]input')
  })
})
