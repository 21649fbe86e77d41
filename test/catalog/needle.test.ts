/**
 * A description pattern's needle (src/catalog/needle.ts) is literal text every match contains: the matcher skips
 * a pattern when the description lacks it, so a needle that a match can lack would hide a variant. Constructs
 * whose text is not literal must end a run, and over every built-in pattern and every line of the corpus, a
 * line the pattern matches contains its needle.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {Catalog} from '../../src/catalog/catalog.js'
import {loadBuiltin} from '../../src/catalog/load.js'
import {needleOf} from '../../src/catalog/needle.js'
import {ROOT} from '../helpers/cli.js'

describe('a pattern needle', () => {
  it('takes only literal text every match contains', () => {
    expect(needleOf('^The code has expired\\.?$')).toBe('the code has expired')
    expect(needleOf('a{2}bcd')).toBe('bcd')
    expect(needleOf('x{2,5}yz{1}long text')).toBe('long text')
    // An escape's payload is skipped with the word characters after it: `\u0041bcde` gets no needle at all.
    expect(needleOf('\\u0041bcde')).toBeNull()
    expect(needleOf('\\u0041-bcde')).toBe('-bcde')
    expect(needleOf('\\x41\\k<name> bcd')).toBe(' bcd')
    expect(needleOf('abc?defg')).toBe('defg')
    expect(needleOf('\\.well-known/openid')).toBe('.well-known/openid')
    expect(needleOf('[abc]xyz(?:q|r)uvw')).toBe('xyz')
    expect(needleOf('\\bclient_id\\b')).toBe('client_id')
    expect(needleOf('é(ab)+cdef')).toBe('cdef')
  })

  it('is none for alternatives, short runs and invalid patterns', () => {
    expect(needleOf('(x|y)foo|barbaz')).toBeNull()
    expect(needleOf('ab.cd')).toBeNull()
    expect(needleOf('(unclosed')).toBeNull()
  })

  it('is in every corpus line a built-in pattern matches', () => {
    const catalog = new Catalog()
    loadBuiltin(catalog)
    const patterns = [...new Set(catalog.entries.map((e) => e.match?.pattern).filter((p): p is string => !!p))]
    const dir = join(ROOT, 'test', 'fixtures', 'corpus')
    const lines = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
      .flatMap((l) => (l.trim() ? Object.values(JSON.parse(l) as Record<string, unknown>) : []))
      .filter((v): v is string => typeof v === 'string')
      .flatMap((v) => v.split('\n'))
    let matched = 0
    for (const pattern of patterns) {
      const needle = needleOf(pattern)
      const re = new RegExp(pattern, 'i')
      for (const line of lines) {
        if (!re.test(line)) continue
        matched++
        if (needle) expect(line.toLowerCase(), pattern).toContain(needle)
      }
    }

    expect(patterns.length).toBeGreaterThan(200)
    expect(matched).toBeGreaterThan(50)
  })
})
