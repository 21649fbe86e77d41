import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {renderSchemaFiles} from '../../src/catalog/schema-docs.js'
import {validateCatalogFile} from '../../src/catalog/validate.js'
import {cli, ROOT} from '../helpers/cli.js'

// One schema (src/catalog/schema.ts): the JSON Schema file and the docs' field tables are generated from it by
// `npm run schema`; this fails while either is stale.
describe('the catalog schema', () => {
  const docs = readFileSync(join(ROOT, 'docs', 'catalog-schema.md'), 'utf8')
  const generated = renderSchemaFiles(docs)

  it('docs/catalog-schema.md and schema/catalog.schema.json are what the schema generates', () => {
    expect(docs).toBe(generated.docs)
    expect(readFileSync(join(ROOT, 'schema', 'catalog.schema.json'), 'utf8')).toBe(generated.json)
  })

  it('the JSON Schema describes entries, provider records, evidence and envelopes', () => {
    const json = JSON.parse(generated.json)
    const provider = json.properties.providers.items
    expect(Object.keys(provider.properties)).toEqual(expect.arrayContaining(['slug', 'aliases', 'evidence']))
    expect(Object.keys(provider.properties.evidence.properties)).toEqual(
      expect.arrayContaining(['domains', 'paths', 'headers', 'codeFormats', 'names', 'phrases', 'envelopes']),
    )
    expect(json.properties.entries.items.required).toEqual(expect.arrayContaining(['id', 'code', 'causes', 'fixes']))
  })

  it('catalog schema prints it, and the template names it with $schema', () => {
    const printed = cli(['catalog', 'schema'])
    expect(printed.code).toBe(0)
    expect(JSON.parse(printed.stdout)).toEqual(JSON.parse(generated.json))
    const template = JSON.parse(cli(['catalog', 'template']).stdout)
    expect(template.$schema).toMatch(/^file:\/\/.*\/schema\/catalog\.schema\.json$/)
    expect(validateCatalogFile(template)).toEqual([])
  })

  it('refuses what the old hand-written validator let through', () => {
    const file = (extra: object) => ({
      entries: [],
      providers: [{docs: 'https://x.example', name: 'X', slug: 'x', ...extra}],
      source: {title: 't', url: 'https://x.example'},
    })
    expect(validateCatalogFile(file({evidence: {domains: ['not a domain']}})).length).toBeGreaterThan(0)
    expect(validateCatalogFile(file({evidence: {codeFormats: ['^(a+)+$']}}))[0].message).toMatch(/linear subset/)
    expect(validateCatalogFile(file({evidence: {envelopes: [{requires: []}]}})).length).toBeGreaterThan(0)
    expect(validateCatalogFile(file({typo: true}))[0].message).toBe('is not a field of the schema')
  })
})
