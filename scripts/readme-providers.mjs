// Rewrites the provider table of README.md ("| provider slug | entries | what |") from the built catalog:
// one row per provider with entries, its count, and the description already in the table or, for a new provider,
// the title of the first file that declares it. `npm run build && node scripts/readme-providers.mjs`.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {builtinCatalog} = await import(join(root, 'dist', 'catalog', 'load.js'))
const catalog = builtinCatalog()
const titles = new Map()
for (const name of readdirSync(join(root, 'src', 'data'))
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const data = JSON.parse(readFileSync(join(root, 'src', 'data', name), 'utf8'))
  for (const p of data.providers)
    if (!titles.has(p.slug) && data.entries.some((e) => e.provider === p.slug)) titles.set(p.slug, data.source.title)
}

const readme = readFileSync(join(root, 'README.md'), 'utf8')
const lines = readme.split('\n')
const start = lines.findIndex((l) => l.startsWith('| provider slug | entries | what |'))
let end = start + 2
while (end < lines.length && lines[end].startsWith('| `')) end++
const old = new Map(lines.slice(start + 2, end).map((l) => [l.split('`')[1], l.split(' | ').slice(2).join(' | ')]))
const order = (slug) => (slug === 'oauth' ? 0 : slug === 'http' ? 1 : 2)
const rows = [...catalog.providers.values()]
  .filter((p) => p.count > 0)
  .sort((a, b) => order(a.slug) - order(b.slug) || b.count - a.count || (a.slug < b.slug ? -1 : 1))
  .map((p) => `| \`${p.slug}\` | ${p.count} | ${old.get(p.slug) ?? `${titles.get(p.slug) ?? p.name} |`}`)
lines.splice(start + 2, end - start - 2, ...rows)
writeFileSync(join(root, 'README.md'), lines.join('\n'))
console.log(`${rows.length} providers, ${catalog.size} entries`)
