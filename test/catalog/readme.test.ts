import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {ROOT} from '../helpers/cli.js'

// The README's provider table is documentation people trust: keep its counts true.
describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const catalog = builtinCatalog()

  it('lists every provider with its entry count', () => {
    const rows = new Map([...readme.matchAll(/^\| `([a-z0-9-]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]))
    // Records without entries of their own (evidence only) are not listed.
    const actual = new Map([...catalog.providers.values()].filter((p) => p.count > 0).map((p) => [p.slug, p.count]))
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(actual))
  })

  it('gives the install, run and test commands on its first screen', () => {
    const first = readme.split('\n').slice(0, 25).join('\n')
    for (const command of ['npm install', './bin/run.js lookup invalid_grant', 'npm test', 'npm link'])
      expect(first).toContain(command)
  })
})
