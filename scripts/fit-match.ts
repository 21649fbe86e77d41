// The matcher's part of scripts/fit.ts: weights over the candidates' features, the calibration table and the
// confidence floor, fitted on the training split only (lookup queries and decode pastes).
import {readFileSync} from 'node:fs'

import type {Catalog} from '../src/catalog/catalog.js'
import {type Candidate, DEFAULT_WEIGHTS, rankEntries, rankOrder, scoreOf} from '../src/catalog/match.js'
import {providerSlug} from '../src/catalog/providers.js'
import {lookupQuery} from '../src/catalog/search.js'
import {embeddedCodes, locationOf} from '../src/decode/explain.js'
import {decode} from '../src/decode/index.js'
import type {MatchModel} from '../src/decode/model.js'
import {expectedProviders, pastes, queries, sideOf, split} from '../test/helpers/corpus.js'

interface Sample {
  candidates: Candidate[]
  /** Which product the sample measures: each counts for half of the fit's figure, whatever its size. */
  group: 'decode' | 'lookup'
  /** Right answers as provider/code; empty for a query that should match nothing. */
  right: Set<string>
  /** For a development fixture that names its entry (a provider's variant of a code): that entry's id alone. */
  rightId?: string
}

const key = (provider: string, code: string) => `${provider}/${code.toLowerCase()}`

const raw = (c: Candidate, w: Record<string, number>): number => scoreOf(c.features, w)

/** The matcher's first candidate under weights `w`, ties broken as rankEntries breaks them. */
function top(s: Sample, w: Record<string, number>, share: Map<string, number>): Candidate | undefined {
  let best: Candidate | undefined
  let bestRaw = -Infinity
  const prevalence = (slug: string) => share.get(slug) ?? 0
  for (const c of s.candidates) {
    const r = raw(c, w)
    if (!best || rankOrder(c, r, best, bestRaw, prevalence) < 0) {
      best = c
      bestRaw = r
    }
  }

  return best
}

/** A query that should match nothing. */
const nothing = (s: Sample) => s.right.size === 0 && s.rightId === undefined

const isRight = (s: Sample, c: Candidate | undefined) =>
  c !== undefined &&
  (s.rightId === undefined
    ? s.right.has(key(c.head.provider, c.head.code)) || s.right.has(key(c.head.provider, '*'))
    : c.head.id === s.rightId)

/**
 * The right explanations of a decoded paste: the sending provider's own entries for its code when the catalog has
 * any (they say more than the standard's), else the standard's and the HTTP status's.
 */
function rightFor(catalog: Catalog, providers: string[], codes: string[]): Set<string> {
  const own = codes.flatMap((c) =>
    catalog
      .exactHits(c)
      .filter((h) => providers.includes(h.entry.provider))
      .map((h) => key(h.entry.provider, h.entry.code)),
  )
  if (own.length > 0) return new Set(own)
  return new Set(['oauth', 'http'].flatMap((pr) => codes.map((c) => key(pr, c))))
}

/** The matcher's candidates for a paste's first error, as decode's explain asks for them. */
function decodeSample(catalog: Catalog, input: string, kind: string | undefined): Omit<Sample, 'right'> | undefined {
  const e = decode(input, {catalog}).errors[0]
  if (!e) return undefined
  const alternatives = Array.isArray(e.fields.alternativeCodes) ? (e.fields.alternativeCodes as string[]) : []
  return {
    candidates: rankEntries(catalog, {
      alternatives,
      code: e.code,
      description: e.description,
      embedded: embeddedCodes(catalog, e.description),
      http: e.http,
      location: locationOf(kind === 'callback_url' ? 'callback_url' : 'json_body', undefined, e.http),
      provider: e.provider,
    }),
    group: 'decode',
  }
}

