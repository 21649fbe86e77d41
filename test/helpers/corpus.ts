/**
 * The corpus (test/fixtures/corpus) and its one scorer, shared by the accuracy test and scripts/fit.ts. Real pastes
 * from public threads with the decode a senior engineer expects, split once into training and validation
 * (split.json, scripts/split-corpus.mjs). Validation misses are reported only as counts by kind.
 */
import {readdirSync, readFileSync} from 'node:fs'

import type {Catalog} from '../../src/catalog/catalog.js'
import {providerSlug} from '../../src/catalog/providers.js'
import {lookup} from '../../src/catalog/search.js'
import {decode, type DecodeOptions} from '../../src/decode/index.js'

export interface Paste {
  expected: {
    code: null | string
    code_alternatives: string[]
    description: null | string
    http_status: null | number
    provider: string
    provider_alternatives: string[]
    request_id: null | string
    state: null | string
  }
  id: string
  input: string
  kind: string
  tags?: string[]
}

export interface Query {
  expected: {code: null | string; provider: string}[]
  id: string
  kind: string
  query: string
}

const dir = new URL('../fixtures/corpus/', import.meta.url)
const jsonl = <T>(name: string): T[] =>
  readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T)

export const split = JSON.parse(readFileSync(new URL('split.json', dir), 'utf8')) as {
  decode: {training: string[]; validation: string[]}
  lookup: {training: string[]; validation: string[]}
}

