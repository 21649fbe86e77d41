/** errcode probe end to end: the real bin/run.js (built), against oidc-provider in this process. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cliAsync, findLeaks} from './helpers.js'
import {OIDC_CLIENTS, startOidcProvider} from './oidc-server.mjs'

let server: Awaited<ReturnType<typeof startOidcProvider>>
beforeAll(async () => {
  server = await startOidcProvider()
})
afterAll(() => server.close())

const {basic} = OIDC_CLIENTS
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)

describe('errcode probe through bin/run.js', () => {
  it('--json: the documented object on stdout, nothing on stderr, exit 0', async () => {
    const r = await cliAsync(
      ['probe', '--issuer', server.issuer, '--client-id', basic.id, '--client-secret-env', 'APP_SECRET', '--json'],
      {env: {APP_SECRET: basic.secret}},
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const data = JSON.parse(r.stdout)
    expect(Object.keys(data).sort()).toEqual(['authMethods', 'checks', 'endpoint', 'issuer', 'summary'])
    expect(data.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'accepted'})
    expect(data.summary.verdict).toContain('The credentials work')
  })

  it('the wrong secret: exit 1 and the verdict in plain words', async () => {
    const r = await cliAsync(['probe', server.tokenUrl, '--client-id', basic.id, '--client-secret-stdin'], {
      input: 'definitely-wrong-secret\n',
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('The secret is wrong')
    expect(r.stdout).toContain('✖ fail  auth-basic')
    expect(r.stdout).toMatch(/More: errcode lookup\s+oauth\/invalid_client#token-endpoint/)
    expect(r.stderr).toBe('') // not a terminal: no spinner
  })

  it('--client-secret works and warns that it lands in shell history', async () => {
    const r = await cliAsync([
      'probe',
      server.tokenUrl,
      '--client-id',
      basic.id,
      '--client-secret',
      basic.secret,
      '--only',
      'auth-basic,token-response',
    ])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^warning: --client-secret puts the secret in your shell history and in `ps` output/)
    expect(r.stdout).toContain('Not selected: discovery, reachability')
  })

  it.each([
    [['probe'], 'give the token endpoint URL (TOKEN_URL) or --issuer URL'],
    [['probe', 'not a url'], 'TOKEN_URL must be a URL'],
    [
      ['probe', 'https://x.example/token', '--client-id', 'app'],
      '--client-id was given without a secret: use --client-secret-env NAME',
    ],
    [
      ['probe', 'https://x.example/token', '--client-id', 'app', '--client-secret-env', 'ERRCODE_TEST_UNSET'],
      'the environment variable ERRCODE_TEST_UNSET is not set or empty',
    ],
    [['probe', 'https://x.example/token', '--timeout', 'abc'], '--timeout must be a number of seconds'],
    [['probe', 'https://x.example/token', '--only', 'nope'], '--only: unknown check "nope"'],
    [
      ['probe', 'https://x.example/token', '--auth', 'magic'],
      '--auth must be one of auto, basic, post, none, private_key_jwt, client_secret_jwt, tls_client_auth, self_signed_tls_client_auth, got "magic"',
    ],
    [
      ['probe', 'https://x.example/token', '--client-id', 'a', '--auth', 'none', '--grant', 'refresh_token'],
      '--grant refresh_token needs --refresh-token-env NAME',
    ],
    [['probe', 'https://x.example/token', '--ca', '/nonexistent/ca.pem'], '--ca: cannot read /nonexistent/ca.pem'],
  ])('%j is a usage error (exit 2) naming what to fix, no stack trace', async (args, text) => {
    const r = await cliAsync(args)
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toContain(text)
    noStack(r.stderr)
  })

  it('a usage error under --json is the error object, exit 2', async () => {
    const r = await cliAsync(['probe', '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toMatchObject({error: {code: 'USAGE', message: expect.stringContaining('TOKEN_URL')}})
  })

  it('--help shows the summary, exit codes and examples', async () => {
    const r = await cliAsync(['probe', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Probe a live OAuth token endpoint')
    expect(r.stdout.replaceAll(/\s+/g, ' ')).toContain(
      'Exit codes: 0 no check failed, 1 a check failed, 2 usage error, 130 interrupted.',
    )
    expect(r.stdout).toContain('--client-secret-env')
  })
})

it('never prints a secret: every output of this file is scanned', () => {
  expect(findLeaks([{id: basic.id, value: basic.secret}])).toEqual([])
})
