// The probe's benchmark: the full default probe (discovery, every probe, the right secret) through bin/run.js
// against a local oidc-provider, as wall time per run. `npm run bench` can call benchProbe(); running this file
// alone prints the figures. Target: under 1.5 s wall. The server runs in this process, so the CLI is spawned
// asynchronously (a synchronous spawn would block the event loop the server answers on).
import {spawn} from 'node:child_process'
import {dirname, join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function runOnce(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, ms: performance.now() - started, stdout}))
  })
}

/**
 * Run `errcode probe --issuer <local oidc-provider> --client-id ... --client-secret-env ... --json` `runs` times.
 * Resolves to {medianMs, maxMs, runs, requests, exit}; throws if a run does not exit 0 with the expected report.
 */
export async function benchProbe({runs = 7} = {}) {
  const quiet = console.warn
  const quietInfo = console.info
  console.warn = () => {} // oidc-provider's development-mode notices
  console.info = () => {}
  const {OIDC_CLIENTS, startOidcProvider} = await import(join(root, 'test', 'probe', 'oidc-server.mjs'))
  const server = await startOidcProvider()
  try {
    const {basic} = OIDC_CLIENTS
    const env = {...process.env, ERRCODE_BENCH_SECRET: basic.secret, NO_COLOR: '1'}
    const args = [
      'probe',
      '--issuer',
      server.issuer,
      '--client-id',
      basic.id,
      '--client-secret-env',
      'ERRCODE_BENCH_SECRET',
      '--json',
    ]
    const times = []
    let last
    for (let i = 0; i < runs; i++) {
      last = await runOnce(args, env)
      const report = JSON.parse(last.stdout)
      if (last.code !== 0 || report.authMethods.client_secret_basic !== 'accepted')
        throw new Error(`probe run ${i} exited ${last.code}`)
      times.push(last.ms)
    }

    const sorted = [...times].sort((a, b) => a - b)
    const report = JSON.parse(last.stdout)
    return {
      exit: last.code,
      maxMs: Math.round(sorted.at(-1)),
      medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]),
      requests: report.checks.filter((c) => c.response).length,
      runs,
    }
  } finally {
    await server.close()
    console.warn = quiet
    console.info = quietInfo
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchProbe({runs: Number(process.env.BENCH_RUNS ?? 7)})
  console.log(
    `errcode probe (full default run, local oidc-provider): median ${r.medianMs} ms, max ${r.maxMs} ms over ${r.runs} runs; target < 1500 ms: ${r.medianMs < 1500 ? 'ok' : 'OVER'}`,
  )
}
