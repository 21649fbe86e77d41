/** `errcode catalog validate` for humans: one verdict line, then each problem with its entry and field. */
import type {CatalogProblem} from '../catalog/validate.js'
import {Doc, type Style} from './blocks.js'
import {clean, count, unbroken} from './text.js'

export interface ValidateResult {
  entries: number
  file: string
  problems: CatalogProblem[]
  valid: boolean
}

export function renderValidate(result: ValidateResult, style: Style): string {
  const {chalk} = style
  const doc = new Doc(style)
  const file = clean(result.file)
  const entries = count(result.entries, 'entry', 'entries')
  if (result.valid) return doc.line(`${chalk.green('✓')} ${file}: ${entries}, no problems`).toString()
  doc.line(`${chalk.red('✗')} ${file}: ${count(result.problems.length, 'problem')} in ${entries}`)
  for (const p of result.problems)
    doc.para(
      `${p.entry ? `entry "${clean(p.entry)}"` : 'file'}: ${chalk.bold(clean(p.field))} ${clean(p.message)}`,
      '  ',
    )
  return doc
    .blank()
    .para(
      chalk.dim(
        `\`${unbroken('errcode catalog template')}\` prints a valid starter file to compare with; \`${unbroken('errcode catalog validate --help')}\` says where catalogs are read from.`,
      ),
      '',
    )
    .toString()
}
