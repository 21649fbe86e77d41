/**
 * Interactive probe: the command class is imported (so vite applies @inquirer/testing's prompt mocks, which do not
 * reach commands that oclif loads itself) and driven through the real @inquirer prompts on a virtual screen.
 */
import {screen} from '@inquirer/testing/vitest'
import {Config} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import Probe from '../../src/commands/probe.js'
import type {Prompter} from '../../src/probe/prompts.js'
import {ROOT} from '../helpers/cli.js'
import {check, findLeaks, probe, recordOutput} from './helpers.js'
import {OIDC_CLIENTS, startOidcProvider} from './oidc-server.mjs'

let config: Config
let server: Awaited<ReturnType<typeof startOidcProvider>>
const stderr = {
  isTTY: false,
  text: '',
  write(t: string) {
    this.text += t
    return true
  },
}
beforeAll(async () => {
  ;[config, server] = await Promise.all([Config.load({root: ROOT}), startOidcProvider()])
})
afterAll(() => server.close())
afterEach(() => {
  process.exitCode = undefined
})

const {basic} = OIDC_CLIENTS

/** Every screen the user saw, in order (kept for the README and scanned for the secret). */
const screens: string[] = []
const see = () => {
  const text = screen.getScreen()
  screens.push(text)
  recordOutput('screen', text)
  return text
}

describe('interactive (real @inquirer prompts on a virtual terminal)', () => {
  it('asks for the issuer, client and masked secret, marks the methods the server lists, and confirms before sending', async () => {
    const run = captureOutput(() => Probe.using({interactive: true, stderr}).run(['--timeout', '5'], config))
    await screen.next()
    expect(see()).toContain('Token endpoint or issuer URL:')
    screen.type(server.issuer)
    screen.keypress('enter')
    await screen.next()
    expect(see()).toContain('Client id (leave empty to probe without credentials):')
    screen.type(basic.id)
    screen.keypress('enter')
    await screen.next()
    expect(see()).toContain('Client secret')
    screen.type(basic.secret)
    expect(see()).not.toContain(basic.secret) // masked while typing
    screen.keypress('enter')
    await screen.next()
    const auth = see()
    expect(auth).toContain('How does your app send the client credentials?')
    expect(auth).toContain("I don't know: try both")
    expect(auth).toContain('client_secret_basic (the server lists it)')
    expect(auth).toContain('client_secret_post (the server lists it)')
    screen.keypress('enter')
    await screen.next()
    const list = see()
    expect(list).toContain('Probes to run')
    expect(list).toMatch(/◉ discovery/)
    // A secret was given and "try both" chosen: both methods come ticked, so Enter tests them (after the confirm).
    expect(list).toMatch(/◉ auth-basic .*\[sends credentials\]/)
    expect(list).toMatch(/◉ auth-post .*\[sends credentials\]/)
    expect(list).toMatch(/- refresh .*with --grant refresh_token/) // disabled, with the reason
    screen.keypress('enter')
    await screen.next()
    expect(see()).toMatch(/Send the client secret for "probe-basic" to 127\.0\.0\.1:\d+\? \(y\/N\)/)
    screen.type('y')
    screen.keypress('enter')
    const {error, stdout} = await run
    expect(error).toBeUndefined()
    recordOutput('interactive stdout', stdout)
    expect(stdout).toContain('This server accepts both client_secret_basic and client_secret_post')
    expect(stdout).toMatch(/✔ pass {2}auth-basic/)
    expect(process.exitCode).toBe(0)
  })

  it('Ctrl-C at a prompt exits 130 quietly', async () => {
    const run = captureOutput(() => Probe.using({interactive: true, stderr}).run([], config))
    await screen.next()
    expect(see()).toContain('Token endpoint or issuer URL:')
    screen.keypress({ctrl: true, name: 'c'})
    const {stderr: err, stdout} = await run
    expect(process.exitCode).toBe(130)
    expect(err).toBe('')
    expect(stdout).toBe('')
  })
})

