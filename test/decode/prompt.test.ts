import {Chalk} from 'chalk'
import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'

import type {RunContext} from '../../src/cli/context.js'
import {runDecode} from '../../src/cli/decode-command.js'
import {promptForPaste} from '../../src/cli/paste-prompt.js'
import {ErrcodeError} from '../../src/errors.js'

/** A stand-in terminal: what readline reads from, flagged as a TTY, and everything written back to it. */
function terminal(isTTY = true) {
  const input = Object.assign(new PassThrough(), {isTTY})
  const output = new PassThrough()
  let screen = ''
  output.on('data', (d) => {
    screen += String(d)
  })
  return {input, output, screen: () => screen}
}

function context(stdin: NodeJS.ReadableStream & {isTTY?: boolean}, json = false): RunContext {
  return {chalk: new Chalk({level: 0}), configDir: '/nonexistent', env: {}, json, stdin, width: 100}
}

const options = {maxBytes: 10_000, message: '? Paste the error', quietMs: 20}

describe('the paste prompt (injected streams)', () => {
  it('keeps the empty lines inside a pasted burst and ends on EOF (Ctrl-D)', async () => {
    const t = terminal(false)
    const answer = promptForPaste(t.input, t.output, options)
    t.input.write(
      'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token"\n\n{"error":"invalid_token"}\n',
    )
    t.input.end()
    await expect(answer).resolves.toBe(
      'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token"\n\n{"error":"invalid_token"}',
    )
    expect(t.screen()).toContain('? Paste the error')
  })

  it('ends on an empty line once nothing more arrives, ignoring empty lines before the paste', async () => {
    const t = terminal()
    const answer = promptForPaste(t.input, t.output, options)
    t.input.write('\n\nerror=access_denied&state=abc\n')
    t.input.write('\n')
    await expect(answer).resolves.toBe('error=access_denied&state=abc\n')
  })

  it('Ctrl-C rejects with the quiet INTERRUPTED error (exit 130)', async () => {
    const t = terminal()
    const answer = promptForPaste(t.input, t.output, options)
    t.input.write('half a pas')
    t.input.write('\u0003')
    const error = await answer.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ErrcodeError)
    expect(error).toMatchObject({code: 'INTERRUPTED', exit: 130})
  })

  it('refuses a paste over the limit', async () => {
    const t = terminal(false)
    const answer = promptForPaste(t.input, t.output, {...options, maxBytes: 50})
    t.input.write(`${'x'.repeat(80)}\n`)
    await expect(answer).rejects.toMatchObject({code: 'INPUT_REJECTED', exit: 2})
  })
})

describe('runDecode input rules', () => {
  it('prompts on a terminal when no input is given, then decodes the paste', async () => {
    const t = terminal()
    const run = runDecode({}, {}, context(t.input), {promptOutput: t.output})
    await new Promise((r) => setTimeout(r, 10))
    t.input.write('https://app.example.com/cb?error=login_required&state=s1\n\n')
    const outcome = await run
    expect(outcome.exit).toBe(0)
    expect(outcome.data.errors[0]).toMatchObject({code: 'login_required', provider: 'oauth', state: 's1'})
    expect(outcome.text).toMatch(/^The OAuth server returned login_required/)
    expect(t.screen()).toContain('Paste the error')
  })

  it('never prompts under --json or --no-input: a usage error that names the ways to give input', async () => {
    for (const [flags, json] of [
      [{}, true],
      [{input: false}, false],
    ] as const) {
      const t = terminal()
      const error = await runDecode({}, flags, context(t.input, json), {promptOutput: t.output}).catch(
        (e: unknown) => e,
      )
      expect(error).toMatchObject({exit: 2, message: expect.stringContaining('no input')})
      expect(t.screen()).toBe('')
    }
  })

  it('reads piped (non-TTY) stdin to its end however slowly it arrives: no 10 ms cut-off', async () => {
    const stdin = Object.assign(new PassThrough(), {isTTY: false})
    const run = runDecode({}, {}, context(stdin))
    stdin.write('{"error":"invalid_grant",')
    await new Promise((r) => setTimeout(r, 150))
    stdin.end('"error_description":"Bad Request"}')
    const outcome = await run
    expect(outcome.data.errors[0]).toMatchObject({code: 'invalid_grant', description: 'Bad Request'})
  })

  it('Ctrl-C at the prompt ends the run with exit 130', async () => {
    const t = terminal()
    const run = runDecode({}, {}, context(t.input), {promptOutput: t.output})
    await new Promise((r) => setTimeout(r, 10))
    t.input.write('\u0003')
    await expect(run).rejects.toMatchObject({code: 'INTERRUPTED', exit: 130})
  })
})
