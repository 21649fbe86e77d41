/**
 * What the hardening suite tried, and what it found: every case counts, and each kind of failure has its own
 * counter. The assertions fail the test; the tally is printed at the end of each file (docs/security.md quotes it).
 */
import {afterAll, expect} from 'vitest'

import {forTerminal, jsonText} from '../../src/render/text.js'
import {wellFormed} from '../../src/secrets.js'

export const TALLY = {cases: 0, crashes: 0, escapes: 0, hangs: 0, leaks: 0}

export function reportTally(file: string): void {
  afterAll(() => {
    process.stderr.write(`[hardening] ${file}: ${JSON.stringify(TALLY)}\n`)
  })
}

/** A raw control character or escape sequence other than our own SGR colours (none under NO_COLOR). */
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

export function expectNoControl(label: string, output: string): void {
  const m = RAW_CONTROL.exec(output)
  if (m) TALLY.escapes++
  expect(m ? `${label}: U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}` : null).toBeNull()
}

/**
 * Does the output hold more of the secret than a mask allows (its last 4 characters)? Any 6 consecutive
 * characters of it count, in the spellings a leak takes: raw, form- and percent-encoded, JSON-escaped.
 */
export function leakOf(output: string, secret: string): null | string {
  const spellings = [
    secret,
    new URLSearchParams([['', secret]]).toString().slice(1),
    encodeURIComponent(wellFormed(secret)),
    JSON.stringify(secret).slice(1, -1),
  ]
  for (const s of new Set(spellings))
    for (let i = 0; i + 6 <= s.length; i++) {
      const window = s.slice(i, i + 6)
      if (output.includes(window)) return window
    }

  return null
}

export function expectNoLeak(label: string, output: string, secret: string): void {
  const window = leakOf(output, secret)
  if (window) TALLY.leaks++
  expect(window ? `${label}: shows "${window}" of the secret` : null).toBeNull()
}

/** What a user sees: the human text after the terminal pass, and --json as printed. */
export const asPrinted = (text: string, data: unknown): string => `${forTerminal(text)}\n${jsonText(data)}`

/** The fastest of `runs` timings of f(), in ms: the least disturbed by other work on a shared machine. */
export function timeOf(f: () => void, runs = 3): number {
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    f()
    best = Math.min(best, performance.now() - start)
  }

  return best
}

/**
 * Linear in size: the time for factor*n against the time for n. With the default 4, linear is about 4 and
 * quadratic 16, judged at 10; with 16 (for cheap cases whose n takes a millisecond or two, where a neighbour's
 * burst alone can read as 10x), linear is 16 and quadratic 256, judged at 64. Up to three measurements are taken
 * before calling it a hang. Never an absolute time.
 */
export function expectLinear(label: string, run: (n: number) => void, n: number, factor: 4 | 16 = 4): number {
  const limit = factor === 4 ? 10 : 64
  TALLY.cases += 2
  run(n) // warm up: compile the regexes, load the catalog
  let ratio = Infinity
  let detail = ''
  // A garbage collection or a neighbour's burst can slow one measurement several times over; a quadratic cost
  // shows in every attempt, so the best of three attempts is the one judged.
  for (let attempt = 0; attempt < 3 && ratio >= limit; attempt++) {
    const small = Math.max(
      timeOf(() => run(n), 5),
      1,
    )
    const large = timeOf(() => run(factor * n))
    if (large / small < ratio) {
      ratio = large / small
      detail = `${label}: ${small.toFixed(1)} ms for n, ${large.toFixed(1)} ms for ${factor}n`
    }
  }

  if (ratio >= limit) TALLY.hangs++
  expect(ratio, detail).toBeLessThan(limit)
  return ratio
}

/**
 * For a fixed total size, the time must not grow with the length of the lines: a regex that is quadratic within
 * a line (lines are cut at 4 kB, so the total stays linear) shows as a ratio near 4 between lines of k and 4k
 * characters; a linear one stays near 1. Judged on the best of three attempts, never on an absolute time.
 */
export function expectFlat(label: string, run: (k: number) => void, k: number): number {
  TALLY.cases += 2
  run(k)
  let ratio = Infinity
  let detail = ''
  for (let attempt = 0; attempt < 3 && ratio >= 2.5; attempt++) {
    const short = Math.max(
      timeOf(() => run(k), 3),
      1,
    )
    const long = timeOf(() => run(4 * k), 3)
    if (long / short < ratio) {
      ratio = long / short
      detail = `${label}: ${short.toFixed(1)} ms with lines of ${k}, ${long.toFixed(1)} ms with lines of ${4 * k}`
    }
  }

  if (ratio >= 2.5) TALLY.hangs++
  expect(ratio, detail).toBeLessThan(2.5)
  return ratio
}
