// Scores decode and lookup on the corpus: figures for training and validation, the training misses one by one
// (to learn from) and the validation misses only as counts by kind (never read one by one).
// Usage: npx tsx scripts/score.ts [--misses]
import {builtinCatalog} from '../src/catalog/load.js'
import {figures, gradePaste, gradeQuery, missCounts, pastes, queries, sideOf, split} from '../test/helpers/corpus.js'

const catalog = builtinCatalog()
const showMisses = process.argv.includes('--misses')
const pct = (x: number) => `${(100 * x).toFixed(1)}%`
for (const side of ['training', 'validation'] as const) {
  const grades = pastes.filter((p) => sideOf(split.decode, p.id) === side).map((p) => gradePaste(p, catalog))
  const f = figures(grades)
  console.log(
    `decode ${side} (${f.n}): provider+code ${pct(f.providerAndCode)}, description ${pct(f.description)}, state ${pct(f.state)}, request id ${pct(f.requestId)}`,
  )
  console.log(`  misses by kind: ${JSON.stringify(missCounts(grades))}`)
  if (side === 'training' && showMisses)
    for (const g of grades.filter((x) => x.miss))
      console.log(`  ${g.id}: ${g.miss} (got ${g.got.provider}/${g.got.code})`)
}

for (const side of ['training', 'validation'] as const) {
  const grades = await Promise.all(
    queries.filter((q) => sideOf(split.lookup, q.id) === side).map((q) => gradeQuery(q, catalog)),
  )
  const ok = grades.filter((g) => g.ok).length
  console.log(`lookup ${side} (${grades.length}): right top answer ${pct(ok / grades.length)}`)
  console.log(`  misses by kind: ${JSON.stringify(missCounts(grades))}`)
  if (side === 'training' && showMisses)
    for (const g of grades.filter((x) => x.miss)) console.log(`  ${g.id} [${g.kind}]: ${g.miss} (top ${g.top})`)
}
