// Fits the provider-evidence weights and the calibration tables on the corpus's TRAINING split only, and writes
// src/data/model/weights.json. Validation is scored afterwards, once, and printed as figures (never used here).
// Usage: npx tsx scripts/fit.ts   (then npm run build, and check `npx tsx scripts/score.ts`)
import {readFileSync, writeFileSync} from 'node:fs'

import {builtinCatalog} from '../src/catalog/load.js'
import {type Hint, verdictOf} from '../src/decode/detect.js'
import {EVIDENCE_KINDS} from '../src/decode/evidence.js'
import {decode} from '../src/decode/index.js'
import type {Model} from '../src/decode/model.js'
import {fitMatchModel} from './fit-match.js'
import {isotonic} from './isotonic.js'
import {expectedProviders, pastes, sideOf, split} from '../test/helpers/corpus.js'

const catalog = builtinCatalog()
const path = new URL('../src/data/model/weights.json', import.meta.url)
const current = JSON.parse(readFileSync(path, 'utf8')) as Model

interface Sample {
  hints: Hint[]
  providers: string[]
  standard: boolean
}

// The per-shape fixtures (test/fixtures/decode/cases.jsonl) are development cases too: training, never validation.
const cases = readFileSync(new URL('../test/fixtures/decode/cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as {expected: {provider: string}; id: string; input: string})
  .map((c) => ({expected: {provider: c.expected.provider, provider_alternatives: []}, id: c.id, input: c.input}))
const training = [...pastes.filter((p) => sideOf(split.decode, p.id) === 'training'), ...cases]
const samples: Sample[] = []
for (const p of training) {
  let hints: Hint[] = []
  let standard = false
  decode(p.input, {
    catalog,
    now: Date.parse('2026-01-01T00:00:00Z'),
    trace: (t) => {
      if (t.primary) {
        hints = t.hints
        standard = t.raw.standard
      }
    },
  })
  samples.push({
    hints,
    providers: expectedProviders(catalog, p),
    standard,
  })
}

const model: Model = structuredClone(current)
const right = (m: Model) =>
  samples.filter((s) => s.providers.includes(verdictOf(catalog, s.hints, s.standard, m).provider)).length

// Coordinate ascent over a grid: each weight in turn takes the value that gets most training samples right; ties
// keep the value it has, so the fit is stable from run to run.
const grid = Array.from({length: 25}, (_, i) => Math.round(i * 0.05 * 100) / 100)
let best = right(model)
for (let pass = 0; pass < 4; pass++) {
  let improved = false
  for (const kind of EVIDENCE_KINDS) {
    for (const w of grid) {
      const before = model.provider.kinds[kind]
      model.provider.kinds[kind] = w
      const score = right(model)
      if (score > best) {
        best = score
        improved = true
      } else model.provider.kinds[kind] = before
    }
  }

  for (const [key, values] of [
    ['threshold', grid.slice(1, 16)],
    ['decay', [0.25, 0.35, 0.5, 0.65, 0.8]],
  ] as const) {
    for (const v of values) {
      const before = model.provider[key]
      model.provider[key] = v
      const score = right(model)
      if (score > best) {
        best = score
        improved = true
      } else model.provider[key] = before
    }
  }

  if (!improved) break
}

// Calibration: the training verdicts' scores against whether they were right, made monotone (pool adjacent
// violators) and kept as a few points to interpolate.
const scored = samples
  .map((s) => {
    const v = verdictOf(catalog, s.hints, s.standard, model)
    return {ok: s.providers.includes(v.provider), score: v.score}
  })
  .sort((a, b) => a.score - b.score)

model.provider.calibration = isotonic(scored.map((s) => [s.score, s.ok ? 1 : 0] as [number, number]))
model.match = await fitMatchModel(catalog, current.match)
model.fittedOn = {samples: samples.length, split: 'training (test/fixtures/corpus/split.json)'}
writeFileSync(path, `${JSON.stringify(model, null, 2)}\n`)
console.log(`provider: ${best}/${samples.length} training samples right after the fit`)
console.log(JSON.stringify(model.provider.kinds))
