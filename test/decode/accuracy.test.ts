import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {decode} from '../../src/decode/index.js'

const catalog = builtinCatalog()
const NOW = Date.parse('2026-01-01T00:00:00Z')
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/decode/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))

interface DevSample {
  expected: {
    code: null | string
    code_alternatives: string[]
    http_status: null | number
    provider: string
    provider_alternatives: string[]
    request_id: null | string
    state: null | string
  }
  id: string
  input: string
  kind: string
}

/** The samples call the standard-only provider `generic-oauth`; errcode calls it `oauth`. */
const slug = (p: string) => (p === 'generic-oauth' ? 'oauth' : p)

describe('decode accuracy on the development samples (real pastes from public issues)', () => {
  const samples = fixture('dev-samples.jsonl') as DevSample[]
  const graded = samples.map((s) => {
    const result = decode(s.input, {catalog, now: NOW})
    const e = result.errors[0]
    const providers = [s.expected.provider, ...s.expected.provider_alternatives].map(slug)
    const codes = s.expected.code === null ? [null] : [s.expected.code, ...s.expected.code_alternatives]
    // The state and ids are compared as pasted (a JWT state is masked otherwise).
    const plain = decode(s.input, {catalog, now: NOW, showSecrets: true}).errors[0]
    return {e, ok: Boolean(e) && providers.includes(e.provider) && codes.includes(e.code), plain, result, s}
  })

  it('gets provider and code right on at least 95% of them', () => {
    const right = graded.filter((g) => g.ok).length
    const wrong = graded
      .filter((g) => !g.ok)
      .map((g) => `${g.s.id}: got ${g.e?.provider}/${g.e?.code}, want ${g.s.expected.provider}/${g.s.expected.code}`)
    console.log(
      `decode accuracy (provider + code): ${right}/${samples.length} = ${((100 * right) / samples.length).toFixed(1)}%${wrong.length > 0 ? `\n  ${wrong.join('\n  ')}` : ''}`,
    )
    expect(samples.length).toBeGreaterThanOrEqual(60)
    expect(right / samples.length).toBeGreaterThanOrEqual(0.95)
  })

  it('finds the HTTP status, state and request id wherever the sample has one', () => {
    const misses: string[] = []
    let checked = 0
    for (const {plain, s} of graded) {
      for (const [name, want, got] of [
        ['http', s.expected.http_status, plain?.http],
        ['state', s.expected.state, plain?.state],
        ['requestId', s.expected.request_id, plain?.requestId],
      ] as const) {
        if (want === null) continue
        checked++
        if (got !== want) misses.push(`${s.id} ${name}: got ${got}, want ${want}`)
      }
    }

    expect(checked).toBeGreaterThan(40)
    expect(misses).toEqual([])
  })

  it('classifies the whole paste the way the samples do', () => {
    for (const {result, s} of graded) {
      const want = s.kind === 'other' ? null : s.kind
      if (want) expect({id: s.id, kind: result.input.kind}).toEqual({id: s.id, kind: want})
    }
  })
})

interface Case {
  expected: {
    code: null | string
    description?: string
    errors?: number
    fields?: Record<string, unknown>
    http?: number
    jwt?: boolean
    kind?: string
    match?: string
    note?: string
    provider: string
    requestId?: string
    second?: {code: string; match?: string; provider: string}
    secretsAbsent?: string[]
    state?: string
  }
  id: string
  input: string
}

describe('decode: seeds and one fixture per recognised shape', () => {
  it.each((fixture('cases.jsonl') as Case[]).map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = decode(c.input, {catalog, now: NOW})
    const [e, second] = result.errors
    const x = c.expected
    expect(e, 'an error is found').toBeDefined()
    expect({code: e.code, provider: e.provider}).toEqual({code: x.code, provider: x.provider})
    if (x.description !== undefined) expect(e.description).toBe(x.description)
    if (x.http !== undefined) expect(e.http).toBe(x.http)
    if (x.state !== undefined) expect(e.state).toBe(x.state)
    if (x.requestId !== undefined) expect(e.requestId).toBe(x.requestId)
    if (x.kind !== undefined) expect(result.input.kind).toBe(x.kind)
    if (x.match !== undefined) expect(e.matches[0]?.id).toBe(x.match)
    if (x.errors !== undefined) expect(result.errors).toHaveLength(x.errors)
    if (x.second)
      expect({code: second?.code, match: x.second.match && second?.matches[0]?.id, provider: second?.provider}).toEqual(
        {...x.second, match: x.second.match},
      )
    for (const [k, v] of Object.entries(x.fields ?? {})) expect(e.fields[k]).toEqual(v)
    if (x.note) expect(result.notes.join('\n')).toContain(x.note)
    if (x.jwt) expect(e.jwt?.signatureVerified).toBe(false)
    const out = JSON.stringify(result)
    for (const secret of x.secretsAbsent ?? []) expect(out).not.toContain(secret)
  })
})
