/**
 * The JSON Schema file and the docs tables, both rendered from schema.ts through zod's own JSON Schema output, so
 * that the docs cannot describe a field the validator does not have.
 */
import {z} from 'zod'

import {CatalogFileJsonSchema, EntrySchema, EnvelopeSchema, EvidenceSchema, ProviderRecordSchema} from './schema.js'

interface JsonSchemaNode {
  anyOf?: JsonSchemaNode[]
  default?: unknown
  description?: string
  enum?: unknown[]
  items?: JsonSchemaNode
  properties?: Record<string, JsonSchemaNode>
  required?: string[]
  type?: string
}

const SCHEMA_TITLE = 'errcode catalog file'

function typeOf(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ')
  if (node.anyOf) return node.anyOf.map((n) => typeOf(n)).join(' or ')
  if (node.type === 'array') return `${node.items ? typeOf(node.items) : 'value'}[]`
  return node.type ?? 'object'
}

function table(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, {io: 'input', unrepresentable: 'any'}) as JsonSchemaNode
  const required = new Set(json.required ?? [])
  const rows = Object.entries(json.properties ?? {}).map(([name, node]) => {
    const description = (node.description ?? node.items?.description ?? '').replaceAll('|', '\\|')
    return `| \`${name}\` | ${typeOf(node)} | ${required.has(name) ? 'yes' : 'no'} | ${description} |`
  })
  return ['| field | type | required | meaning |', '|---|---|---|---|', ...rows].join('\n')
}

const SECTIONS: [marker: string, schema: z.ZodType][] = [
  ['entry', EntrySchema],
  ['provider', ProviderRecordSchema],
  ['evidence', EvidenceSchema],
  ['envelope', EnvelopeSchema],
]

/** The docs page with each `<!-- schema:NAME -->...<!-- /schema:NAME -->` block regenerated, and the JSON Schema. */
export function renderSchemaFiles(docs: string): {docs: string; json: string} {
  let out = docs
  for (const [marker, schema] of SECTIONS) {
    const open = `<!-- schema:${marker} -->`
    const close = `<!-- /schema:${marker} -->`
    const start = out.indexOf(open)
    const end = out.indexOf(close)
    if (start < 0 || end < start) throw new Error(`docs/catalog-schema.md has no ${open} ... ${close} block`)
    out = `${out.slice(0, start + open.length)}\n${table(schema)}\n${out.slice(end)}`
  }

  const json = {
    title: SCHEMA_TITLE,
    ...(z.toJSONSchema(CatalogFileJsonSchema, {io: 'input', unrepresentable: 'any'}) as object),
  }
  return {docs: out, json: `${JSON.stringify(json, null, 2)}\n`}
}
