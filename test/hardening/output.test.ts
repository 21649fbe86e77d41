/**
 * The two places output leaves errcode: forTerminal (human text) keeps only errcode's own colours, whatever the
 * text held; jsonText (--json) escapes C0, DEL, C1 and bidi controls and stays the same JSON. Property tests over
 * random strings with escape sequences mixed in.
 */
import {Chalk} from 'chalk'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {printText} from '../../src/cli/print.js'
import {Doc} from '../../src/render/blocks.js'
import {forTerminal, jsonText} from '../../src/render/text.js'
import {ESCAPES} from './generators.js'
import {expectNoControl, reportTally, TALLY} from './tally.js'

reportTally('output')

const mixed = fc
  .array(
    fc.oneof(
      fc.string({maxLength: 20}),
      fc.constantFrom(...ESCAPES),
      fc.integer({max: 0x9f, min: 0}).map((c) => String.fromCharCode(c)),
    ),
    {maxLength: 20},
  )
  .map((p) => p.join(''))

/** Our colours only: SGR sequences with the parameters chalk uses for errcode's styles. */
const withoutOurColours = (s: string) =>
  s.replace(/\u001B\[(?:(?:0|1|2|3|4|22|23|24|39|49|3[0-7]|4[0-7]|9[0-7]|10[0-7])(?:;|(?=m)))*m/g, '')

describe('forTerminal', () => {
  it('leaves no escape sequence or control character but our colours, whatever the input', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        TALLY.cases++
        expectNoControl('forTerminal', withoutOurColours(forTerminal(s)).replace(/[\t\n]/g, ''))
      }),
      {numRuns: 2000},
    )
  })

  it('keeps the colours errcode writes, even around untrusted text that was never cleaned', () => {
    TALLY.cases++
    const chalk = new Chalk({level: 1})
    const doc = new Doc({chalk, width: 80})
    // Doc.para trusts a text that already holds ESC (a renderer mixed colour in): the final pass still cleans it.
    doc.para(`${chalk.bold('title')} ${ESCAPES.join(' ')}`)
    let written = ''
    printText(doc.toString(), (t) => (written += t))
    expect(written).toContain('\u001B[1mtitle\u001B[22m')
    expectNoControl('Doc.para', withoutOurColours(written).replace(/\n/g, ''))
    expect(written).not.toMatch(/\u001B\[8m|\u001B\]/)
  })
})

describe('jsonText', () => {
  it('escapes C0, DEL, C1 and bidi controls and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.dictionary(mixed, fc.oneof(mixed, fc.array(mixed, {maxLength: 3}))), (value) => {
        TALLY.cases++
        const text = jsonText(value)
        expectNoControl('jsonText', text.replace(/\n/g, ''))
        expect(JSON.parse(text)).toEqual(value)
      }),
      {numRuns: 1000},
    )
  })
})