/** Answers handed in as a Prompter: the flow itself, without a terminal. */
function answering(answers: {
  checks?: string[]
  clientId?: string
  confirm?: boolean
  secret?: string
  target?: string
}): Prompter & {asked: string[]} {
  const asked: string[] = []
  return {
    asked,
    async checkbox(c) {
      asked.push(c.message)
      return (answers.checks ?? c.choices.filter((x) => x.checked).map((x) => x.value)) as never
    },
    async confirm(c) {
      asked.push(c.message)
      return answers.confirm ?? false
    },
    async input(c) {
      asked.push(c.message)
      return c.message.startsWith('Token') ? (answers.target ?? '') : (answers.clientId ?? '')
    },
    async password(c) {
      asked.push(c.message)
      return answers.secret ?? ''
    },
    async select(c) {
      asked.push(c.message)
      return 'auto'
    },
  }
}

describe('the interactive flow with answers handed in', () => {
  it('declining the confirm sends no credential: the credentialed probes are skipped and say why', async () => {
    const prompter = answering({
      checks: ['empty-post', 'auth-basic', 'auth-post'],
      clientId: basic.id,
      confirm: false,
      secret: basic.secret,
      target: server.tokenUrl,
    })
    const r = await probe({}, {deps: {interactive: true, prompter}})
    expect(prompter.asked.at(-1)).toMatch(/^Send the client secret for "probe-basic" to/)
    expect(check(r.report, 'auth-basic')).toMatchObject({response: null, status: 'skip'})
    expect(check(r.report, 'auth-basic').finding).toBe('Not sent: you chose not to send the credentials.')
    expect(check(r.report, 'empty-post').status).toBe('pass')
  })

  it('a secret given: the credentialed probes are preselected, and the confirm still comes first', async () => {
    const prompter = answering({clientId: basic.id, confirm: true, secret: basic.secret, target: server.tokenUrl})
    const r = await probe({}, {deps: {interactive: true, prompter}})
    expect(prompter.asked.at(-1)).toMatch(/^Send the client secret for "probe-basic" to/)
    expect(r.report.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'accepted'})
    expect(r.report.summary.verdict).not.toContain('The credentials were not tested')
  })

  it('no secret given: only the anonymous probes are ticked, no confirm is asked, nothing credentialed runs', async () => {
    const prompter = answering({clientId: basic.id, target: server.tokenUrl})
    const r = await probe({}, {deps: {interactive: true, prompter}})
    expect(prompter.asked.some((m) => m.startsWith('Send'))).toBe(false)
    expect(check(r.report, 'auth-basic').finding).toBe('Not selected.')
    expect(check(r.report, 'empty-post').status).toBe('pass')
  })

  it('a URL that is not an issuer is probed as the token endpoint', async () => {
    const prompter = answering({checks: ['empty-post'], target: `${server.issuer}/oauth/v1/access`})
    const r = await probe({}, {deps: {interactive: true, prompter}})
    expect(r.report.endpoint).toBe(`${server.issuer}/oauth/v1/access`)
    expect(r.warnings.join('\n')).toContain('probed it as the token endpoint')
  })

  it('never prompts under --json, --yes or CI: a missing value is a usage error naming the flag', async () => {
    const prompter = answering({})
    await expect(probe({}, {deps: {interactive: true, prompter}, json: true})).rejects.toThrow(/TOKEN_URL.*--issuer/)
    await expect(probe({yes: true}, {deps: {interactive: true, prompter}})).rejects.toThrow(/TOKEN_URL/)
    await expect(
      probe({'client-id': 'x', endpoint: server.tokenUrl}, {deps: {interactive: true, prompter}, env: {CI: 'true'}}),
    ).rejects.toThrow(/--client-secret-env/)
    expect(prompter.asked).toEqual([])
  })
})

it('never prints a secret: every screen and output of this file is scanned', () => {
  expect(screens.length).toBeGreaterThan(5)
  expect(findLeaks([{id: basic.id, value: basic.secret}])).toEqual([])
})
