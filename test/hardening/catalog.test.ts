/**
 * Hostile team catalogs, generated at test time: a FIFO and a /dev/zero symlink in the catalogs folder or given
 * to --catalog, an oversized file, files that hold null or an array, fields named like Object members, and
 * patterns that backtrack for ever. Every command finishes, says what it skipped, and never hangs.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {loadCatalog, MAX_CATALOG_BYTES, readCatalogFile} from '../../src/catalog/load.js'
import {decode} from '../../src/decode/index.js'
import {cli} from '../helpers/cli.js'
import {expectLinear, expectNoControl, reportTally, TALLY} from './tally.js'

reportTally('catalog')

const dir = mkdtempSync(join(tmpdir(), 'errcode-hostile-catalog-'))
const entry = (over: Record<string, unknown> = {}) => ({
  causes: ['A cause'],
  code: 'team_error',
  fixes: ['A fix'],
  id: 'acme/team_error',
  meaning: 'A team error.',
  provider: 'acme',
  title: 'A team error',
  whoActs: 'client developer',
  ...over,
})
const file = (entries: unknown[]) => ({
  entries,
  providers: [{docs: 'https://acme.example/errors', name: 'ACME', slug: 'acme'}],
  source: {title: 'ACME errors', url: 'https://acme.example/errors'},
})

function catalogsWith(name: string, make: (path: string) => void): string {
  const config = mkdtempSync(join(dir, 'config-'))
  mkdirSync(join(config, 'catalogs'))
  make(join(config, 'catalogs', name))
  return config
}

/** The CLI, bounded (30 s kills it): a hang shows as a timeout, counted. */
function run(args: string[], env: Record<string, string> = {}) {
  TALLY.cases++
  const started = Date.now()
  const r = cli(args, {env})
  if (r.code === -1) TALLY.hangs++
  if (/at .*\.js:\d+/.test(r.stderr) || /unexpected error/.test(r.stderr)) TALLY.crashes++
  expect(r.code, `${args.join(' ')} took ${Date.now() - started} ms`).not.toBe(-1)
  expect(r.stderr).not.toMatch(/unexpected error|at .*\.js:\d+/)
  expectNoControl(args.join(' '), r.stdout + r.stderr)
  return r
}

describe('files that are not catalogs', () => {
  const fifo = join(dir, 'pipe.json')
  execFileSync('mkfifo', [fifo])
  const zero = join(dir, 'zero.json')
  symlinkSync('/dev/zero', zero)
  const big = join(dir, 'big.json')
  writeFileSync(big, `{"entries": [], "pad": "${'x'.repeat(MAX_CATALOG_BYTES)}"}`)

  for (const [name, path] of [
    ['a FIFO', fifo],
    ['a symlink to /dev/zero', zero],
    ['a file over the size cap', big],
  ]) {
    it(`${name}: refused by readCatalogFile, skipped with a warning by every command`, async () => {
      TALLY.cases++
      await expect(readCatalogFile(path)).rejects.toThrow(/not a regular file|larger than/)
      const inFolder = catalogsWith('x.json', (p) => symlinkSync(path, p))
      const lookup = run(['lookup', 'invalid_grant'], {ERRCODE_CONFIG_DIR: inFolder})
      expect(lookup.code).toBe(0)
      expect(lookup.stderr).toMatch(/warning: .*(not a regular file|larger than)/)
      const given = run(['decode', '--catalog', path, 'error=invalid_grant'])
      expect(given.code).toBe(0)
      expect(given.stderr).toMatch(/warning: .*(not a regular file|larger than)/)
      const viaPath = run(['probe', 'http://127.0.0.1:9/token', '--only', 'reachability', '--json'], {
        ERRCODE_CATALOG_PATH: path,
      })
      expect([0, 1]).toContain(viaPath.code)
      const validate = run(['catalog', 'validate', path])
      expect(validate.code).not.toBe(0)
      expect(validate.stderr.trim().split('\n')[0]).toMatch(/^Error: .*(not a regular file|larger than)/)
    })
  }

  for (const [name, text] of [
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"entries"'],
    ['a number', '42'],
  ]) {
    it(`a file that holds ${name}: one clear line, no crash`, () => {
      const path = join(dir, `${name.replace(/\W/g, '')}.json`)
      writeFileSync(path, text)
      const r = run(['catalog', 'validate', path])
      expect(r.code).not.toBe(0)
      expect(r.stderr).toMatch(/not a catalog/)
      const d = run(['decode', '--catalog', path, 'error=invalid_grant'])
      expect(d.stderr).toMatch(/warning: .*not a catalog/)
    })
  }
})

describe('entries that attack the loader', () => {
  it('fields named like Object members are refused', async () => {
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      TALLY.cases++
      const path = join(dir, `member-${key}.json`)
      writeFileSync(path, JSON.stringify(file([entry()])).replace('"causes"', `"${key}": "x", "causes"`))
      const {problems} = await readCatalogFile(path)
      expect(problems.map((p) => p.field)).toContain(key)
    }
  })

  it('a pattern that backtracks for ever is refused by validate and skipped by decode, which stays linear', async () => {
    const path = join(dir, 'redos.json')
    writeFileSync(path, JSON.stringify(file([entry({id: 'acme/team_error#redos', match: {pattern: '^(\\w+\\s?)*$'}})])))
    const v = run(['catalog', 'validate', path])
    expect(v.code).toBe(1)
    expect(v.stdout).toMatch(/linear subset/)
    const {catalog, warnings} = await loadCatalog({catalogFiles: [path]})
    expect(warnings.join('\n')).toMatch(/redos.*linear subset.*entry skipped/)
    const paste = (n: number) => `{"error":"team_error","error_description":"${'a '.repeat(n / 2)}!"}`
    const inputs = new Map([20_000, 80_000].map((n) => [n, paste(n)]))
    expectLinear('team pattern', (n) => decode(inputs.get(n)!, {catalog}), 20_000)
  })

  it('team text with terminal escapes reaches no output', () => {
    const esc = '\u001B]52;c;cHduZWQ=\u0007\u001B[2J\u009B31m'
    const path = join(dir, 'escapes.json')
    writeFileSync(
      path,
      JSON.stringify(
        file([entry({causes: [`cause${esc}`], fixes: [`fix${esc}`], meaning: `m${esc}`, title: `t${esc}`})]),
      ),
    )
    run(['lookup', 'team_error', '--catalog', path])
    run(['decode', '--catalog', path, 'error=team_error'])
    const bad = join(dir, 'bad-id.json')
    writeFileSync(bad, JSON.stringify(file([entry({id: `acme/${esc}`})])))
    run(['catalog', 'validate', bad])
    run(['catalog', 'validate', bad, '--json'])
  })
})
