/**
 * Names of JavaScript's Object members where errcode takes a name from the user (a command, a code, a provider)
 * or from a server, and the interactive confirmation for a token endpoint on another host.
 */
import {describe, expect, it} from 'vitest'

import type {Prompter} from '../../src/probe/prompts.js'
import {cli} from '../helpers/cli.js'
import {probe} from '../probe/helpers.js'
import {startHostile} from './hostile-server.js'
import {expectNoControl, reportTally, TALLY} from './tally.js'

reportTally('argv')

const MEMBERS = ['constructor', '__proto__', 'toString', 'hasOwnProperty']

describe('Object member names', () => {
  for (const name of MEMBERS) {
    it(`"${name}" as a command, a code, a provider and a callback error: an answer, never a crash`, () => {
      for (const args of [
        [name],
        ['lookup', name],
        ['lookup', name, '--json'],
        ['decode', `https://a.example/cb?error=${name}`],
        ['decode', '--provider', name, 'error=x'],
        ['list', '--provider', name],
      ]) {
        TALLY.cases++
        const r = cli(args)
        const crashed = /unexpected error|at .*\.js:\d+|TypeError/.test(r.stderr)
        if (crashed) TALLY.crashes++
        expect(crashed, `${args.join(' ')}: ${r.stderr.slice(0, 200)}`).toBe(false)
        expect([0, 1, 2, 127]).toContain(r.code)
        expectNoControl(args.join(' '), r.stdout + r.stderr)
      }
    })
  }
})

describe('interactive: a token endpoint on another host', () => {
  it('the confirmation names both hosts; no means the secret is not sent, yes that it is', async () => {
    const {main, other} = await startHostile()
    try {
      const asked: string[] = []
      let yes = false
      const prompter: Prompter = {
        checkbox: async (c) => c.choices.filter((x) => !x.disabled).map((x) => x.value) as never,
        confirm: async (c) => (asked.push(c.message), yes),
        input: async () => 'hostile-app',
        password: async () => 'Zx9-secret-Kq2-value-Lm7',
        select: async () => 'auto' as never,
      }
      const sent = (q: {authorization?: string; body: string}) =>
        q.body.includes('Zx9-secret') ||
        Buffer.from((q.authorization ?? '').slice(6), 'base64')
          .toString()
          .includes('Zx9-secret')
      TALLY.cases += 2
      const before = other.received.length
      await probe({issuer: `${main.url}/iss-other`}, {deps: {interactive: true, prompter}})
      expect(asked.at(-1)).toMatch(/WARNING: not the issuer's host/)
      expect(other.received.slice(before).some(sent)).toBe(false)
      // And yes means it is sent: the refusal above is the prompt's doing.
      yes = true
      await probe({issuer: `${main.url}/iss-other`}, {deps: {interactive: true, prompter}})
      expect(other.received.slice(before).some(sent)).toBe(true)
    } finally {
      await main.close()
      await other.close()
    }
  })
})
