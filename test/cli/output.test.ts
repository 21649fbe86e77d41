/**
 * The fast path writes fds 1 and 2 itself (src/cli/output.ts): what it prints into a pipe, into a file and through
 * oclif's path must be the same text, and a reader that closes the pipe early (`errcode list | head`) ends the run
 * quietly with its own exit code.
 */
import {spawn, spawnSync} from 'node:child_process'
import {closeSync, mkdtempSync, openSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {cli, EMPTY_CONFIG, ROOT, RUN} from '../helpers/cli.js'

const env = {...process.env, COLUMNS: '100', ERRCODE_CONFIG_DIR: EMPTY_CONFIG, NO_COLOR: '1'}

describe('the fast path output', () => {
  it('is the same into a pipe, into a file and through oclif', () => {
    const piped = cli(['lookup', 'invalid_grant'])
    const oclif = cli(['lookup', 'invalid_grant'], {env: {ERRCODE_NO_FAST: '1'}})
    const file = join(mkdtempSync(join(tmpdir(), 'errcode-out-')), 'out.txt')
    const fd = openSync(file, 'w')
    const r = spawnSync(process.execPath, [RUN, 'lookup', 'invalid_grant'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', fd, 'pipe'],
    })
    closeSync(fd)
    expect(piped.code).toBe(0)
    expect(piped.stdout).toContain('invalid_grant')
    expect(oclif.stdout).toBe(piped.stdout)
    expect(r.status).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout)
  })

  it('writes errors to stderr, with the exit code', () => {
    const r = cli(['lookup', 'no_such_code_anywhere_xyz'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('No entry matches')
    const usage = cli(['lookup', '--limit', '0', 'invalid_grant'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^Error: --limit must be a positive integer/)
  })

  it('ends quietly when the reader closes the pipe early', async () => {
    const child = spawn(process.execPath, [RUN, 'list'], {cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += String(d)))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<null | number>((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(stderr).toBe('')
  })
})
