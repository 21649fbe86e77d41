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
