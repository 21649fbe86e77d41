/**
 * One answer from both argument paths. Random argument lists built from the manifest's own flags go through
 * bin/run.js twice: as a user runs it (the fast path, src/cli/fast.ts, whenever it accepts the list) and with
 * ERRCODE_NO_FAST=1 (oclif always). Stdout, stderr and the exit code must be the same; a list the fast path hands
 * over runs through oclif on both, so it is run once and must be a clean usage answer: never INTERNAL, never exit 1
 * for a parse problem, never a stack trace.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {type ManifestCommand, parseFast} from '../../src/cli/fast.js'
import {TEMPLATE} from '../../src/cli/team-catalog.js'
import {EMPTY_CONFIG, ROOT, RUN} from '../helpers/cli.js'

const manifest: {commands: Record<string, ManifestCommand>} = JSON.parse(
  readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'),
)
const dir = mkdtempSync(join(tmpdir(), 'errcode-parity-'))
const team = join(dir, 'team.json')
writeFileSync(team, JSON.stringify(TEMPLATE))
const paste = join(dir, 'paste.txt')
writeFileSync(paste, '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}')

interface Result {
  code: number | null
  stderr: string
  stdout: string
}

function run(args: string[], slow: boolean): Promise<Result> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = {...process.env, COLUMNS: '100', ERRCODE_CONFIG_DIR: EMPTY_CONFIG, NO_COLOR: '1'}
    delete env.ERRCODE_NO_FAST
    delete env.CI
    if (slow) env.ERRCODE_NO_FAST = '1'
    const child = spawn(process.execPath, [RUN, ...args], {cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdin.end('')
    child.on('close', (code) => resolve({code, stderr, stdout}))
  })
}

// Values a user might give, including the ones the two parsers used to read differently.
const VALUES: Record<string, string[]> = {
  catalog: [team, 'missing.json'],
  description: ['Token has been expired or revoked.', 'x'],
  file: [paste, 'missing.txt'],
  limit: ['2', '0', '0x2', ' 2', '1e0', '-1', '10', '007'],
  'max-bytes': ['1k', '0', '10MB', '20'],
  output: [join(dir, 'out.har')],
  provider: ['zapier', 'google', 'goggle', 'entra', 'nope', ''],
}
const WORDS = ['invalid_grant', 'token', 'expired', '429', '-', '-5', 'AADSTS70008', 'order_not_cancellable', team]
// scrub writes a file: give it only inputs it refuses before writing, so the second run meets the same disk.
const COMMANDS = Object.entries(manifest.commands).filter(([, c]) => c.runner)

function flagTokens(command: ManifestCommand): fc.Arbitrary<string[]> {
  const options = Object.entries(command.flags).map(([name, f]) => {
    if (f.type === 'boolean')
      return fc.constantFrom(...(f.allowNo ? [[`--${name}`], [`--no-${name}`]] : [[`--${name}`], [`--${name}=true`]]))
    const value = fc.constantFrom(...(VALUES[name] ?? ['x']))
    const forms: fc.Arbitrary<string[]>[] = [value.map((v) => [`--${name}`, v]), value.map((v) => [`--${name}=${v}`])]
    if (f.char)
      forms.push(
        value.map((v) => [`-${f.char}`, v]),
        value.map((v) => [`-${f.char}=${v}`]),
        value.map((v) => [`-${f.char}${v}`]),
      )
    return fc.oneof(...forms)
  })
  return options.length === 0 ? fc.constant([]) : fc.oneof(...options)
}

const argLists = fc.constantFrom(...COMMANDS).chain(([id, command]) =>
  fc
    .array(
      fc.oneof(
        flagTokens(command),
        fc.constantFrom(...WORDS).map((w) => [w]),
        fc.constant(['--bogus']),
      ),
      {
        maxLength: 5,
      },
    )
    .map((parts) => [...id.split(':'), ...parts.flat()]),
)

const accepted = (args: string[]) => {
  const id = args[0] === 'catalog' ? `catalog:${args[1]}` : args[0]
  return parseFast(args.slice(id.includes(':') ? 2 : 1), manifest.commands[id]) !== undefined
}

describe('the fast path and oclif', () => {
  it('every command with a runner is one the fast path can read as oclif does', () => {
    expect(COMMANDS.map(([id]) => id).sort()).toEqual(
      [
        '__complete',
        'catalog:template',
        'catalog:validate',
        'completion',
        'decode',
        'har',
        'list',
        'lookup',
        'providers',
        'scrub',
      ].sort(),
    )
  })

  it('rests on what the manifest cannot say: repeatable flags take one value each, arguments never read stdin', async () => {
    for (const [id, entry] of COMMANDS) {
      const {default: command} = await import(join(ROOT, ...(entry as {relativePath: string[]}).relativePath))
      for (const [name, flag] of Object.entries<{multiple?: boolean; multipleNonGreedy?: boolean}>(command.flags ?? {}))
        if (flag.multiple) expect([id, name, flag.multipleNonGreedy]).toEqual([id, name, true])
      for (const [name, arg] of Object.entries<{ignoreStdin?: boolean}>(command.args ?? {}))
        expect([id, name, arg.ignoreStdin]).toEqual([id, name, true])
    }
  })

  it('give the same stdout, stderr and exit code for random argument lists from the manifest', async () => {
    let compared = 0
    await fc.assert(
      fc.asyncProperty(argLists, async (args) => {
        if (accepted(args)) {
          compared++
          const [fast, slow] = await Promise.all([run(args, false), run(args, true)])
          expect({args, ...fast}).toEqual({args, ...slow})
        } else {
          const slow = await run(args, true)
          expect([args, slow.code]).toEqual([args, expect.toBeOneOf([0, 1, 2])])
          expect(slow.stderr + slow.stdout).not.toMatch(/INTERNAL|unexpected error|\n\s+at .+:\d+:\d+/)
        }
      }),
      {
        examples: [
          [['lookup', 'invalid_grant', '-p=zapier']],
          [['lookup', 'invalid_grant', '-n=2']],
          [['lookup', 'invalid_grant', '--provider', 'zapier', '--provider', 'google']],
          [['lookup', '--catalog', team, 'order_not_cancellable']],
          [['decode', '--catalog', team, '{"error":"invalid_grant"}']],
          [['lookup', 'x', '--limit', '0x2']],
          [['lookup', 'x', '--limit', ' 2']],
          [['lookup', 'x', '--limit', '1e0']],
          [['lookup', 'x', '--limit', '0']],
          [['lookup', 'token', 'has', 'been', 'expired', 'or', 'revoked']],
        ],
        numRuns: 25,
        // A fixed seed: the same argument lists in every run, so the count below cannot flake.
        seed: 20_261_201,
      },
    )
    expect(compared).toBeGreaterThan(8)
  }, 90_000)

  it('reads a flag given twice, inline values and the query after a repeatable flag as oclif does', () => {
    const lookup = manifest.commands.lookup
    expect(parseFast(['x', '-p=zapier'], lookup)?.flags.provider).toBe('zapier')
    expect(parseFast(['x', '-pzapier'], lookup)?.flags.provider).toBe('zapier')
    expect(parseFast(['x', '--provider=zapier'], lookup)?.flags.provider).toBe('zapier')
    expect(parseFast(['x', '-p', 'a', '-p', 'b'], lookup)).toBeUndefined()
    expect(parseFast(['--catalog', 'a', '--catalog', 'b', 'q'], lookup)).toEqual({
      args: {query: ['q']},
      flags: {catalog: ['a', 'b']},
    })
    expect(parseFast(['x', '--', '-y'], lookup)).toBeUndefined()
    expect(parseFast(['x', '--json=true'], lookup)).toBeUndefined()
    expect(parseFast(['-5'], lookup)).toBeUndefined()
  })
})
