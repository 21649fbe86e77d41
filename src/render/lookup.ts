import type {LookupMatch, LookupResult} from '../catalog/search.js'
import {Doc, type Style} from './blocks.js'
import {clean, count, unbroken} from './text.js'

/** A description variant as a person reads it: the text, or the pattern without its regex anchors. */
export function describeVariant(variant: string): string {
  return variant
    .replace(/^\^/, '')
    .replace(/(\\\.\?|\\\.)?\$$/, '')
    .replace(/\\([.()[\]?*+])/g, '$1')
    .replace(/\.\*/g, '…')
}

const statusText = (m: LookupMatch) =>
  m.http.length > 0 ? `HTTP ${m.http.join('/')}` : m.where.includes('authorization_response') ? 'redirect' : null

/** One entry in full: what it means, causes, fix steps, who acts, spec and docs. */
export function renderEntry(doc: Doc, m: LookupMatch, style: Style): void {
  const {chalk} = style
  const head = [chalk.bold.cyan(clean(m.code)), clean(m.providerName), statusText(m)]
    .filter(Boolean)
    .join(chalk.dim('  ·  '))
  doc.blank().para(head, '')
  doc.para(chalk.bold(clean(m.title)), '')
  if (m.variant) doc.para(chalk.dim(`when the description is: ${describeVariant(m.variant)}`), '')
  doc.heading('Meaning').para(m.meaning)
  doc.heading('Likely causes').bullets(m.causes)
  doc.heading('Fix').steps(m.fixes)
  if (m.notes) doc.heading('Notes').para(m.notes)
  doc.blank().rows([
    ['Who acts', m.whoActs],
    ['Retryable', m.retryable ? 'yes, the same request may succeed later' : 'no, change something first'],
    ['Carried as', m.oauthError ? `error=${m.oauthError}` : null],
    ['Occurs at', m.where.length > 0 ? m.where.join(', ').replaceAll('_', ' ') : null],
    ['Spec', m.spec],
    ['Docs', m.docs],
  ])
}

/**
 * The other entries, grouped by provider: each provider's own meaning (its general entry, or its first
 * variant), then its description variants one line each, so every provider's reading sits side by side.
 */
function renderOthers(doc: Doc, others: LookupMatch[], style: Style): void {
  const {chalk} = style
  const groups = new Map<string, LookupMatch[]>()
  for (const m of others) groups.set(`${m.provider}/${m.code}`, [...(groups.get(`${m.provider}/${m.code}`) ?? []), m])
  for (const group of groups.values()) {
    const general = group.find((m) => !m.variant) ?? group[0]
    const status = statusText(general)
    doc
      .blank()
      .para(
        `${chalk.bold(clean(general.providerName))} ${chalk.dim(`· ${clean(general.code)}${status ? ` · ${status}` : ''}`)}`,
        '  ',
      )
    doc.para(general.variant ? `${general.title}. ${general.meaning}` : general.meaning, '    ')
    const variants = group.filter((m) => m !== general)
    if (variants.length > 0) {
      doc.para(chalk.dim(`by error_description (${variants.length}):`), '    ')
      doc.bullets(
        variants.map(
          (m) => `${m.variant ? `"${describeVariant(m.variant)}": ` : ''}${m.title} ${chalk.dim(`[${m.id}]`)}`,
        ),
        '    ',
      )
    }
  }
}

export function renderLookup(result: LookupResult, style: Style, options: {full?: number} = {}): string {
  const doc = new Doc(style)
  const {chalk} = style
  if (result.matches.length === 0) {
    doc.line(chalk.yellow(`No entry matches "${clean(result.query).slice(0, 60)}".`))
    const closest = result.closest ?? []
    if (closest.length > 0) {
      doc.blank().para(chalk.dim('Closest candidates (none is a confident match):'), '')
      doc.bullets(closest.map((m) => `${chalk.cyan(clean(m.id))}  ${clean(m.title)} ${chalk.dim(`(${m.score})`)}`))
    }

    return doc.toString()
  }

  const [first, ...rest] = result.matches
  if (first.matchedBy === 'fuzzy')
    doc.line(chalk.yellow(`No exact match for "${clean(result.query).slice(0, 60)}"; the closest entries:`))
  const full = Math.max(1, options.full ?? 1)
  for (const m of [first, ...rest.slice(0, full - 1)]) renderEntry(doc, m, style)
  const others = rest.slice(full - 1)
  if (others.length > 0) {
    const providers = new Set(others.map((m) => m.provider)).size
    const heading = others.some((m) => m.matchedBy === 'fuzzy')
      ? `Other close matches (${others.length})`
      : others.every((m) => m.matchedBy === 'status')
        ? `Codes that travel with HTTP ${clean(first.code)} (${others.length})`
        : `Also sent by ${count(providers, 'provider')} (${count(others.length, 'entry', 'entries')})`
    doc.heading(heading)
    renderOthers(doc, others, style)
    const example = others.find((m) => m.provider !== first.provider) ?? others[0]
    doc
      .blank()
      .para(
        chalk.dim(
          `Full explanation of one: ${unbroken(`errcode lookup ${example.id.includes(' ') ? `'${example.id}'` : example.id}`)}`,
        ),
        '',
      )
  }

  return doc.toString()
}
