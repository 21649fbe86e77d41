// Build: compile TypeScript, bundle the catalog (one JSON file, one parse per run),
// validate the built-in catalog, and generate oclif.manifest.json. Run by `npm install` (prepare) and `npm test`
// (pretest), so dist/ and the manifest are never stale when tests run.
import {execFileSync} from 'node:child_process'
import {cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
// The oclif dev tool's update notice is noise in every install and test run.
const run = (cmd, args) =>
  execFileSync(cmd, args, {cwd: root, env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}, stdio: 'inherit'})

// Compile into a fresh directory and swap it in, so a stale file from a deleted source never lingers in dist/
// (oclif would list it as a command) and a concurrent test run sees either the old or the new tree.
const out = join(root, `dist.build-${process.pid}`)
rmSync(out, {force: true, recursive: true})
run(bin('tsc'), ['-p', '.', '--outDir', out])

// The fast path (bin/run.js -> src/cli/fast.ts) as one bundle with a chunk per command: Node 20 spends
// 1-2 ms loading each ES module on a cold start, and decode alone is ~20 modules. It sits at dist/fastpath/, the
// same depth as dist/catalog/, so the modules' `new URL('../data', import.meta.url)` still finds dist/data.
const {build} = await import('esbuild')
await build({
  bundle: true,
  entryPoints: [join(root, 'src', 'cli', 'fast.ts')],
  format: 'esm',
  logLevel: 'warning',
  outdir: join(out, 'fastpath'),
  packages: 'external',
  platform: 'node',
  splitting: true,
  target: 'node20',
})

const dataDir = join(root, 'src', 'data')
const files = readdirSync(dataDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((name) => ({data: JSON.parse(readFileSync(join(dataDir, name), 'utf8')), name}))

const {validateCatalogFile} = await import(join(out, 'catalog', 'validate.js'))
const ids = new Set()
const problems = []
for (const {data, name} of files) {
  for (const p of validateCatalogFile(data)) problems.push(`${name}: ${p.entry ?? '(file)'}: ${p.field} ${p.message}`)
  for (const e of data.entries ?? []) {
    if (ids.has(e.id)) problems.push(`${name}: ${e.id}: id used in two files`)
    ids.add(e.id)
  }
}

if (problems.length > 0) {
  rmSync(out, {force: true, recursive: true})
  console.error(`The built-in catalog has ${problems.length} problem(s):\n${problems.slice(0, 30).join('\n')}`)
  process.exit(1)
}

mkdirSync(join(out, 'data'), {recursive: true})
const {splitCatalog} = await import(join(out, 'catalog', 'bundle.js'))
const {bodies, heads} = splitCatalog(files)
writeFileSync(join(out, 'data', 'catalog.json'), heads)
// The exact-lookup index in shards, so one lookup reads one small file (src/catalog/shards.ts).
const {writeShards} = await import(join(out, 'catalog', 'shards.js'))
const sharded = writeShards(JSON.parse(heads))
writeFileSync(join(out, 'data', 'catalog-meta.json'), sharded.meta)
mkdirSync(join(out, 'data', 'shards'))
for (const [n, text] of sharded.shards.entries())
  writeFileSync(join(out, 'data', 'shards', `${String(n).padStart(2, '0')}.json`), text)
writeFileSync(join(out, 'data', 'catalog-bodies.json'), bodies)
const {trigramPostings} = await import(join(out, 'catalog', 'fuzzy.js'))
const {buildWordIndex} = await import(join(out, 'catalog', 'words.js'))
const allEntries = files.flatMap((f) => f.data.entries)
writeFileSync(
  join(out, 'data', 'fuzzy-index.json'),
  JSON.stringify({count: allEntries.length, postings: trigramPostings(allEntries), words: buildWordIndex(allEntries)}),
)
// The fitted model (scripts/fit.ts) is read as it is.
cpSync(join(dataDir, 'model'), join(out, 'data', 'model'), {recursive: true})
// probe's redirect URI matching rules (src/probe/redirect-diff.ts), not a catalog file.
cpSync(join(dataDir, 'probe'), join(out, 'data', 'probe'), {recursive: true})
rmSync(join(root, 'dist'), {force: true, recursive: true})
renameSync(out, join(root, 'dist'))

rmSync(join(root, 'oclif.manifest.json'), {force: true})
run(bin('oclif'), ['manifest'])
