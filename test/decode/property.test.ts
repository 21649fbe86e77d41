import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {decode, type DecodeResult} from '../../src/decode/index.js'
import {findObjects} from '../../src/decode/relaxed-json.js'
import {parseWwwAuthenticate} from '../../src/decode/www-authenticate.js'

const catalog = builtinCatalog()
const NOW = Date.parse('2026-01-01T00:00:00Z')
const run = (text: string) => decode(text, {catalog, now: NOW})

const ERROR_KEYS = [
  'code',
  'description',
  'errorUri',
  'fields',
  'http',
  'jwt',
  'matches',
  'provider',
  'providerConfidence',
  'providerEvidence',
  'requestId',
  'state',
]

/** The contract holds for any result: the documented keys, a bounded number of errors, and it serialises. */
function wellFormed(r: DecodeResult): void {
  expect(Object.keys(r).sort()).toEqual(['errors', 'input', 'notes'])
  expect(['callback_url', 'html', 'http_response', 'json_body', 'jwt', 'text', 'www_authenticate']).toContain(
    r.input.kind,
  )
  expect(r.errors.length).toBeLessThanOrEqual(10)
  for (const e of r.errors) {
    expect(Object.keys(e).sort()).toEqual(ERROR_KEYS)
    expect(e.matches.length).toBeLessThanOrEqual(5)
  }

  expect(() => JSON.stringify(r)).not.toThrow()
}

const CODES = ['invalid_grant', 'access_denied', 'invalid_client', 'login_required', 'server_error', 'invalid_scope']

describe('decode never throws and always answers (fast-check)', () => {
  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 3000, unit: 'binary'}), (s) => wellFormed(run(s))),
      {numRuns: 300},
    )
  })

  it('arbitrary strings made of the characters parsers care about', () => {
    const tricky = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      "'",
      '\\',
      ':',
      ',',
      '=',
      '&',
      '?',
      '#',
      '%',
      '<',
      '>',
      '\n',
      ' ',
      'error',
      'eyJ',
      '.',
      '=>',
      'Bearer ',
      'HTTP/1.1 ',
      '401',
      '%2',
      '\u001B[',
      'a',
      '0',
    )
    fc.assert(
      fc.property(fc.array(tricky, {maxLength: 600}), (parts) => wellFormed(run(parts.join('')))),
      {numRuns: 300},
    )
  })

  it('arbitrary bytes decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 4000}), (bytes) => wellFormed(run(new TextDecoder().decode(bytes)))),
      {numRuns: 200},
    )
  })

  it('deeply nested JSON still yields the error inside it', () => {
    fc.assert(
      fc.property(fc.integer({max: 5000, min: 1}), fc.constantFrom(...CODES), (depth, code) => {
        const text = `${'{"data":'.repeat(depth)}{"error":"${code}","error_description":"nested"}${'}'.repeat(depth)}`
        const r = run(text)
        wellFormed(r)
        expect(r.errors[0]?.code).toBe(code)
      }),
      {numRuns: 60},
    )
  })

  it('deep arrays and unbalanced brackets', () => {
    fc.assert(
      fc.property(
        fc.integer({max: 20_000, min: 1}),
        fc.constantFrom('[', '{', '{"a":[', '[{', '(', '<'),
        (depth, open) => wellFormed(run(open.repeat(depth))),
      ),
      {numRuns: 40},
    )
  })

  it('truncated JSON error bodies: never throws; keeps the code when the cut comes after it', () => {
    const body = fc.record({
      code: fc.constantFrom(...CODES),
      description: fc.string({maxLength: 80}),
      extra: fc.dictionary(fc.string({maxLength: 10}), fc.jsonValue({maxDepth: 3}), {maxKeys: 4}),
    })
    fc.assert(
      fc.property(body, fc.nat(), ({code, description, extra}, cutAt) => {
        const json = JSON.stringify({error: code, error_description: description, ...extra})
        const cut = cutAt % (json.length + 1)
        const r = run(json.slice(0, cut))
        wellFormed(r)
        const codeEnds = json.indexOf(`"${code}"`) + code.length + 2
        if (cut >= codeEnds) expect(r.errors.map((e) => e.code)).toContain(code)
      }),
      {numRuns: 300},
    )
  })

  it('callback URLs round-trip their error and state, whatever the encoding', () => {
    fc.assert(
      fc.property(
        fc.webUrl({withFragments: false, withQueryParameters: false}),
        fc.constantFrom(...CODES),
        fc.string({maxLength: 40, minLength: 1, unit: 'grapheme'}),
        fc.boolean(),
        (base, code, state, inFragment) => {
          const params = `error=${code}&state=${encodeURIComponent(state)}`
          const r = run(`${base}${inFragment ? '#' : '?'}${params}`)
          wellFormed(r)
          expect(r.errors[0]?.code).toBe(code)
          // A state that is itself percent-encoded text is decoded a second time (double-encoded redirects).
          if (!/%[\da-f]{2}/i.test(state) && state.trim() !== '') expect(r.errors[0]?.state).toBe(state)
        },
      ),
      {numRuns: 200},
    )
  })

  it('malformed URLs', () => {
    const junk = fc.constantFrom('%', '%%', '%zz', '#', '?', '&&', '=', '==', '+', ' ', '%E0%A4%A', '\u0000', '//', ':')
    fc.assert(
      fc.property(fc.webUrl(), fc.array(junk, {maxLength: 12}), fc.nat(), (url, bits, at) => {
        const text = `${url}?error=invalid_request&${bits.join('')}`
        const i = at % (text.length + 1)
        wellFormed(run(text.slice(0, i) + bits.join('') + text.slice(i)))
      }),
      {numRuns: 200},
    )
  })

  it('WWW-Authenticate values of any shape parse into challenges without throwing', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 400}), (s) => {
        const challenges = parseWwwAuthenticate(s)
        expect(challenges.length).toBeLessThanOrEqual(16)
      }),
      {numRuns: 300},
    )
  })
})

describe('bounded work, by construction', () => {
  it('the object scan resumes after each literal, so overlapping starts cannot pile up', () => {
    // 100k nested openers: each attempt fails at the depth cap and the scan resumes after it.
    const found = findObjects('{"a":'.repeat(100_000))
    // Only the tail, where the text ends inside the literal, comes back (as a truncated object).
    expect(found.length).toBeLessThanOrEqual(1)
    expect(found.every((o) => o.truncated && o.start > 490_000)).toBe(true)
    expect(findObjects('x{"error":"e"}y{"error":"f"}').map((o) => o.value.error)).toEqual(['e', 'f'])
  })

  it('a large input is read in windows around likely errors', () => {
    const filler = 'INFO request served path=/x status=200\n'.repeat(40_000)
    const r = run(
      `${filler}{"error":"invalid_grant","error_description":"Token has been expired or revoked."}\n${filler}`,
    )
    expect(r.errors[0]).toMatchObject({code: 'invalid_grant', provider: 'google'})
    expect(r.notes[0]).toMatch(/read the \d+ region/)
  })
})
