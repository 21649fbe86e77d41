import {readFileSync} from 'node:fs'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {builtinCatalog, readCatalogFile} from '../catalog/load.js'
import type {CatalogFile} from '../catalog/types.js'
import type {CatalogProblem} from '../catalog/validate.js'
import {Doc} from '../render/blocks.js'
import {count} from '../render/text.js'
import type {RunContext} from './context.js'
import type {Outcome} from './outcome.js'

export interface ValidateResult {
  entries: number
  file: string
  problems: CatalogProblem[]
  valid: boolean
}

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
  const doc = new Doc(ctx)
  const {chalk} = ctx
  if (valid) doc.line(`${chalk.green('✓')} ${file}: ${count(entries.length, 'entry', 'entries')}, no problems`)
  else {
    doc.line(
      `${chalk.red('✗')} ${file}: ${count(problems.length, 'problem')} in ${count(entries.length, 'entry', 'entries')}`,
    )
    for (const p of problems)
      doc.para(`${p.entry ? `entry "${p.entry}"` : 'file'}: ${chalk.bold(p.field)} ${p.message}`, '  ')
    doc
      .blank()
      .line(
        chalk.dim(
          '`errcode catalog template` prints a valid starter file to compare with; `errcode catalog validate --help` says where catalogs are read from.',
        ),
      )
  }

  return {
    data: {entries: entries.length, file, problems, valid},
    exit: valid ? 0 : 1,
    text: doc.toString(),
    warnings: [],
  }
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
