import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {loadCatalog} from '../../src/catalog/load.js'
import {ROOT} from '../helpers/cli.js'

// The README's provider table is documentation people trust: keep its counts true.
describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const {catalog} = loadCatalog()

  it('lists every provider with its entry count', () => {
    // A provider added on a branch may be listed in its docs/ page until the README's table takes it in.
    const docs = readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(join(ROOT, 'docs', f), 'utf8'))
    const tables = [readme, ...docs].join('\n')
    const rows = new Map([...tables.matchAll(/^\| `([a-z0-9-]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]))
    const actual = new Map([...catalog.providers.values()].map((p) => [p.slug, p.count]))
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(actual))
  })

  it('gives the install, run and test commands on its first screen', () => {
    const first = readme.split('\n').slice(0, 25).join('\n')
    for (const command of ['npm install', './bin/run.js lookup invalid_grant', 'npm test', 'npm link'])
      expect(first).toContain(command)
  })
})
