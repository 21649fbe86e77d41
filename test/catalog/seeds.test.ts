import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {descriptionMatches, normaliseKey} from '../../src/catalog/normalise.js'
import {ROOT} from '../helpers/cli.js'

/** The seed documents' codes, copied into test/fixtures/seeds (tests never read ../shared). */
interface SeedRow {
  code: string
  description?: string
  http: null | number
  provider: string
}

const DIR = join(ROOT, 'test', 'fixtures', 'seeds')
const seeds = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
const catalog = builtinCatalog()

describe('every code of every seed document', () => {
  it('has a fixture per seed', () => {
    expect(seeds.length).toBe(5)
  })

  for (const file of seeds) {
    const rows = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as SeedRow[]
    it(`${file}: all ${rows.length} codes are in the catalog with the seed's HTTP status`, () => {
      const problems: string[] = []
      for (const row of rows) {
        const candidates = catalog.entries.filter(
          (e) => e.provider === row.provider && normaliseKey(e.code) === normaliseKey(row.code),
        )
        // A description selects its variant; where the provider has one entry for the code, that entry applies.
        const variants = row.description
          ? candidates.filter((e) => e.match && descriptionMatches(e.match, row.description!))
          : []
        const chosen =
          variants.length > 0 ? variants : row.description ? candidates.filter((e) => !e.match) : candidates
        if (chosen.length === 0) {
          problems.push(`${row.provider}/${row.code}${row.description ? ` "${row.description}"` : ''}: missing`)
          continue
        }

        if (row.http !== null && !chosen.some((e) => e.http.includes(row.http!))) {
          problems.push(
            `${row.provider}/${row.code}: status ${row.http} not in ${chosen.map((e) => `${e.id}=${e.http}`).join(', ')}`,
          )
        }
      }

      expect(problems).toEqual([])
    })
  }
})
