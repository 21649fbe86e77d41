// Writes schema/catalog.schema.json and the field tables of docs/catalog-schema.md from the one schema
// (src/catalog/schema.ts, compiled in dist/). `npm run schema` after changing it; test/catalog/schema.test.ts fails
// while either file is stale.
import {readFileSync, writeFileSync, mkdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {renderSchemaFiles} = await import(join(root, 'dist', 'catalog', 'schema-docs.js'))
const docsPath = join(root, 'docs', 'catalog-schema.md')
const {docs, json} = renderSchemaFiles(readFileSync(docsPath, 'utf8'))
mkdirSync(join(root, 'schema'), {recursive: true})
writeFileSync(join(root, 'schema', 'catalog.schema.json'), json)
writeFileSync(docsPath, docs)
console.log('wrote schema/catalog.schema.json and docs/catalog-schema.md')
