/**
 * `errcode list` for humans: per provider a heading, then one aligned row a code: code, HTTP status, title.
 * `errcode providers`: one row a provider, its documentation link under it.
 */
import type {CatalogEntry, ProviderSummary} from '../catalog/types.js'
import {Doc, type Style} from './blocks.js'
import {describeVariant} from './lookup.js'
import {clean, count, padEnd, truncate, visibleLength} from './text.js'

/** The widest a code column gets; a longer code takes a line of its own, its row starting under the column. */
const CODE_COLUMN = 30
const STATUS_COLUMN = 7

export function renderList(entries: CatalogEntry[], providers: Map<string, ProviderSummary>, style: Style): string {
  const {chalk, width} = style
  const doc = new Doc(style)
  const groups = new Map<string, CatalogEntry[]>()
  for (const e of entries) groups.set(e.provider, [...(groups.get(e.provider) ?? []), e])
  for (const [slug, group] of groups) {
    const p = providers.get(slug)
    doc.heading(`${p?.name ?? slug} (${slug}, ${count(p?.count ?? group.length, 'entry', 'entries')})`)
    const cells = group.map((e) => ({
      code: clean(e.code),
      status: e.http.length > 0 ? e.http.join('/') : '-',
      title: clean(e.title),
      // A description variant says which error_description it is for, before its title.
      variant: e.match ? `[${truncate(clean(describeVariant(e.match.text ?? e.match.pattern ?? '')), 24)}] ` : '',
    }))
    const codeWidth = Math.min(CODE_COLUMN, Math.max(...cells.map((c) => visibleLength(c.code))))
    const statusWidth = Math.max(STATUS_COLUMN, ...cells.map((c) => visibleLength(c.status)))
    const lead = 2 + codeWidth + 2
    const room = Math.max(12, width - lead - statusWidth - 2)
    for (const c of cells) {
      const title = truncate(c.variant + c.title, room)
      const shown = c.variant ? chalk.dim(title.slice(0, c.variant.length)) + title.slice(c.variant.length) : title
      const rest = `${chalk.dim(padEnd(c.status, statusWidth))}  ${shown}`
      if (visibleLength(c.code) > codeWidth) {
        doc.line(`  ${chalk.cyan(truncate(c.code, width - 2))}`)
        doc.line(`${' '.repeat(lead)}${rest}`)
      } else doc.line(`  ${chalk.cyan(padEnd(c.code, codeWidth))}  ${rest}`)
    }
  }

  return doc.toString()
}

export function renderProviders(providers: ProviderSummary[], entries: number, style: Style): string {
  const {chalk} = style
  const doc = new Doc(style)
  const width = Math.max(...providers.map((p) => visibleLength(clean(p.slug))))
  doc.line(chalk.bold(`${count(providers.length, 'provider')}, ${count(entries, 'entry', 'entries')}`))
  for (const p of providers) {
    doc.line(`  ${chalk.cyan(padEnd(clean(p.slug), width))}  ${String(p.count).padStart(4)}  ${clean(p.name)}`)
    doc.line(`  ${' '.repeat(width)}        ${chalk.dim(clean(p.docs))}`)
  }

  return doc.toString()
}
