// npm run bench: errcode's speed, as ratios to a baseline measured in the same run (this machine is shared
// and noisy, so absolute milliseconds mean little). Run by hand, never in CI. Builds first if dist/ is missing.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 21)
if (!existsSync(join(root, 'dist', 'fastpath', 'fast.cjs')))
  spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {stdio: 'inherit'})

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const env = {...process.env, NO_COLOR: '1', ERRCODE_CONFIG_DIR: join(root, '.bench')}
const run = join(root, 'bin', 'run.js')
const processes = {
  baseline: ['-e', '0'],
  'errcode lookup invalid_grant': [run, 'lookup', 'invalid_grant'],
  'errcode lookup invalid_grnt (fuzzy)': [run, 'lookup', 'invalid_grnt'],
  'errcode decode <callback URL>': [
    run,
    'decode',
    'https://app.example/cb?error=access_denied&error_description=User%20denied&state=xyz',
  ],
  'errcode lookup invalid_grant via oclif (ERRCODE_NO_FAST=1)': [run, 'lookup', 'invalid_grant'],
  'errcode --version (oclif)': [run, '--version'],
}

// Interleave the commands so drift in machine load hits them all alike.
const times = Object.fromEntries(Object.keys(processes).map((k) => [k, []]))
for (let i = 0; i < RUNS; i++) {
  for (const [name, args] of Object.entries(processes)) {
    const e = name.includes('NO_FAST') ? {...env, ERRCODE_NO_FAST: '1'} : env
    const t = performance.now()
    const r = spawnSync(process.execPath, args, {env: e, stdio: 'ignore'})
    if (r.status !== 0 && !name.includes('decode')) throw new Error(`${name} exited ${r.status}`)
    times[name].push(performance.now() - t)
  }
}

const base = median(times.baseline)
const rows = [['measure', 'median', 'ratio / target', 'verdict']]
const ratioRow = (name, target) => {
  const m = median(times[name])
  const ratio = m / base
  rows.push([
    name,
    `${m.toFixed(0)} ms`,
    `${ratio.toFixed(2)}x${target ? ` (<= ${target}x)` : ''}`,
    target ? (ratio <= target ? 'ok' : 'OVER') : '',
  ])
}

rows.push(['node -e 0 (baseline)', `${base.toFixed(0)} ms`, '1.00x', ''])
// Issue 8's targets.
ratioRow('errcode lookup invalid_grant', 1.4)
ratioRow('errcode lookup invalid_grnt (fuzzy)', 1.6)
ratioRow('errcode decode <callback URL>', 1.5)
ratioRow('errcode lookup invalid_grant via oclif (ERRCODE_NO_FAST=1)')
ratioRow('errcode --version (oclif)')

// In process: catalog load + index, one query.
const mod = (p) => import(pathToFileURL(join(root, 'dist', p)).href)
const {loadBuiltin} = await mod('catalog/load.js')
const {Catalog} = await mod('catalog/catalog.js')
const {lookup} = await mod('catalog/search.js')
const loads = []
let catalog
for (let i = 0; i < RUNS; i++) {
  const t = performance.now()
  catalog = new Catalog()
  loadBuiltin(catalog)
  loads.push(performance.now() - t)
}

const inProcess = (name, ms, target, unit = 'ms') =>
  rows.push([
    name,
    `${ms.toFixed(ms < 1 ? 3 : 1)} ${unit}`,
    target === undefined ? '' : `<= ${target} ${unit}`,
    target === undefined ? '' : ms <= target ? 'ok' : 'OVER',
  ])
// What a run does before its first exact answer: the built catalog as every CLI run reads it (the provider records,
// then the query's index shard), timed cold in a fresh process each time (its caches are per process).
const coldLoad = `
  const {builtinCatalog} = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'catalog', 'load.js')).href)})
  const t = performance.now()
  const hits = builtinCatalog().exactHits('invalid_grant')
  if (hits.length === 0) throw new Error('no exact hits')
  console.log(performance.now() - t)`
const cold = []
for (let i = 0; i < RUNS; i++)
  cold.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', coldLoad], {encoding: 'utf8', env})))
