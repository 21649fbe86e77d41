import {readFileSync} from 'node:fs'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {builtinCatalog, readCatalogFile} from '../catalog/load.js'
import type {CatalogFile} from '../catalog/types.js'
import {renderValidate, type ValidateResult} from '../render/catalog.js'
import type {RunContext} from './context.js'
import type {Outcome} from './outcome.js'

export type {ValidateResult} from '../render/catalog.js'

/** `errcode catalog validate FILE`: the schema, plus ids that would collide with the built-in catalog. */
export async function runCatalogValidate(file: string, ctx: RunContext): Promise<Outcome<ValidateResult>> {
  const {data, problems} = await readCatalogFile(file)
  const entries = Array.isArray(data.entries) ? data.entries : []
  const catalog = builtinCatalog()
  for (const e of entries) {
    if (typeof e?.id === 'string' && catalog.has(e.id)) {
      problems.push({
        entry: e.id,
        field: 'id',
        message: 'is already a built-in entry; choose another id (e.g. add a #variant suffix)',
      })
    }
  }

  const valid = problems.length === 0
  const result = {entries: entries.length, file, problems, valid}
  return {data: result, exit: valid ? 0 : 1, text: renderValidate(result, ctx), warnings: []}
}

/** A starter file for a team's own codes; valid as printed (a test checks). */
export const TEMPLATE: CatalogFile = {
  entries: [
    {
      aliases: ['ACME-1042'],
      causes: [
        'The order was already shipped when the cancel request arrived',
        'A retry re-sent a cancel that had already succeeded',
      ],
      code: 'order_not_cancellable',
      docs: 'https://developer.acme.example/errors#order_not_cancellable',
      fixes: [
        'Fetch the order and check its status before cancelling',
        'Offer a return instead when the status is shipped',
      ],
      http: [409],
      id: 'acme/order_not_cancellable',
      meaning: 'The order is in a state that no longer allows cancellation.',
      provider: 'acme',
      retryable: false,
      spec: null,
      title: 'The order can no longer be cancelled',
      where: ['api'],
      whoActs: 'client developer',
    },
  ],
  providers: [{docs: 'https://developer.acme.example/errors', name: 'ACME Orders API', slug: 'acme'}],
  source: {title: 'ACME Orders API error codes', url: 'https://developer.acme.example/errors'},
}

export async function runCatalogTemplate(): Promise<Outcome<CatalogFile>> {
  // `$schema` names the installed JSON Schema, so an editor completes and checks the file as it is written.
  const data = {$schema: pathToFileURL(SCHEMA_FILE).href, ...TEMPLATE}
  return {data, exit: 0, text: JSON.stringify(data, null, 2), warnings: []}
}

/** The JSON Schema of catalog files, shipped in the package (schema/catalog.schema.json, from schema.ts). */
const SCHEMA_FILE = fileURLToPath(new URL('../../schema/catalog.schema.json', import.meta.url))

/** `errcode catalog schema`: the JSON Schema that team catalogs point to with `$schema`. */
export async function runCatalogSchema(): Promise<Outcome<object>> {
  const text = readFileSync(SCHEMA_FILE, 'utf8')
  return {data: JSON.parse(text) as object, exit: 0, text: text.trimEnd(), warnings: []}
}
