/**
 * The probe tool against a real authorization server (oidc-provider 8 on 127.0.0.1, see test/probe/oidc-server.mjs):
 * without --allow-credentials only the checks that send no credentials run; with it, the secret comes from the
 * server's environment and goes only to the hosts it names.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {CHECK_IDS, CREDENTIALED_CHECKS} from '../../src/probe/types.js'
import {OIDC_CLIENTS, startOidcProvider} from '../probe/oidc-server.mjs'
import {call, connect, leaks, type Session} from './helpers.js'

const {basic} = OIDC_CLIENTS
let oidc: Awaited<ReturnType<typeof startOidcProvider>>
let plain: Session
let credentialed: Session
beforeAll(async () => {
  oidc = await startOidcProvider()
  ;[plain, credentialed] = await Promise.all([
    connect(),
    connect(['--allow-credentials', '127.0.0.1'], {ERRCODE_CLIENT_SECRET: basic.secret}),
  ])
})
afterAll(async () => {
  await Promise.all([plain.close(), credentialed.close()])
  await oidc.close()
})

type Report = {checks: {id: string; status: string}[]; endpoint: string; summary: {verdict: string}}
const statuses = (r: Report) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]))

describe('probe without --allow-credentials', () => {
  it('runs only the checks that send no credentials, including a deliberately wrong secret', async () => {
    const r = await call(plain, 'probe', {client_id: basic.id, issuer: oidc.issuer})
    expect(r.isError).toBe(false)
    const report = r.structured as Report
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS])
    expect(report.endpoint).toBe(oidc.tokenUrl)
    expect(statuses(report)).toMatchObject({
      'auth-basic': 'skip',
      'auth-post': 'skip',
      discovery: 'pass',
      'empty-post': 'pass',
      reachability: 'pass',
      'unsupported-grant': 'pass',
      'wrong-secret': 'pass',
    })
    expect(r.text).toMatch(new RegExp(`^Probed ${oidc.tokenUrl}: \\d+ pass`))
    expect(r.text).toContain('the server was not started with --allow-credentials')
  })

  it('takes no secret from the agent: an extra client_secret argument is dropped, never sent', async () => {
    const r = await call(plain, 'probe', {client_id: basic.id, client_secret: basic.secret, endpoint: oidc.tokenUrl})
    expect(statuses(r.structured as Report)).toMatchObject({'auth-basic': 'skip', 'auth-post': 'skip'})
    expect(JSON.stringify(r.structured)).not.toContain(basic.secret)
  })

  it('refuses when every check asked for would send credentials', async () => {
    const r = await call(plain, 'probe', {client_id: basic.id, endpoint: oidc.tokenUrl, only: ['auth-basic']})
    expect(r.isError).toBe(true)
    expect(r.text).toContain('every check asked for sends credentials')
  })

  it('a bad URL is an input error', async () => {
    const r = await call(plain, 'probe', {endpoint: 'not a url'})
    expect(r.isError).toBe(true)
    expect(r.text).toContain('endpoint')
  })
})

describe('probe with --allow-credentials 127.0.0.1', () => {
  it('sends the secret from the server environment to the named host: both methods accepted', async () => {
    const r = await call(credentialed, 'probe', {client_id: basic.id, endpoint: oidc.tokenUrl, issuer: oidc.issuer})
    const report = r.structured as Report
    expect(statuses(report)).toMatchObject({'auth-basic': 'pass', 'auth-post': 'pass', 'token-response': 'pass'})
    expect(report.summary.verdict).toContain('The credentials work')
    expect(r.text).not.toContain('Only the checks that send no credentials ran')
  })

  it('sends nothing to a host it does not name (localhost is not 127.0.0.1)', async () => {
    const endpoint = oidc.tokenUrl.replace('127.0.0.1', 'localhost')
    const r = await call(credentialed, 'probe', {client_id: basic.id, endpoint})
    const report = r.structured as Report
    for (const id of CREDENTIALED_CHECKS) expect(statuses(report)[id]).toBe('skip')
    expect(r.text).toContain('credentials go only to a token endpoint given as "endpoint" on 127.0.0.1')
  })

  it('lists the credential hosts in the tool description', async () => {
    const {tools} = await credentialed.client.listTools()
    expect(tools.find((t) => t.name === 'probe')!.description).toContain('to token endpoints on 127.0.0.1')
  })

  it('no result carries the secret (raw, encoded or inside Basic), and the servers wrote nothing to stderr', () => {
    const basicValue = Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')
    expect(leaks([basic.secret, basicValue])).toEqual([])
    expect(plain.stderr()).toBe('')
    expect(credentialed.stderr()).toBe('')
  })
})