function developmentCases(): {expected: {match: string}; input: string; shape: string}[] {
  return readFileSync(new URL('../test/fixtures/decode/cases.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as {expected: {match?: string}; input: string; shape: string})
    .filter((c): c is {expected: {match: string}; input: string; shape: string} => typeof c.expected.match === 'string')
}

export async function fitMatchModel(catalog: Catalog, current: MatchModel): Promise<MatchModel> {
  // Each training paste and query counts once for each provider it may be credited to.
  const counts = new Map<string, number>()
  const count = (slug: string) => counts.set(slug, (counts.get(slug) ?? 0) + 1)
  for (const p of pastes.filter((x) => sideOf(split.decode, x.id) === 'training'))
    for (const slug of new Set(expectedProviders(catalog, p))) count(slug)
  for (const q of queries.filter((x) => sideOf(split.lookup, x.id) === 'training'))
    for (const slug of new Set(q.expected.map((x) => providerSlug(catalog, x.provider)))) count(slug)
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const prevalence = [...counts]
    .map(([slug, n]): [string, number] => [slug, Math.round((n / total) * 10_000) / 10_000])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const share = new Map(prevalence)
  const samples: Sample[] = []
  for (const q of queries.filter((x) => sideOf(split.lookup, x.id) === 'training')) {
    const {q: mq} = await lookupQuery(catalog, q.query)
    samples.push({
      candidates: rankEntries(catalog, mq),
      group: 'lookup',
      right: new Set(q.expected.map((x) => key(providerSlug(catalog, x.provider), x.code ?? '*'))),
    })
  }

  for (const p of pastes.filter((x) => sideOf(split.decode, x.id) === 'training')) {
    if (p.expected.code === null) continue
    const sample = decodeSample(catalog, p.input, p.kind)
    if (!sample) continue
    const codes = [p.expected.code, ...(p.expected.code_alternatives ?? [])]
    samples.push({...sample, right: rightFor(catalog, expectedProviders(catalog, p), codes)})
  }

  // The development fixtures that name the entry decode must explain them with (test/fixtures/decode/cases.jsonl,
  // the seeds' description variants among them): training by definition, as in fit.ts. Without them the variant
  // feature is free, since a corpus paste is graded by provider and code, which a code's variants share.
  for (const f of developmentCases()) {
    const sample = decodeSample(catalog, f.input, f.shape)
    if (sample) samples.push({...sample, right: new Set(), rightId: f.expected.match})
  }

  const {isotonic} = await import('./isotonic.js')
  const {calibrate} = await import('../src/decode/model.js')
  const sizes = {decode: 0, lookup: 0}
  for (const s of samples) sizes[s.group]++
  /**
   * What lookup and decode are measured on, for one set of weights: the calibration of the top candidates' scores
   * against being right, and the floor that gets most samples right (a right top answer above it; a query that
   * should match nothing under it). Weights are chosen for this figure, not for the top answer alone. The figure is
   * the sum of the two products' rates, so the larger set of decode pastes does not buy its explanations with
   * lookup's answers.
   */
  const evaluate = (w: Record<string, number>) => {
    const tops = samples
      .map((s) => ({c: top(s, w, share), s}))
      .filter((t) => t.c !== undefined)
      .map((t) => ({ok: isRight(t.s, t.c), raw: raw(t.c!, w), s: t.s}))
      .sort((a, b) => a.raw - b.raw)
    const calibration = isotonic(tops.map((t) => [t.raw, t.ok ? 1 : 0]))
    const probabilities = tops.map((t) => calibrate(calibration, t.raw))
    // Samples whose top candidate is none at all count as right when nothing should match.
    const base = {decode: 0, lookup: 0}
    for (const s of samples) if (top(s, w, share) === undefined && nothing(s)) base[s.group]++
    let floor = current.floor
    let score = -1
    let n = 0
    for (const f of Array.from({length: 19}, (_, i) => Math.round((0.05 + i * 0.05) * 100) / 100)) {
      const right = {...base}
      for (const [i, t] of tops.entries()) {
        const sure = probabilities[i] >= f
        if (nothing(t.s) ? !sure : sure && t.ok) right[t.s.group]++
      }

      const s = right.lookup / Math.max(1, sizes.lookup) + right.decode / Math.max(1, sizes.decode)
      if (process.env.FIT_DEBUG) console.log('floor', f, right, sizes)
      if (s > score) {
        score = s
        floor = f
        n = right.lookup + right.decode
      }
    }

    return {calibration, floor, n, score}
  }

  // From the initial values every fit, so the result does not drift with the order fits were run in.
  const weights: Record<string, number> = {...DEFAULT_WEIGHTS}
  delete weights.text
  const grid = Array.from({length: 31}, (_, i) => Math.round((i * 0.05 - 0.5) * 100) / 100)
  // The order the issue names, kept whatever the training data is indifferent to: the error's own code before
  // an alias, a namespace or one of its other codes; the provider's own entry before the standard's, the
  // standard's before another provider's.
  const ORDER: [string, string][] = [
    ['via:code', 'via:alias'],
    ['via:code', 'via:alternative'],
    ['via:alias', 'via:namespace'],
    ['who:own', 'who:standard'],
    ['who:standard', 'who:other'],
  ]
  const ordered = () => ORDER.every(([hi, lo]) => weights[hi] >= weights[lo])
  // A weight leaves its initial value only for what the training set gains by it: each 0.5 it moves costs about
  // one training paste (rates: 1/588 of decode's, 1/314 of lookup's). Without it the descent follows single
  // samples, and weights swing between fits for one paste more or less.
  const PRIOR = 0.004
  const objective = () =>
    evaluate(weights).score -
    PRIOR * Object.keys(weights).reduce((sum, k) => sum + Math.abs(weights[k] - (DEFAULT_WEIGHTS[k] ?? 0)), 0)
  let best = objective()
  for (let pass = 0; pass < 4; pass++) {
    let improved = false
    for (const k of Object.keys(weights)) {
      for (const v of grid) {
        const before = weights[k]
        weights[k] = v
        const n = ordered() ? objective() : -Infinity
        if (n > best) {
          best = n
          improved = true
        } else weights[k] = before
      }
    }

    if (!improved) break
  }

  const {calibration, floor, n} = evaluate(weights)
  console.log(
    `match: right on ${n}/${samples.length} training samples (answers above the floor, nothing below it; lookup and decode weighed alike); floor ${floor}`,
  )
  return {calibration, floor, prevalence, weights}
}