// Every gathered file (pastes-a, pastes-b, ...), in name order: a new batch is a new file, split by
// scripts/split-corpus.mjs.
const batches = (prefix: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl'))
    .sort()

export const pastes: Paste[] = [
  ...jsonl<Paste>('dev-samples.jsonl'),
  ...batches('pastes-').flatMap((f) => jsonl<Paste>(f)),
]
export const queries: Query[] = batches('lookup-').flatMap((f) => jsonl<Query>(f))

export type Side = 'training' | 'validation'
export const sideOf = (set: {training: string[]; validation: string[]}, id: string): Side | null =>
  set.training.includes(id) ? 'training' : set.validation.includes(id) ? 'validation' : null

/** The samples call the standard-only provider `generic-oauth`; errcode calls it `oauth`. */
const slug = (p: string) => (p === 'generic-oauth' ? 'oauth' : p)
const same = (a: null | string | undefined, b: null | string) =>
  (a ?? null) === b || (a !== null && a !== undefined && b !== null && a.trim() === b.trim())

/**
 * The corpus's records differ on whether Entra's id lines (`Trace ID: … Correlation ID: … Timestamp: …`) belong to
 * the description (five records keep them, five do not); decode reads them as the request id, so the message is
 * compared without them.
 */
const withoutIds = (d: string) => d.replace(/\sTrace ID:[\s\S]*$/i, '').trim()
/**
 * They differ too on whether a message sent as `CODE: message` (Entra's `AADSTS50011: The redirect URI…`, ADFS's
 * `MSIS9247: …`) keeps its code (47 records do, 91 do not): the code is graded on its own, so either is the message.
 */
const withoutCode = (d: string, codes: (null | string)[]) => {
  for (const c of codes)
    if (c && d.startsWith(c) && /^\s*:\s/.test(d.slice(c.length))) return d.slice(c.length).replace(/^\s*:\s*/, '')
  return d
}

const sameMessage = (got: null | string | undefined, want: string, codes: (null | string)[]) =>
  same(got, want) ||
  (typeof got === 'string' &&
    (withoutIds(got) === withoutIds(want) ||
      withoutIds(withoutCode(got, codes)) === withoutIds(withoutCode(want, codes))))

export interface PasteGrade {
  codeOk: boolean
  descriptionOk: boolean | null
  got: {code: null | string; provider: null | string}
  id: string
  miss: null | string
  providerOk: boolean
  requestIdOk: boolean | null
  stateOk: boolean | null
}

const NOW = Date.parse('2026-01-01T00:00:00Z')

/**
 * The providers a paste may be credited to, as slugs: a provider named by one of its records' aliases
 * (passport-saml for node-saml) is that provider. One definition for the grader and the fits.
 */
export function expectedProviders(catalog: Catalog, p: Paste): string[] {
  return [p.expected.provider, ...(p.expected.provider_alternatives ?? [])].map((n) => providerSlug(catalog, slug(n)))
}

export function gradePaste(p: Paste, catalog: Catalog, options: DecodeOptions = {}): PasteGrade {
  const result = decode(p.input, {catalog, now: NOW, showSecrets: true, ...options})
  const e = result.errors[0]
  const x = p.expected
  const providers = expectedProviders(catalog, p)
  const codes = x.code === null ? [null] : [x.code, ...(x.code_alternatives ?? [])]
  const providerOk = e ? providers.includes(e.provider) : providers.includes('unknown')
  const codeOk = e ? codes.some((c) => same(e.code, c)) : x.code === null
  const check = (want: null | string, got: null | string | undefined) => (want === null ? null : same(got, want))
  const grade: PasteGrade = {
    codeOk,
    descriptionOk:
      x.description === null ? null : sameMessage(e?.description, x.description, [...codes, e?.code ?? null]),
    got: {code: e?.code ?? null, provider: e?.provider ?? null},
    id: p.id,
    miss: null,
    providerOk,
    requestIdOk: check(x.request_id, e?.requestId),
    stateOk: check(x.state, e?.state),
  }
  grade.miss = !e
    ? 'no error found'
    : !providerOk && !codeOk
      ? 'provider and code wrong'
      : !providerOk
        ? e.provider === 'unknown' || e.provider === 'oauth'
          ? 'provider not recognised'
          : 'wrong provider'
        : !codeOk
          ? 'wrong code'
          : null
  return grade
}

export interface QueryGrade {
  id: string
  kind: string
  miss: null | string
  ok: boolean
  top: null | string
}

export async function gradeQuery(q: Query, catalog: Catalog): Promise<QueryGrade> {
  const result = await lookup(catalog, q.query).catch(() => ({matches: []}))
  const top = result.matches[0]
  // An expected code may be one of the entry's other names (openid-client's `state mismatch` is an RPError).
  const names = top ? [top.code, ...(catalog.get(top.id)?.aliases ?? [])] : []
  const ok =
    q.expected.length === 0
      ? top === undefined
      : top !== undefined &&
        q.expected.some(
          (x) =>
            providerSlug(catalog, x.provider) === top.provider &&
            (x.code === null || names.some((n) => same(n, x.code))),
        )
  const miss = ok
    ? null
    : q.expected.length === 0
      ? 'answered a query that matches nothing'
      : top === undefined
        ? 'no answer'
        : q.expected.some((x) => same(top.code, x.code))
          ? 'right code, other provider'
          : 'wrong entry'
  return {id: q.id, kind: q.kind, miss, ok, top: top ? top.id : null}
}

export interface Figures {
  description: number
  n: number
  providerAndCode: number
  requestId: number
  state: number
}

const rate = (xs: (boolean | null)[]) => {
  const known = xs.filter((x) => x !== null)
  return known.length === 0 ? 1 : known.filter(Boolean).length / known.length
}

export function figures(grades: PasteGrade[]): Figures {
  return {
    description: rate(grades.map((g) => g.descriptionOk)),
    n: grades.length,
    providerAndCode: rate(grades.map((g) => g.providerOk && g.codeOk)),
    requestId: rate(grades.map((g) => g.requestIdOk)),
    state: rate(grades.map((g) => g.stateOk)),
  }
}

/** Misses as counts by kind: the only way validation misses are ever read. */
export function missCounts(grades: {miss: null | string}[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const g of grades) if (g.miss) out[g.miss] = (out[g.miss] ?? 0) + 1
  return out
}