inProcess(`catalog load + exact index, as a run reads it (${catalog.size} entries, fresh process)`, median(cold), 15)
inProcess('catalog loaded whole (list, team catalogs), in process', median(loads))
let t = performance.now()
await lookup(catalog, 'invalid_grnt')
inProcess('first fuzzy query of a process (decode modules, search shards, cold JIT)', performance.now() - t)
for (const q of ['invalid_grant', 'AADSTS50011', '429', 'invalid_grnt', 'slug taken']) {
  const qs = []
  for (let i = 0; i < 200; i++) {
    t = performance.now()
    await lookup(catalog, q).catch(() => undefined) // "nothing found" is timed too
    qs.push(performance.now() - t)
  }

  const exact = catalog.exactHits(q).length > 0
  inProcess(`one ${exact ? 'exact' : 'fuzzy'} query "${q}" (median of 200)`, median(qs), exact ? 1 : undefined)
}

// Decode: a 10 MB log with one error inside (issue 4).
if (existsSync(join(root, 'dist', 'decode', 'index.js'))) {
  const {decode} = await mod('decode/index.js')
  const line = '2026-11-22T10:00:00Z INFO worker handled request in 12ms path=/api/v1/items status=200\n'
  const body = `${line.repeat(Math.floor(5e6 / line.length))}ERROR token refresh failed: {"error":"invalid_grant","error_description":"Token has been expired or revoked."}\n${line.repeat(Math.floor(5e6 / line.length))}`
  t = performance.now()
  const result = await decode(body, {catalog})
  rows.push([
    `decode a ${(body.length / 1e6).toFixed(1)} MB log with one error`,
    `${(performance.now() - t).toFixed(0)} ms`,
    '<= 1000 ms',
    performance.now() - t <= 1000 ? 'ok' : 'OVER',
  ])
  if (!result.errors?.length) rows.push(['  (decode found no error in the log!)', '', '', 'FAIL'])
}

// Probe: the full default run against a local oidc-provider (issue 5), whole process, wall time.
if (existsSync(join(root, 'scripts', 'bench-probe.mjs'))) {
  const {benchProbe} = await import(pathToFileURL(join(root, 'scripts', 'bench-probe.mjs')).href)
  const r = await benchProbe({runs: 7})
  rows.push([
    `errcode probe, full default run vs local oidc-provider (${r.requests} requests)`,
    `${r.medianMs} ms`,
    '<= 1500 ms',
    r.medianMs <= 1500 ? 'ok' : 'OVER',
  ])
}

// HAR: a 50 MB recording of mostly static assets (issue 11), beside JSON.parse of the same text, and peak memory.
if (existsSync(join(root, 'scripts', 'bench-har.mjs')) && existsSync(join(root, 'dist', 'har', 'index.js'))) {
  const {benchHar} = await import(pathToFileURL(join(root, 'scripts', 'bench-har.mjs')).href)
  const h = await benchHar({runs: 5})
  const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`
  const ratio = h.diagnose / h.parse
  rows.push([
    `errcode har, ${mb(h.bytes)} HAR: diagnose vs JSON.parse (${h.parse.toFixed(0)} ms) in one process`,
    `${h.diagnose.toFixed(0)} ms`,
    `${ratio.toFixed(2)}x (<= 2x)`,
    ratio <= 2 ? 'ok' : 'OVER',
  ])
  const peak = h.diagnosePeak / h.bytes
  rows.push([
    `errcode har, peak RSS (JSON.parse alone: ${mb(h.parsePeak)}; empty node: ${mb(h.baseline)})`,
    mb(h.diagnosePeak),
    `${peak.toFixed(2)}x the file (< 4x)`,
    peak < 4 ? 'ok' : 'OVER',
  ])
  if (!h.findings.includes('redirect-uri-mismatch'))
    rows.push(['  (the HAR bench found no redirect-uri-mismatch!)', '', '', 'FAIL'])
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
console.log(`errcode bench: Node ${process.version}, ${RUNS} runs per process measure, medians\n`)
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.map((c, j) => String(c).padEnd(widths[j])).join(' | ')} |`)
  if (i === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
}
