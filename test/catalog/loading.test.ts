/**
 * The built catalog read piecemeal (index shards, single entries by byte range, columns, search shards: what every
 * CLI run does) answers exactly as the catalog loaded whole, and as src/data read as it is with the indexes built
 * at run time: every corpus input goes through decode and lookup in the three ways and the --json results must be
 * identical. A sample also goes through the built CLI (the esbuild fast path) and must print the same JSON.
 */
import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {Chalk} from 'chalk'
import {describe, expect, it} from 'vitest'

import {Catalog} from '../../src/catalog/catalog.js'
import {loadBuiltin} from '../../src/catalog/load.js'
import {lookup} from '../../src/catalog/search.js'
import {decode} from '../../src/decode/index.js'
import {EMPTY_CONFIG, ROOT, RUN} from '../helpers/cli.js'

const NOW = Date.UTC(2026, 10, 1)
const dist = async <T>(path: string) => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T

const dir = join(ROOT, 'test', 'fixtures', 'corpus')
const records = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as {expected?: unknown; input?: string; query?: string}),
  )
const codes = (e: unknown) => (Array.isArray(e) ? e : [e]).map((x) => (x as {code?: unknown} | null)?.code)
const inputs = [
  ...new Set(
    records
      .flatMap((r) => [r.input, r.query, ...codes(r.expected)])
      .filter((x): x is string => typeof x === 'string' && x.trim() !== ''),
  ),
]

type Lookup = typeof lookup
type Decode = typeof decode
interface Way {
  catalog: unknown
  decode: Decode
  lookup: Lookup
}

async function ways(): Promise<Record<'piecemeal' | 'source' | 'whole', Way>> {
  const load = await dist<{builtinCatalog: () => unknown; loadBuiltin: (c: unknown) => void}>('catalog/load.js')
  const {Catalog: Built} = await dist<{Catalog: new () => unknown}>('catalog/catalog.js')
  const search = await dist<{lookup: Lookup}>('catalog/search.js')
  const dec = await dist<{decode: Decode}>('decode/index.js')
  const whole = new Built()
  load.loadBuiltin(whole)
  const source = new Catalog()
  loadBuiltin(source)
  return {
    piecemeal: {catalog: load.builtinCatalog(), decode: dec.decode, lookup: search.lookup},
    source: {catalog: source, decode, lookup},
    whole: {catalog: whole, decode: dec.decode, lookup: search.lookup},
  }
}

const attempt = async (f: () => Promise<unknown> | unknown) => {
  try {
    return JSON.stringify(await f())
  } catch (error) {
    return `throws ${(error as Error).message}`
  }
}

describe('piecemeal loading answers as whole loading', () => {
  it(`decodes all ${inputs.length} corpus inputs identically`, {timeout: 600_000}, async () => {
    const w = await ways()
    expect(inputs.length).toBeGreaterThan(400)
    const differ: string[] = []
    for (const input of inputs) {
      const [a, b, c] = await Promise.all(
        [w.piecemeal, w.whole, w.source].map((way) =>
          attempt(() => way.decode(input, {catalog: way.catalog as Catalog, now: NOW})),
        ),
      )
      if (a !== b || a !== c) differ.push(input.slice(0, 80))
    }

    expect(differ).toEqual([])
    expect((w.piecemeal.catalog as Catalog).whole).toBe(false)
  })

  it('looks up every corpus input and code identically', {timeout: 600_000}, async () => {
    const w = await ways()
    const differ: string[] = []
    for (const [n, input] of inputs.filter((i) => i.length <= 4096).entries()) {
      const results = []
      for (const way of [w.piecemeal, w.whole, w.source])
        results.push(await attempt(() => way.lookup(way.catalog as Catalog, input)))
      // --provider on a fifth of them (it filters the candidates of the same indexes).
      if (n % 5 === 0)
        for (const way of [w.piecemeal, w.source])
          results.push(await attempt(() => way.lookup(way.catalog as Catalog, input, {provider: 'google'})))
      const [a, b, c, d, e] = results
      if (a !== b || a !== c || d !== e) differ.push(input.slice(0, 80))
    }

    expect(differ).toEqual([])
    expect((w.piecemeal.catalog as Catalog).whole).toBe(false)
  })

  it('prints the same --json through the built CLI as the run functions', {timeout: 600_000}, async () => {
    const {runDecode} = await dist<typeof import('../../src/cli/decode-command.js')>('cli/decode-command.js')
    const {runLookup} = await dist<typeof import('../../src/cli/catalog-commands.js')>('cli/catalog-commands.js')
    const {jsonText} = await dist<typeof import('../../src/render/text.js')>('render/text.js')
    const ctx = {
      chalk: new Chalk({level: 0}),
      configDir: EMPTY_CONFIG,
      env: {},
      json: true,
      stdin: process.stdin,
      width: 100,
    }
    // Every 60th input (each is a whole process), without JWTs: their times are relative to the moment of the run.
    const sample = inputs.filter((i, n) => n % 60 === 0 && i.length <= 4096 && !i.startsWith('-') && !i.includes('eyJ'))
    const env: NodeJS.ProcessEnv = {...process.env, ERRCODE_CONFIG_DIR: EMPTY_CONFIG}
    delete env.ERRCODE_NO_FAST
    expect(sample.length).toBeGreaterThan(10)
    for (const input of sample) {
      for (const [command, run] of [
        ['decode', () => runDecode({input}, {}, ctx)],
        ['lookup', () => runLookup(input, {}, ctx)],
      ] as const) {
        const outcome = await run()
        const r = spawnSync(process.execPath, [RUN, command, '--json', input], {
          cwd: ROOT,
          encoding: 'utf8',
          env,
          timeout: 60_000,
        })
        expect({code: r.status, out: r.stdout}, `${command} ${input.slice(0, 60)}`).toEqual({
          code: outcome.exit,
          out: `${jsonText(outcome.data)}\n`,
        })
      }
    }
  })
})

describe('an exact lookup reads one shard whose size does not grow with the catalog', () => {
  it('keeps the largest shard about the same for a catalog four times the size', async () => {
    const {splitCatalog} = await import('../../src/catalog/bundle.js')
    const {parseShard, shardCount, writeShards} = await import('../../src/catalog/shards.js')
    const largest = (n: number) => {
      const entries = Array.from({length: n}, (_, i) => ({
        aliases: [`alias_${i}`],
        causes: ['a cause'],
        code: `code_${i}`,
        docs: 'https://example.com/docs',
        fixes: ['a fix'],
        http: [400],
        id: `p${i % 50}/code_${i}`,
        meaning: 'what it means',
        provider: `p${i % 50}`,
        retryable: false,
        spec: null,
        title: `Code ${i}`,
        whoActs: 'client developer',
      }))
      const file = {entries, providers: [], version: 1} as unknown as Parameters<typeof splitCatalog>[0][0]['data']
      const {shards} = writeShards(JSON.parse(splitCatalog([{data: file, name: 'x.json'}]).heads))
      // HTTP 400 travels with every entry; the keys that are not a status are what a code lookup parses.
      return {
        count: shards.length,
        largest: Math.max(...shards.map((s) => parseShard(s).keys).map((k) => JSON.stringify(k).length)),
      }
    }

    const small = largest(2500)
    const big = largest(10_000)
    expect(small.count).toBe(shardCount(2500))
    expect(big.count).toBe(4 * small.count)
    expect(big.largest).toBeLessThan(small.largest * 1.5)
  })
})
