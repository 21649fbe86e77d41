/**
 * Patterns that read untrusted text: the built-in description patterns (src/data) and what isLinearPattern lets
 * a team catalog use. Each is timed on adversarial text built from its own pieces, at n and 4n characters.
 */
import fc from 'fast-check'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {isLinearPattern} from '../../src/catalog/safe-pattern.js'
import {ROOT} from '../helpers/cli.js'
import {expectLinear, reportTally, TALLY} from './tally.js'

reportTally('patterns')

const BUILTIN = readdirSync(join(ROOT, 'src', 'data'))
  .filter((f) => f.endsWith('.json'))
  .flatMap(
    (f) =>
      (JSON.parse(readFileSync(join(ROOT, 'src', 'data', f), 'utf8')).entries ?? []) as {
        id: string
        match?: {pattern?: string}
      }[],
  )
  .filter((e) => typeof e.match?.pattern === 'string')
  .map((e) => [e.id, e.match!.pattern!] as const)

/** Text that makes a backtracking engine work: the pattern's own words repeated, without what would end a match. */
function adversarial(pattern: string, n: number): string[] {
  const words = pattern.match(/[A-Za-z_']{2,}/g) ?? ['a']
  const run = (piece: string) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n)
  return [
    run(`${words.join(' ')} `),
    run(`${words[0]} `),
    run(`${words.slice(0, -1).join(' ')} x `),
    `${words[0]} ${run(' \t')}`,
    run('a'),
  ]
}

describe('built-in description patterns', () => {
  it('there are some', () => expect(BUILTIN.length).toBeGreaterThan(30))
  for (const [id, pattern] of BUILTIN) {
    it(`${id}: linear on adversarial text`, () => {
      const re = new RegExp(pattern, 'i')
      const inputs = new Map([20_000, 320_000].map((n) => [n, adversarial(pattern, n)]))
      expectLinear(id, (n) => inputs.get(n)!.forEach((s) => re.test(s)), 20_000, 16)
    })
  }
})

describe('isLinearPattern (team catalogs)', () => {
  it('refuses the patterns that backtrack', () => {
    for (const p of [
      '^(\\w+\\s?)*$',
      '(a+)+$',
      '(a|aa)*b',
      '(.*a){10}',
      '(a)\\1',
      '(?=a)b',
      '(?<!a)b',
      '.*.*x',
      'a.*b',
      '^a.*b.*c',
      'a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaa',
      '(x+x+)+y',
      '([a-z]+)*$',
      '(?<n>a)\\k<n>',
      '',
    ]) {
      TALLY.cases++
      expect(isLinearPattern(p), p).toMatchObject({ok: false})
    }
  })

  it('accepts the plain patterns teams write', () => {
    for (const p of [
      '^Unauthorized\\.?$',
      'missing\\W+redirect_uri',
      'refresh[ _-]?token',
      '^OAuth Failed: .+',
      '^(Missing|Invalid) code verifier\\.?$',
      'secondary rate limit',
      '^invalid client( secret| credentials)?$',
      'x\\d+y',
      'Error - \\d{3}',
    ]) {
      TALLY.cases++
      expect(isLinearPattern(p), p).toEqual({ok: true})
    }
  })

  // Random patterns from a grammar rich in the constructs that backtrack: whatever is accepted runs linearly.
  const atom = fc.constantFrom('a', 'b', '.', '\\w', '\\s', '\\W', '[ab]', '[^a]', ' ', 'x')
  const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{0,3}', '{1,}', '{0,250}')
  const piece: fc.Arbitrary<string> = fc.letrec<{p: string}>((tie) => ({
    p: fc.oneof(
      {depthSize: 'small'},
      fc.tuple(atom, quant).map(([a, q]) => a + q),
      fc
        .tuple(fc.array(tie('p'), {maxLength: 3, minLength: 1}), fc.array(tie('p'), {maxLength: 2}), quant)
        .map(([x, y, q]) => `(${x.join('')}${y.length ? `|${y.join('')}` : ''})${q}`),
    ),
  })).p
  const pattern = fc
    .tuple(fc.boolean(), fc.array(piece, {maxLength: 5, minLength: 1}), fc.boolean())
    .map(([s, p, e]) => `${s ? '^' : ''}${p.join('')}${e ? '$' : ''}`)

  it('whatever it accepts runs in linear time (fast-check)', () => {
    let accepted = 0
    fc.assert(
      fc.property(pattern, (p) => {
        TALLY.cases++
        if (!isLinearPattern(p).ok) return
        accepted++
        const re = new RegExp(p, 'i')
        const texts = (n: number) => ['a'.repeat(n), 'ab '.repeat(n / 3), ' \t'.repeat(n / 2), 'xa'.repeat(n / 2) + '!']
        const inputs = new Map([4000, 16_000].map((n) => [n, texts(n)]))
        expectLinear(p, (n) => inputs.get(n)!.forEach((s) => re.test(s)), 4000)
      }),
      {numRuns: 300, seed: 42},
    )
    expect(accepted).toBeGreaterThan(15)
  })
})
