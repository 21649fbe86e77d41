/** Reading HAR files: the lazy JSON reader agrees with JSON.parse, static bodies are never read, bad input is refused. */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {UsageError} from '../../src/errors.js'
import {diagnoseHar} from '../../src/har/index.js'
import {LazyText, parseJsonLazy} from '../../src/har/json.js'
import {parseHar} from '../../src/har/read.js'
// @ts-expect-error: a plain .mjs script, shared with npm run bench
import {buildHar} from '../../scripts/bench-har.mjs'

/** The lazy tree with every LazyText unescaped: must equal JSON.parse. */
const materialise = (v: unknown): unknown =>
  v instanceof LazyText
    ? v.value()
    : Array.isArray(v)
      ? v.map(materialise)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, materialise(x)]))
        : v

describe('the lazy JSON reader', () => {
  it('reads any JSON as JSON.parse does, long "text" strings included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({minLength: 1100, maxLength: 1500}), (value, long) => {
        const doc = {text: long, v: value}
        const text = JSON.stringify(doc)
        const lazy = parseJsonLazy(text) as Record<string, unknown>
        expect(lazy.text).toBeInstanceOf(LazyText)
        expect(materialise(lazy)).toEqual(JSON.parse(text))
      }),
      {numRuns: 200},
    )
  })

  it('refuses malformed JSON with a reason, and deep nesting without a stack overflow', () => {
    for (const bad of ['{"a":', '{"a" 1}', '[1,]', '{"a":"\\x"}', '{} x', '"unterminated'])
      expect(() => parseJsonLazy(bad), bad).toThrow(/at offset \d+/)
    expect(() => parseJsonLazy('['.repeat(100_000))).toThrow(/nested too deeply/)
  })
})

describe('a large HAR of static assets (the bench file, 2 MB here)', () => {
  const text = buildHar(2 * 1024 * 1024) as string

  it('skips every static body and finds the broken token request among them', () => {
    const har = parseHar(text)
    const statics = har.exchanges.filter((x) => x.isStatic)
    expect(statics.length).toBe(har.exchanges.length - 3)
    expect(statics.every((x) => x.resBody() === null)).toBe(true)
    const report = diagnoseHar(text)
    expect(report.notes[0]).toBe(
      `${har.exchanges.length} entries recorded by errcode bench; ${statics.length} static assets skipped; 1 login flow(s).`,
    )
    expect(report.flows[0].findings.map((f) => f.id)).toEqual(['redirect-uri-mismatch', 'error-response'])
    expect(JSON.stringify(report)).not.toContain('Bench0Code1Value2XyZ')
  })

  it('a JSON file that is not a HAR is a usage error', () => {
    expect(() => parseHar('{"log": {"pages": []}}', 'x.har')).toThrow(UsageError)
    expect(() => parseHar('[1, 2]', 'x.har')).toThrow('x.har: not a HAR file (no "log" object)')
  })

  it('a file of 5000 login starts is read in bounded time: 200 flows and a note', () => {
    const entries = Array.from({length: 5000}, (_, i) => ({
      request: {
        headers: [],
        method: 'GET',
        url: `https://idp.example.org/authorize?client_id=c&response_type=code&state=s${i}`,
      },
      response: {content: {mimeType: 'text/html', text: ''}, headers: [], status: 302},
      startedDateTime: new Date(Date.parse('2026-12-01T09:00:00Z') + i * 100_000).toISOString(),
    }))
    const started = performance.now()
    const report = diagnoseHar(JSON.stringify({log: {entries, version: '1.2'}}))
    expect(performance.now() - started).toBeLessThan(5000)
    expect(report.flows).toHaveLength(200)
    expect(report.notes).toContain('The HAR holds more than 200 logins; errcode read it up to the 200th.')
  })
})

describe('request bodies stored as params without text (HAR 1.2 allows either; chrome-har writes forms so)', () => {
  const bodyOf = (postData: object) =>
    parseHar(
      JSON.stringify({
        log: {
          entries: [
            {
              request: {headers: [], method: 'POST', postData, url: 'https://idp.example.org/token'},
              response: {content: {mimeType: 'application/json', text: '{}'}, headers: [], status: 400},
              startedDateTime: '2026-12-01T09:00:00.000Z',
            },
          ],
          version: '1.2',
        },
      }),
    ).exchanges[0].reqBody()
  const form = 'application/x-www-form-urlencoded'

  it('rebuilds the form whether the values were kept decoded (chrome-har) or as sent (DevTools)', () => {
    const decoded = bodyOf({
      mimeType: form,
      params: [
        {name: 'redirect_uri', value: 'https://app.example.com/cb?x=1&y=a b'},
        {name: 'code_verifier', value: 'a+b/c='},
      ],
    })
    const sent = bodyOf({
      mimeType: form,
      params: [
        {name: 'redirect_uri', value: 'https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1%26y%3Da+b'},
        {name: 'code_verifier', value: 'a%2Bb%2Fc%3D'},
      ],
    })
    for (const body of [decoded, sent])
      expect(Object.fromEntries(new URLSearchParams(body!))).toEqual({
        code_verifier: 'a+b/c=',
        redirect_uri: 'https://app.example.com/cb?x=1&y=a b',
      })
  })

  it('a JSON type becomes a JSON object; text, when present, wins; no params, no body', () => {
    expect(JSON.parse(bodyOf({mimeType: 'application/json', params: [{name: 'code', value: 'c"1'}]})!)).toEqual({
      code: 'c"1',
    })
    expect(bodyOf({mimeType: form, params: [{name: 'a', value: '1'}], text: 'b=2'})).toBe('b=2')
    expect(bodyOf({mimeType: form})).toBeNull()
  })
})
