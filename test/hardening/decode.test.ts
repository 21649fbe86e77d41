/**
 * decode against hostile pastes: random text never crashes it, every output is free of control sequences, a
 * secret in any of the places it hides never shows beyond a token's last 4 characters, and the time grows
 * linearly with the size of the paste, however it is built.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {runDecode} from '../../src/cli/decode-command.js'
import {decode} from '../../src/decode/index.js'
import {context} from '../probe/helpers.js'
import {ESCAPES, hostileText, PLACES, token} from './generators.js'
import {asPrinted, expectFlat, expectLinear, expectNoControl, expectNoLeak, reportTally, TALLY} from './tally.js'

const catalog = builtinCatalog()
const NOW = Date.UTC(2026, 0, 1)

/** decode as the CLI runs it, both outputs as printed; a crash counts and fails. */
async function printed(paste: string): Promise<string> {
  TALLY.cases++
  try {
    const outcome = await runDecode({input: paste}, {}, context())
    const json = await runDecode({input: paste}, {}, context({json: true}))
    return `${asPrinted(outcome.text, outcome.data)}\n${outcome.warnings.join('\n')}\n${asPrinted(json.text, json.data)}`
  } catch (error) {
    const e = error as {exit?: number; message?: string}
    // A usage error or "nothing found" is an answer; anything else is a crash.
    if (e.exit === 1 || e.exit === 2) return String(e.message)
    TALLY.crashes++
    throw error
  }
}

reportTally('decode')

describe('hostile pastes', () => {
  it('random text: no crash, no control sequence in any output', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (paste) => expectNoControl('decode', await printed(paste))),
      {numRuns: 300},
    )
  })

  it('the crashes of the issue: plain-object lookups, a lone surrogate, null', async () => {
    for (const paste of [
      'https://a.example/cb?error=constructor',
      'https://a.example/cb?error=__proto__&error_description=toString',
      '{"error":"hasOwnProperty","constructor":{"__proto__":1}}',
      'WWW-Authenticate: Bearer constructor="x", __proto__="y", error="valueOf"',
      'Authorization:<title>\uD800',
      'error=x&code=\uDFFF\uD800abc',
      'null',
    ])
      expectNoControl(paste, await printed(paste))
  })

  it('terminal attacks in every field reach no output', async () => {
    for (const esc of ESCAPES) {
      const enc = encodeURIComponent(esc)
      for (const paste of [
        `https://app.example/cb?error=access_denied&error_description=${enc}&state=${enc}`,
        `{"error":"invalid_grant${esc}","error_description":"x${esc}y","request_id":"${esc}"}`,
        `WWW-Authenticate: Bearer error="invalid_token", error_description="${esc}", realm="${esc}"`,
        `HTTP/1.1 400 Bad${esc}\n\n{"error":"${esc}"}`,
      ])
        expectNoControl(JSON.stringify(paste), await printed(paste))
    }
  })
})

describe('secrets in a paste', () => {
  for (const [place, make] of PLACES) {
    it(`never shows more than the last 4 characters: ${place}`, async () => {
      await fc.assert(
        fc.asyncProperty(token(22), fc.string({maxLength: 30}), async (secret, noise) => {
          const out = await printed(`${noise.replace(/[\s\S]*[\\"]/, '')}\n${make(secret)}\n`)
          expectNoLeak(place, out, secret)
          expectNoControl(place, out)
        }),
        {numRuns: 12},
      )
    })
  }

  it('a secret that is a common word is masked as a whole token only', () => {
    TALLY.cases++
    const r = decode(
      '{"error":"invalid_client","client_secret":"secret","hint":"use client_secret_basic or wrong-secret","note":"the secret is wrong"}',
      {catalog, now: NOW},
    )
    const json = JSON.stringify(r)
    expect(json).toContain('client_secret_basic')
    expect(json).toContain('wrong-secret')
    expect(r.errors[0].fields.client_secret).toMatch(/^\[masked secret, 6 chars, fp [\da-f]{8}\]$/)
  })

  it('a masked token shows its kind, length, last 4 characters and a fingerprint; a secret shows none of itself', () => {
    TALLY.cases++
    const t = 'AbCdEf0123456789GhIjKlMnOp'
    const r = decode(`https://app.example/cb?error=access_denied&access_token=${t}&client_secret=${t}X`, {
      catalog,
      now: NOW,
    })
    expect(r.errors[0].fields.access_token).toMatch(/^\[masked token, 26 chars, …MnOp, fp [\da-f]{8}\]$/)
    expect(r.errors[0].fields.client_secret).toMatch(/^\[masked secret, 27 chars, fp [\da-f]{8}\]$/)
    expect(r.errors[0].fields.access_token).not.toBe(
      decode(`?error=x&access_token=${t}Z`, {catalog}).errors[0].fields.access_token,
    )
  })
})

