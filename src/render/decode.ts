/**
 * `errcode decode` for humans: for the primary error a headline, who must act, the likely causes and the fix
 * steps from the best catalog match, then what errcode read from the paste (a small table) and the notes; other
 * errors in the paste follow in brief. Everything from the paste is clean()ed before it is coloured.
 */
import type {LookupMatch} from '../catalog/search.js'
import type {DecodedError, DecodeResult} from '../decode/types.js'
import {Doc, type Style} from './blocks.js'
import {clean, truncate} from './text.js'

export interface DecodeStyle extends Style {
  /** Display name of a provider slug (catalog name, or errcode's own list). */
  providerName: (slug: string) => string
}

const firstLine = (s: string) => s.split(/\r?\n/)[0].trim()
const safe = (s: string, max = 300) => truncate(clean(firstLine(s)), max)

/** "Google returned invalid_grant (HTTP 400): Token has been expired or revoked." */
export function headline(e: DecodedError, style: DecodeStyle): string {
  const who = e.provider === 'unknown' ? 'The server' : e.provider === 'oauth' ? 'The OAuth server' : style.providerName(e.provider)
  const status = e.http === null ? '' : ` (HTTP ${e.http})`
  const best = e.matches[0]
  const what = best && best.matchedBy !== 'status' ? best.title : e.description ? safe(e.description, 160) : best?.title ?? null
  if (e.code) return `${who} returned ${safe(e.code, 80)}${status}${what ? `: ${what}` : ''}.`
  if (e.http !== null) return `${who} answered HTTP ${e.http}${what ? `: ${what}` : ''}.`
  if (e.jwt) {
    const exp = e.jwt.times.exp
    const state = exp ? (exp.secondsFromNow < 0 ? `, expired ${exp.relative}` : `, valid until ${exp.date}`) : ''
    return `A JWT${e.jwt.iss ? ` issued by ${safe(e.jwt.iss, 100)}` : ''} (${e.jwt.alg ?? 'no alg'}${state}); no error code in the paste.`
  }

  return `${who} reported an error${e.description ? `: ${safe(e.description, 200)}` : ''}.`
}

/** Causes (or fixes) of the best match, then of the next ones that explain the same error, without repeats. */
function ranked(matches: LookupMatch[], pick: (m: LookupMatch) => string[], max: number): string[] {
  const out: string[] = []
  for (const m of matches.slice(0, 3)) {
    if (m !== matches[0] && m.matchedBy === 'status' && matches[0].matchedBy !== 'status') continue
    for (const item of pick(m)) if (!out.includes(item) && out.length < max) out.push(item)
    if (out.length >= 3 && m === matches[0]) break
  }

  return out
}

function jwtSummary(e: DecodedError): null | string {
  if (!e.jwt) return null
  const j = e.jwt
  const parts = [j.alg ? `alg ${j.alg}` : null, j.iss ? `iss ${j.iss}` : null, j.aud ? `aud ${[j.aud].flat().join(' ')}` : null]
  const exp = j.times.exp
  if (exp) parts.push(`exp ${exp.date} (${exp.relative})`)
  parts.push('signature not verified')
  return parts.filter(Boolean).join(', ')
}

function rows(e: DecodedError, style: DecodeStyle): [string, null | string][] {
  const f = e.fields
  const text = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : null)
  const alternatives = Array.isArray(f.alternativeCodes) ? (f.alternativeCodes as string[]).join(', ') : null
  const provider = `${style.providerName(e.provider)} (${e.provider}; ${e.providerConfidence} confidence${e.providerEvidence[0] ? `: ${e.providerEvidence.slice(0, 2).join('; ')}` : ''})`
  return [
    ['Provider', provider],
    ['Code', e.code],
    ['Also', alternatives],
    ['Description', e.description ? truncate(e.description.replace(/\s*\r?\n\s*/g, ' '), 600) : null],
    ['HTTP status', e.http === null ? null : String(e.http)],
    ['State', e.state],
    ['Request id', e.requestId],
    ['Correlation id', text('correlationId')],
    ['error_uri', e.errorUri],
    ['JWT', jwtSummary(e)],
  ]
}

function renderPrimary(doc: Doc, e: DecodedError, style: DecodeStyle): void {
  const {chalk} = style
  const best = e.matches[0]
  doc.para(chalk.bold(clean(headline(e, style))), '')
  if (best) {
    doc.blank().para(best.meaning, '')
    doc.blank().line(`${chalk.bold('Who must act:')} ${clean(best.whoActs)}${best.retryable ? chalk.dim(' (retrying later may work)') : ''}`)
    const causes = ranked(e.matches, (m) => m.causes, 5)
    if (causes.length > 0) doc.heading('Likely causes').bullets(causes)
    const fixes = ranked(e.matches, (m) => m.fixes, 6)
    if (fixes.length > 0) doc.heading('Fix').steps(fixes)
  } else {
    doc.blank().para(chalk.dim("errcode's catalog has no entry for this code; the fields below are what the server said."), '')
  }

  doc.heading('What errcode read').rows(rows(e, style))
}

export function renderDecode(result: DecodeResult, style: DecodeStyle): string {
  const doc = new Doc(style)
  const {chalk} = style
  const [primary, ...others] = result.errors
  renderPrimary(doc, primary, style)
  if (result.notes.length > 0) doc.heading('Notes').bullets(result.notes.map((n) => clean(n)))
  if (others.length > 0) {
    doc.heading(`Also in the paste (${others.length})`)
    for (const e of others) {
      doc.bullets([headline(e, style)])
      const m = e.matches[0]
      if (m) doc.para(chalk.dim(`${clean(m.whoActs)} acts; errcode lookup ${clean(m.id)}`), '    ')
    }
  }

  const best = primary.matches[0]
  doc.blank()
  const more = best ? `Full entry: errcode lookup ${best.id.includes(' ') ? `'${best.id}'` : best.id}` : null
  doc.para(chalk.dim([more, 'every field: --json'].filter(Boolean).join('   ·   ')), '')
  return doc.toString()
}
