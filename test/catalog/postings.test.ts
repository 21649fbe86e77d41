/**
 * The prebuilt search shards are read key by key out of their text (src/catalog/prebuilt.ts postingsIn) instead of
 * parsed whole: for every key of every built shard the list must be the one JSON.parse finds, and a key a shard
 * does not hold (Object's member names included) has none.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {postingsIn} from '../../src/catalog/prebuilt.js'
import {ROOT} from '../helpers/cli.js'

const dir = join(ROOT, 'dist', 'data', 'search')

describe('postings read out of a shard', () => {
  it('are the lists JSON.parse finds, for every key of every shard', () => {
    const files = readdirSync(dir).filter((f) => /^[gw]\d+\.json$/.test(f))
    expect(files.length).toBeGreaterThan(100)
    let keys = 0
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8')
      const parsed = JSON.parse(text) as Record<string, number[]>
      for (const [key, list] of Object.entries(parsed)) {
        expect(postingsIn(text, key), `${f}: ${key}`).toEqual(list)
        keys++
      }

      for (const absent of ['constructor', '__proto__', 'toString', 'zzzzq', '', '"', '{']) {
        if (!Object.hasOwn(parsed, absent)) expect(postingsIn(text, absent), `${f}: ${absent}`).toBeUndefined()
      }
    }

    expect(keys).toBeGreaterThan(5000)
  })

  it('finds a key, not the end of a longer one or a quoted key inside another', () => {
    const text = JSON.stringify({'a"in': [9], ain: [1, 2], in: [3], 'x,"in': [4]})
    expect(postingsIn(text, 'in')).toEqual([3])
    expect(postingsIn(text, 'ain')).toEqual([1, 2])
    expect(postingsIn(JSON.stringify({b: [], in: []}), 'in')).toEqual([])
    expect(postingsIn(text, 'n')).toBeUndefined()
  })
})
