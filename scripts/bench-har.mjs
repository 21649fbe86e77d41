// The HAR bench (issue 11): a 50 MB HAR, mostly static assets with large bodies and a failing login among them,
// diagnosed in one node process beside JSON.parse of the same text (target: at most 2x), and the peak memory of a
// process that reads and diagnoses it (target: under 4x the file size). Each measure runs in a fresh process.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function entry(started, method, url, status, mimeType, text, extra = {}) {
  return {
    cache: {},
    request: {
      bodySize: 0,
      cookies: [],
      headers: [{name: 'accept', value: '*/*'}],
      headersSize: -1,
      httpVersion: 'HTTP/1.1',
      method,
      queryString: [],
      url,
      ...extra.request,
    },
    response: {
      bodySize: text.length,
      content: {mimeType, size: text.length, text, ...extra.content},
      cookies: [],
      headers: [{name: 'content-type', value: mimeType}, ...(extra.headers ?? [])],
      headersSize: -1,
      httpVersion: 'HTTP/1.1',
      redirectURL: extra.redirectURL ?? '',
      status,
      statusText: '',
    },
    startedDateTime: new Date(started).toISOString(),
    time: 5,
    timings: {receive: 1, send: 1, wait: 3},
    ...(extra.resourceType ? {_resourceType: extra.resourceType} : {}),
  }
}

/** ~50 MB: images (base64), scripts (escaped quotes and newlines), styles, and one login whose token request fails. */
export function buildHar(targetBytes = 50 * 1024 * 1024) {
  const entries = []
  let t = Date.parse('2026-12-01T09:00:00Z')
  const app = 'https://app.bench.test'
  const idp = 'https://login.bench.test'
  const ru = `${app}/callback`
  const login = [
    entry(
      t++,
      'GET',
      `${idp}/authorize?client_id=bench&response_type=code&redirect_uri=${encodeURIComponent(ru)}&state=s1&code_challenge=abc&code_challenge_method=S256&scope=openid`,
      302,
      'text/html',
      '',
      {redirectURL: `${ru}?code=Bench0Code1Value2XyZ&state=s1`},
    ),
    entry(t++, 'GET', `${ru}?code=Bench0Code1Value2XyZ&state=s1`, 200, 'text/html', '<p>ok</p>'),
    entry(
      t++,
      'POST',
      `${idp}/token`,
      400,
      'application/json',
      '{"error":"invalid_grant","error_description":"redirect_uri mismatch"}',
      {
        request: {
          postData: {
            mimeType: 'application/x-www-form-urlencoded',
            text: `grant_type=authorization_code&code=Bench0Code1Value2XyZ&redirect_uri=${encodeURIComponent(`${ru}/`)}&code_verifier=v&client_id=bench`,
          },
        },
      },
    ),
  ]
  const image = Buffer.alloc(96 * 1024, 7).toString('base64')
  const script = `function f(){return "a \\"quoted\\" string"}\n`.repeat(2500)
  let size = 0
  for (let i = 0; size < targetBytes; i++) {
    const kind = i % 10
    const e =
      kind < 7
        ? entry(t++, 'GET', `${app}/img/${i}.png`, 200, 'image/png', image, {
            content: {encoding: 'base64'},
            resourceType: 'image',
          })
        : kind < 9
          ? entry(t++, 'GET', `${app}/js/${i}.js`, 200, 'application/javascript', script, {resourceType: 'script'})
          : entry(t++, 'GET', `${app}/css/${i}.css`, 200, 'text/css', 'body{margin:0}\n'.repeat(6000), {
              resourceType: 'stylesheet',
            })
    entries.push(e)
    size += e.response.content.text.length + 600
    if (i === 3) entries.push(...login)
  }

  return JSON.stringify({log: {creator: {name: 'errcode bench', version: '1'}, entries, pages: [], version: '1.2'}})
}

const child = (code, file) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  if (r.status !== 0) throw new Error(r.stderr)
  return JSON.parse(r.stdout)
}

export async function benchHar({runs = 5} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-bench-har-'))
  const file = join(dir, 'big.har')
  const text = buildHar()
  writeFileSync(file, text)
  const bytes = Buffer.byteLength(text)
  const dist = (p) => pathToFileURL(join(root, 'dist', p)).href
  try {
    // Side by side in one process, interleaved, after one warm-up of each.
    const timing = child(
      `import {readFileSync} from 'node:fs'
       import {performance} from 'node:perf_hooks'
       const {diagnoseHar} = await import(${JSON.stringify(dist('har/index.js'))})
       const {loadCatalog} = await import(${JSON.stringify(dist('catalog/load.js'))})
       const {catalog} = loadCatalog()
       const text = readFileSync(process.argv[1], 'utf8')
       const parse = [], diagnose = []
       let findings = 0
       for (let i = 0; i <= ${runs}; i++) {
         let t = performance.now(); JSON.parse(text); if (i) parse.push(performance.now() - t)
         t = performance.now(); const r = diagnoseHar(text, {catalog}); if (i) diagnose.push(performance.now() - t)
         findings = r.flows.flatMap((f) => f.findings.map((x) => x.id))
       }
       const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1]
       console.log(JSON.stringify({diagnose: med(diagnose), findings, parse: med(parse)}))`,
      file,
    )
    const peak = (body) =>
      child(
        `import {readFileSync} from 'node:fs'
         ${body}
         console.log(JSON.stringify({maxRss: process.resourceUsage().maxRSS * 1024}))`,
        file,
      ).maxRss
    const diagnosePeak = peak(`const {readHarFile} = await import(${JSON.stringify(dist('har/read.js'))})
         const {diagnoseHar} = await import(${JSON.stringify(dist('har/index.js'))})
         diagnoseHar(readHarFile(process.argv[1]))`)
    const parsePeak = peak(`JSON.parse(readFileSync(process.argv[1], 'utf8'))`)
    const baseline = peak('')
    return {bytes, ...timing, baseline, diagnosePeak, parsePeak}
  } finally {
    rmSync(dir, {force: true, recursive: true})
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await benchHar())
