import type {LookupMatch, LookupResult} from '../catalog/search.js'
import {Doc, type Style} from './blocks.js'
import {clean} from './text.js'

const statusText = (m: LookupMatch) => (m.http.length > 0 ? `HTTP ${m.http.join('/')}` : m.where.includes('authorization_response') ? 'redirect' : null)

/** One entry in full: what it means, causes, fix steps, who acts, spec and docs. */
export function renderEntry(doc: Doc, m: LookupMatch, style: Style): void {
  const {chalk} = style
  const head = [chalk.bold.cyan(clean(m.code)), clean(m.providerName), statusText(m)].filter(Boolean).join(chalk.dim('  ·  '))
  doc.blank().para(head, '')
  doc.para(chalk.bold(clean(m.title)), '')
  if (m.variant) doc.para(chalk.dim(`when the description is: ${m.variant}`), '')
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

/** A one-paragraph summary, for the other providers that share a code. */
function renderBrief(doc: Doc, m: LookupMatch, style: Style): void {
  const {chalk} = style
  const status = statusText(m)
  const label = `${chalk.bold(clean(m.providerName))} ${chalk.dim(`(${clean(m.id)}${status ? `, ${status}` : ''})`)}`
  doc.para(label, '  ')
  doc.para(m.variant ? `${m.title}. ${m.meaning}` : m.meaning, '    ')
}

export function renderLookup(result: LookupResult, style: Style, options: {full?: number; provider?: string} = {}): string {
  const doc = new Doc(style)
  const {chalk} = style
  const [first, ...rest] = result.matches
  if (first.matchedBy === 'fuzzy') doc.line(chalk.yellow(`No exact match for "${clean(result.query).slice(0, 60)}"; closest entries:`))
  const full = Math.max(1, options.full ?? 1)
  const shown = [first, ...rest.slice(0, full - 1)]
  for (const m of shown) renderEntry(doc, m, style)
  const others = rest.slice(full - 1)
  if (others.length > 0) {
    const sameCode = others.every((m) => m.matchedBy !== 'fuzzy')
    doc.heading(sameCode ? `Also known as this code (${others.length} more)` : `Other close matches (${others.length})`)
    for (const m of others) renderBrief(doc, m, style)
    const example = others.find((m) => m.provider !== first.provider) ?? others[0]
    doc.blank().para(chalk.dim(`Full explanation of one: errcode lookup ${example.id.includes(' ') ? `'${example.id}'` : example.id}`), '')
  }

  return doc.toString()
}
