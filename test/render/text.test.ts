import {describe, expect, it} from 'vitest'

import {colorLevel} from '../../src/cli/context.js'
import {clean, wrap} from '../../src/render/text.js'

describe('clean: untrusted text is data', () => {
  it('removes escape sequences and control characters', () => {
    const evil = 'ok\u001B[2J\u001B]0;pwned\u0007 \u001B[31mred\u001B[0m\r\n\u0007bell\u009B1;1H'
    expect(clean(evil)).toBe('ok red\nbell')
  })

  it('keeps unicode, tabs and newlines', () => {
    expect(clean('héllo\twörld\n✓')).toBe('héllo\twörld\n✓')
  })
})

describe('wrap', () => {
  it('never exceeds the width and keeps every word', () => {
    const text =
      'The authorization code was already redeemed or has expired, and a verylongwordthatcannotfitonasinglelineatall follows.'
    const out = wrap(text, 30, '  • ', '    ')
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(30)
    expect(out.replaceAll(/\n\s*/g, ' ').replace('  • ', '').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''))
  })
})

describe('colour policy', () => {
  it.each([
    [{}, true, undefined, 1],
    [{}, false, undefined, 0],
    [{NO_COLOR: '1'}, true, undefined, 0],
    [{NO_COLOR: ''}, true, undefined, 1],
    [{TERM: 'dumb'}, true, undefined, 0],
    [{}, true, false, 0],
    [{FORCE_COLOR: '1'}, false, undefined, 1],
    [{FORCE_COLOR: '1', NO_COLOR: '1'}, false, undefined, 0],
  ])('%j tty=%s flag=%s -> level %s', (env, tty, flag, level) => {
    expect(colorLevel(env, tty, flag)).toBe(level)
  })
})
