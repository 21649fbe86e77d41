// Development helper: validate every file in src/data (or the files given) and print the problems.
// Usage: npx tsx scripts/check-catalog.ts [file.json ...]
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {validateCatalogFile} from '../src/catalog/validate.js'

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync('src/data')
        .filter((f) => f.endsWith('.json'))
        .map((f) => join('src/data', f))
let bad = 0
const ids = new Map<string, string>()
for (const file of files) {
  const data = JSON.parse(readFileSync(file, 'utf8'))
  const problems = validateCatalogFile(data)
  for (const p of problems) console.log(`${file}: ${p.entry ?? '(file)'}: ${p.field} ${p.message}`)
  bad += problems.length
  for (const e of data.entries ?? []) {
    if (ids.has(e.id)) {
      console.log(`${file}: ${e.id}: id also in ${ids.get(e.id)}`)
      bad++
    }
    ids.set(e.id, file)
  }
  console.log(`${file}: ${(data.entries ?? []).length} entries, ${problems.length} problems`)
}
process.exit(bad ? 1 : 0)
