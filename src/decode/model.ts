/**
 * The fitted numbers: how much each kind of provider evidence weighs, and the tables that turn a raw score into a
 * calibrated probability. scripts/fit.ts writes src/data/model/weights.json from the corpus's training split only.
 */
import {readFileSync} from 'node:fs'

import type {EvidenceKind} from './evidence.js'

export interface ProviderModel {
  calibration: [score: number, probability: number][]
  decay: number
  kinds: Partial<Record<EvidenceKind, number>>
  threshold: number
}

export interface MatchModel {
  calibration: [score: number, probability: number][]
  /** Below this calibrated probability an entry is a candidate, never the answer. */
  floor: number
  /**
   * How often each provider sent the errors of the training split (share of pastes and queries): what breaks a tie
   * between providers' entries that nothing else tells apart (a bare `redirect_uri_mismatch`).
   */
  prevalence?: [slug: string, share: number][]
  weights: Record<string, number>
}

export interface Model {
  fittedOn: {samples: number; split: string}
  match: MatchModel
  provider: ProviderModel
}

let loaded: Model | undefined

export function model(): Model {
  loaded ??= JSON.parse(readFileSync(new URL('../data/model/weights.json', import.meta.url), 'utf8')) as Model
  return loaded
}

const prevalences = new WeakMap<MatchModel, Map<string, number>>()

/** Each provider's share of the training split's errors (a provider that sent none is absent: 0). */
export function prevalenceTable(m: MatchModel): Map<string, number> {
  let map = prevalences.get(m)
  if (!map) prevalences.set(m, (map = new Map(m.prevalence ?? [])))
  return map
}

/** Piecewise-linear interpolation in a monotone table of [score, probability]. */
export function calibrate(table: [number, number][], score: number): number {
  if (table.length === 0) return 0
  if (score <= table[0][0]) return table[0][1]
  for (let i = 1; i < table.length; i++) {
    const [x1, y1] = table[i]
    if (score <= x1) {
      const [x0, y0] = table[i - 1]
      return Math.round((y0 + ((y1 - y0) * (score - x0)) / (x1 - x0 || 1)) * 1000) / 1000
    }
  }

  return table.at(-1)![1]
}