describe('time grows linearly with the paste', () => {
  const families: [string, (n: number) => string][] = [
    ['eyJ runs', (n) => 'eyJ'.repeat(n / 3)],
    ['eyJ runs with dots', (n) => 'eyJabcdefgh.'.repeat(n / 12)],
    ['WWW-Authenticate with tab runs', (n) => `WWW-Authenticate: Bearer error=${'\t'.repeat(3000)}\n`.repeat(n / 3032)],
    [
      'WWW-Authenticate, escaped and quoted',
      (n) => `WWW-Authenticate: Bearer error="${'\\\t'.repeat(1500)}\n`.repeat(n / 3034),
    ],
    [
      'invalid … token descriptions',
      (n) => `{"error":"invalid_request","error_description":"${'invalid '.repeat(n / 8)}"}`,
    ],
    [
      'has not been used in project',
      (n) => `{"error":{"status":"PERMISSION_DENIED","message":"${'has not been used in project x '.repeat(n / 31)}"}}`,
    ],
    ['error= everywhere', (n) => 'error='.repeat(n / 6)],
    ['unclosed quotes after names', (n) => 'client_secret:"'.repeat(n / 15)],
    ['names without values', (n) => 'access_token= '.repeat(n / 14)],
    ['PEM headers without an end', (n) => '-----BEGIN PRIVATE KEY-----\n'.repeat(n / 28)],
    ['Bearer and Basic runs', (n) => 'Bearer Basic '.repeat(n / 13)],
    ['code words in prose', (n) => 'the code token secret '.repeat(n / 22)],
    ['nested brackets', (n) => '{"a":['.repeat(n / 6)],
    ['escaped quotes', (n) => '\\"'.repeat(n / 2)],
    ['long word', (n) => 'a'.repeat(n)],
    ['XML tags that never close', (n) => `<?xml ?>${'<Error code="1"><Message>'.repeat(n / 25)}`],
    ['XML attributes without values', (n) => `<Error ${'a b:c = '.repeat(n / 8)}>`],
    ['XML closers only', (n) => `<Fault>${'</Error></a:b>'.repeat(n / 14)}`],
    ['random hostile text', (n) => fc.sample(hostileText, {numRuns: 2000, seed: 7}).join('\n').repeat(4).slice(0, n)],
  ]
  for (const [name, make] of families) {
    it(name, () => {
      const inputs = new Map([100_000, 400_000].map((n) => [n, make(n)]))
      expectLinear(name, (n) => decode(inputs.get(n) ?? make(n), {catalog, now: NOW}), 100_000)
    })
  }

  it('large inputs (2.5 MB and 10 MB, read in windows)', () => {
    const big = new Map(
      [2_500_000, 10_000_000].map((n) => [n, 'eyJ error=invalid_grant\t\t\t WWW-Authenticate: '.repeat(n / 46)]),
    )
    expectLinear('10 MB', (n) => decode(big.get(n)!, {catalog, now: NOW}), 2_500_000)
  })
})

describe('time does not grow with the length of a line', () => {
  // What starts a line (the markers the readers anchor on), and what fills the rest of it.
  const starts = [
    ...['error', 'code', 'Error Code:', 'Description:', 'message =', 'invalid_grant', 'AADSTS50011', 'E0000011'],
    ...['WWW-Authenticate: Bearer error=', 'Bearer', 'Basic', 'Authorization:', 'Cookie:', 'realm=', 'state='],
    ...['client_secret:', 'password', 'access_token ', 'token', 'the code', '-----BEGIN PRIVATE KEY-----'],
    ...['"error":', 'error_description=', 'msg=', '[{', 'name="error"', '<form>', '<title>', 'eyJhbGciOi.'],
    ...['HTTP/1.1 400', 'HTTP', '400', 'status:', 'returned', 'x-request-id:', 'Location:', 'Trace ID:'],
    ...['Correlation ID:', 'Exception', 'IDX10223:', 'https://a.example/cb?error=x&', '$', '$ curl', '< '],
  ]
  const fills = [' ', '\t', 'a', '\\"', '=', ': ', '-', '.', '"', '(', 'a ', '\\', '%', ',', '/']
  const TOTAL = 24_000
  for (const start of starts) {
    it(JSON.stringify(start), () => {
      const texts = new Map<string, string>()
      const text = (fill: string, k: number) => {
        const key = `${fill}|${k}`
        if (!texts.has(key)) {
          const line = `${start}${fill.repeat(Math.ceil(k / fill.length)).slice(0, k)}\n`
          texts.set(key, line.repeat(Math.ceil(TOTAL / line.length)))
        }

        return texts.get(key)!
      }

      for (const fill of fills)
        expectFlat(`${start} + ${JSON.stringify(fill)}`, (k) => decode(text(fill, k), {catalog, now: NOW}), 900)
    })
  }
})
