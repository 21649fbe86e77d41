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

// The fast path (bin/run.js -> dist/fastpath/fast.js -> src/cli/fast.ts) as one CommonJS bundle, loaded with V8's
// code cache (scripts/fast-loader.mjs, scripts/code-cache.mjs). One script rather than ES modules: Node 20 reads
// each ES module asynchronously and builds a facade for each built-in it imports (for node:fs and node:process
// that runs lazy getters which load the stream modules and open stdin), and only a script takes a code cache.
// chalk and fuse.js are bundled; other packages (zod, for team files) stay external. The bundle sits at
// dist/fastpath/, the same depth as dist/catalog/, so `new URL('../data', import.meta.url)` still finds dist/data.
const BUNDLED = new Set(['chalk', 'fuse.js'])
const {build} = await import('esbuild')
await build({
  banner: {js: 'var __errcodeModuleUrl = require("node:url").pathToFileURL(__filename).href;'},
  bundle: true,
  define: {'import.meta.url': '__errcodeModuleUrl'},
  entryPoints: [join(root, 'src', 'cli', 'fast.ts')],
  format: 'cjs',
  logLevel: 'warning',
  outfile: join(out, 'fastpath', 'fast.cjs'),
  platform: 'node',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        // errcode always gives chalk a colour level (src/cli/context.ts decides it); chalk's own detection, for its
        // default instance, would load node:tty and node:net on import even when the output is a pipe.
        b.onResolve({filter: /^#supports-color$/}, () => ({namespace: 'stub', path: 'supports-color'}))
        b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {stdout: false, stderr: false}'}))
        b.onResolve({filter: /^[^./#]/}, (args) => {
          const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]
          return BUNDLED.has(name) || args.path.startsWith('node:') ? undefined : {external: true, path: args.path}
        })
      },
    },
  ],
  target: 'node20',
})
// esbuild escapes non-ASCII characters everywhere but in regular expression literals; escaped there too (the same
// pattern, with or without the u flag), the bundle is ASCII and the loader reads it as latin1, without UTF-8 decoding.
const bundlePath = join(out, 'fastpath', 'fast.cjs')
const bundleText = readFileSync(bundlePath, 'utf8')
// A backslash before one would make `\\uXXXX` an escaped backslash: none today; stop rather than guess.
if (/\\[^\0-\x7F]/.test(bundleText)) throw new Error('fast.cjs: a backslash before a non-ASCII character')
writeFileSync(
  bundlePath,
  bundleText.replace(/[^\0-\x7F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
)
cpSync(join(root, 'scripts', 'fast-loader.cjs'), join(out, 'fastpath', 'loader.cjs'))
cpSync(join(root, 'scripts', 'fast-loader.mjs'), join(out, 'fastpath', 'fast.js'))

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
// Data files a run parses whole, with non-ASCII characters as JSON escapes: the same values, and V8 keeps an
// ASCII text one byte a character (one non-ASCII character makes the whole string two bytes a character, slower
// to decode and to parse). Files read by byte range keep their bytes.
const ascii = (json) => json.replace(/[^\0-\x7F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
const {splitCatalog} = await import(join(out, 'catalog', 'bundle.js'))
const {bodies, heads} = splitCatalog(files)
writeFileSync(join(out, 'data', 'catalog.json'), ascii(heads))
// The exact-lookup index in shards, so one lookup reads one small file (src/catalog/shards.ts).
const {writeShards} = await import(join(out, 'catalog', 'shards.js'))
const sharded = writeShards(JSON.parse(heads))
writeFileSync(join(out, 'data', 'catalog-meta.json'), ascii(sharded.meta))
mkdirSync(join(out, 'data', 'shards'))
for (const [n, text] of sharded.shards.entries())
  writeFileSync(join(out, 'data', 'shards', `${String(n).padStart(2, '0')}.json`), ascii(text))
writeFileSync(join(out, 'data', 'catalog-bodies.json'), bodies)
// Any entry by byte range, and every entry's code and provider, for the runs that need more than one shard
// (decode, fuzzy lookup) without parsing catalog.json (src/catalog/records.ts).
const {buildRecords} = await import(join(out, 'catalog', 'records.js'))
const built = JSON.parse(heads)
const records = buildRecords(
  built.files.flatMap((f) => f.heads),
  built.bodies,
)
writeFileSync(join(out, 'data', 'catalog-heads.json'), records.heads)
writeFileSync(join(out, 'data', 'catalog-offsets.bin'), records.offsets)
writeFileSync(join(out, 'data', 'catalog-columns.json'), ascii(records.columns))
// The provider records' evidence compiled as decode reads it (src/decode/evidence.ts), from the records merged as
// the meta lists them (which leaves the evidence out): a run revives it instead of walking every record.
const {compileEvidence, EVIDENCE_FILE, serialiseEvidence} = await import(join(out, 'decode', 'evidence.js'))
const {Catalog: BuiltCatalog} = await import(join(out, 'catalog', 'catalog.js'))
const evidence = serialiseEvidence(compileEvidence(BuiltCatalog.mergedProviders(built.files)))
writeFileSync(join(out, 'data', EVIDENCE_FILE), ascii(evidence))
// The search indexes in shards: a query reads the postings of its own trigrams and words (src/catalog/prebuilt.ts).
const {trigramPostings} = await import(join(out, 'catalog', 'fuzzy.js'))
const {buildWordIndex} = await import(join(out, 'catalog', 'words.js'))
const {searchShards} = await import(join(out, 'catalog', 'prebuilt.js'))
const allEntries = files.flatMap((f) => f.data.entries)
mkdirSync(join(out, 'data', 'search'))
for (const [name, text] of searchShards(trigramPostings(allEntries), buildWordIndex(allEntries)))
  writeFileSync(join(out, 'data', 'search', name), text)
// The fitted model (scripts/fit.ts) is read as it is.
cpSync(join(dataDir, 'model'), join(out, 'data', 'model'), {recursive: true})
// probe's redirect URI matching rules (src/probe/redirect-diff.ts), not a catalog file.
cpSync(join(dataDir, 'probe'), join(out, 'data', 'probe'), {recursive: true})
rmSync(join(root, 'dist'), {force: true, recursive: true})
renameSync(out, join(root, 'dist'))

rmSync(join(root, 'oclif.manifest.json'), {force: true})
run(bin('oclif'), ['manifest'])
// What the fast path reads of the manifest (src/cli/fast.ts): the commands it runs, with what parseFast looks at
// of their arguments and flags; a seventh of the manifest to parse at every start.
const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]))
const ARG_KEYS = ['multiple', 'options', 'required']
const FLAG_KEYS = ['aliases', 'allowNo', 'char', 'charAliases', 'default', 'dependsOn', 'env', 'exclusive']
FLAG_KEYS.push('multiple', 'options', 'relationships', 'required', 'type')
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
const commands = {}
for (const [id, c] of Object.entries(manifest.commands)) {
  if (!c.runner) continue
  commands[id] = {
    args: Object.fromEntries(Object.entries(c.args).map(([n, a]) => [n, pick(a, ARG_KEYS)])),
    flags: Object.fromEntries(Object.entries(c.flags).map(([n, f]) => [n, pick(f, FLAG_KEYS)])),
    runner: c.runner,
    strict: c.strict,
  }
}

writeFileSync(join(root, 'dist', 'fastpath', 'commands.json'), JSON.stringify({commands}))
// Last, as it runs the built fast path with the manifest: its code cache.
run(process.execPath, [join(root, 'scripts', 'code-cache.mjs')])
