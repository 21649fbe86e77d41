/**
 * The fast path's bundle is compiled with the V8 code cache the build wrote (scripts/fast-loader.mjs). V8 must take
 * the cache the build made, and a cache it refuses (another Node, corrupt bytes) must change nothing but speed.
 */
import {execFileSync} from 'node:child_process'
import {cpSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'

import {EMPTY_CONFIG, ROOT} from '../helpers/cli.js'

const env = {...process.env, ERRCODE_CONFIG_DIR: EMPTY_CONFIG, NO_COLOR: '1'}
/** Run the fast path of the bundle in `dir` (a copy of dist/) on argv; its output and whether V8 took the cache. */
function run(dir: string, argv: string[]): {rejected: unknown; stdout: string} {
  const script = `
    const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'fastpath', 'fast.js')).href)})
    const chunks = []
    const write = process.stdout.write
    process.stdout.write = (t) => chunks.push(String(t))
    await m.runFast(${JSON.stringify(argv)}, ${JSON.stringify(join(ROOT, 'oclif.manifest.json'))})
    process.stdout.write = write
    console.log(JSON.stringify({rejected: m.cacheRejected, stdout: chunks.join('')}))`
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', env}))
}

describe('the code cache', () => {
  const argv = ['decode', '--json', 'https://app.example/cb?error=access_denied&error_description=User%20denied']

  it('is taken by V8 as the build wrote it', () => {
    const r = run(join(ROOT, 'dist'), argv)
    expect(r.rejected).toBe(false)
    expect(JSON.parse(r.stdout).errors[0].code).toBe('access_denied')
  })

  it('changes nothing but speed when V8 refuses it or it is older than the bundle', () => {
    const expected = run(join(ROOT, 'dist'), argv).stdout
    const copy = mkdtempSync(join(tmpdir(), 'errcode-cache-test-'))
    cpSync(join(ROOT, 'dist', 'fastpath'), join(copy, 'fastpath'), {recursive: true})
    symlinkSync(join(ROOT, 'dist', 'data'), join(copy, 'data'))
    writeFileSync(join(copy, 'fastpath', 'fast.cache'), Buffer.alloc(4096, 7))
    const refused = run(copy, argv)
    expect(refused).toEqual({rejected: true, stdout: expected})
    // A bundle newer than its cache (edited after the build): the cache is not even offered.
    utimesSync(join(copy, 'fastpath', 'fast.cache'), new Date(2000, 0, 1), new Date(2000, 0, 1))
    expect(run(copy, argv)).toEqual({stdout: expected})
  })
})
