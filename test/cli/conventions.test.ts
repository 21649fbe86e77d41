import {Chalk} from 'chalk'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'

import type {RunContext} from '../../src/cli/context.js'
import {runDecode} from '../../src/cli/decode-command.js'
import {editDistance, nearestCommand} from '../../src/cli/not-found.js'
import {promptForPaste} from '../../src/cli/paste-prompt.js'
import {cli, ROOT} from '../helpers/cli.js'

const {version} = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}

const tty = () => Object.assign(new PassThrough(), {isTTY: true})
const context = (stdin: NodeJS.ReadableStream, env: NodeJS.ProcessEnv): RunContext => ({
  chalk: new Chalk({level: 0}),
  configDir: '/nonexistent',
  env,
  json: false,
  stdin,
  width: 100,
})

describe('CLI conventions', () => {
  it('reads unquoted words as one query', () => {
    const quoted = cli(['lookup', 'token has been expired or revoked', '--json'])
    const unquoted = cli(['lookup', 'token', 'has', 'been', 'expired', 'or', 'revoked', '--json'])
    expect(unquoted.code).toBe(0)
    expect(JSON.parse(unquoted.stdout)).toEqual(JSON.parse(quoted.stdout))
  })

  it('tells how to quote when words the shell split are too many arguments', () => {
    const r = cli(['decode', 'Token', 'has', 'expired'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("errcode decode 'Token has expired'")
  })

  it('never prompts under CI, even on a terminal', async () => {
    const out = new PassThrough()
    let screen = ''
    out.on('data', (d) => (screen += String(d)))
    for (const CI of ['true', '1', 'github']) {
      const error = await runDecode({}, {}, context(tty(), {CI}), {promptOutput: out}).catch((e: unknown) => e)
      expect(error).toMatchObject({exit: 2, message: expect.stringContaining('CI')})
    }
    expect(screen).toBe('')
  })

  it('ends the line when Ctrl-C leaves the paste prompt', async () => {
    const input = tty()
    const output = new PassThrough()
    let screen = ''
    output.on('data', (d) => (screen += String(d)))
    const answer = promptForPaste(input, output, {maxBytes: 1000, message: '? Paste'}).catch((e: unknown) => e)
    input.write('\u0003')
    expect(await answer).toMatchObject({exit: 130})
    expect(screen.endsWith('\n')).toBe(true)
    expect(screen.replace('? Paste\n', '')).toMatch(/\n$/)
  })

  it("prints errcode's version, the platform and the Node version with --version and -v, the same on both paths", () => {
    const r = cli(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`errcode/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
    expect(cli(['-v'])).toEqual(r)
    expect(cli(['--version'], {env: {ERRCODE_NO_FAST: '1'}})).toEqual(r)
  })

  it('finds the nearest command by edit distance, swaps included', () => {
    expect(editDistance('lokup', 'lookup')).toBe(1)
    expect(editDistance('lookpu', 'lookup')).toBe(1)
    const ids = ['lookup', 'list', 'decode', 'catalog:validate', 'providers']
    expect(nearestCommand('lokup', ids)).toBe('lookup')
    expect(nearestCommand('decod', ids)).toBe('decode')
    expect(nearestCommand('catalog:valdate', ids)).toBe('catalog:validate')
    expect(nearestCommand('zzzz', ids)).toBeUndefined()
  })

  it('calls an unknown top-level flag a flag', () => {
    expect(cli(['--bogus']).stderr).toBe('Error: Nonexistent flag: --bogus\nTry this: errcode --help\n')
  })

  it('answers an error in JSON under --json wherever it comes from', () => {
    for (const args of [
      ['nope', '--json'],
      ['--bogus', '--json'],
      ['lookup', '--json'],
      ['lookup', 'x', '--limit', '0', '--json'],
      ['lookup', 'x', '-p', 'a', '-p', 'b', '--json'],
    ]) {
      const r = cli(args)
      expect([args, r.code]).toEqual([args, 2])
      expect(JSON.parse(r.stdout).error.code).toBe('USAGE')
    }
  })
})
