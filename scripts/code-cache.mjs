// The build's last step: run the fast path on the commands whose start-up matters (an exact and a fuzzy lookup, a
// decode of a callback URL and of a JSON body, list) in one process, then write V8's code cache for the bundle
// (dist/fastpath/fast.cache, read by fast.js). Output is discarded; no team catalog is read (an empty config dir).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const config = mkdtempSync(join(tmpdir(), 'errcode-cache-'))
process.env.ERRCODE_CONFIG_DIR = config
process.env.NO_COLOR = '1'
delete process.env.ERRCODE_CATALOG_PATH
delete process.env.FORCE_COLOR

const {codeCache, runFast} = await import(pathToFileURL(join(root, 'dist', 'fastpath', 'fast.js')).href)
const manifest = join(root, 'oclif.manifest.json')
const write = process.stdout.write
const writeErr = process.stderr.write
process.stdout.write = process.stderr.write = () => true
try {
  for (const argv of [
    ['lookup', 'invalid_grant'],
    ['lookup', 'invalid_grnt'],
    ['lookup', 'user cancelled the login'],
    ['lookup', '--json', 'AADSTS50011'],
    ['decode', 'https://app.example/cb?error=access_denied&error_description=User%20denied&state=xyz'],
    ['decode', '{"error":"invalid_client","error_description":"Client authentication failed."}'],
    ['providers'],
  ])
    await runFast(argv, manifest)
} finally {
  process.stdout.write = write
  process.stderr.write = writeErr
  rmSync(config, {force: true, recursive: true})
}

writeFileSync(join(root, 'dist', 'fastpath', 'fast.cache'), codeCache())
