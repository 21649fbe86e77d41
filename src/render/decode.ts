/**
 * `errcode decode` for humans: for the primary error a headline, who must act, the likely causes and the fix
 * steps from the best catalog match, then what errcode read from the paste (a small table) and the notes; other
 * errors in the paste follow in brief. Everything from the paste is clean()ed before it is coloured.
 */
import type {LookupMatch} from '../catalog/search.js'
import type {DecodedError, DecodeResult} from '../decode/types.js'
import {samlRows} from './saml.js'
import {Doc, type Style} from './blocks.js'
import {clean, truncate, unbroken} from './text.js'

export interface DecodeStyle extends Style {
  /** Display name of a provider slug (catalog name, or errcode's own list). */
  providerName: (slug: string) => string
}

const firstLine = (s: string) => s.split(/\r?\n/)[0].trim()
const safe = (s: string, max = 300) => truncate(clean(firstLine(s)), max)

/** "Google returned invalid_grant (HTTP 400): Token has been expired or revoked." */
export function headline(e: DecodedError, style: DecodeStyle): string {
  const who =
    e.provider === 'unknown'
      ? 'The server'
      : e.provider === 'oauth'
        ? 'The OAuth server'
        : style.providerName(e.provider)
  const status = e.http === null ? '' : ` (HTTP ${e.http})`
  const best = e.matches[0]
  // A description that repeats the code ("IDX10223: Lifetime validation failed.") reads better without it.
  const said = e.description
    ? safe(
        e.code && e.description.startsWith(e.code)
          ? e.description.slice(e.code.length).replace(/^[\s:-]+/, '') || e.description
          : e.description,
        160,
      )
    : null
  const echo = said !== null && e.code !== null && said.toLowerCase() === e.code.toLowerCase()
  // An entry found by the message's words alone is a likely reading, not what the server said: the server's
  // words stay in the headline and the entry is introduced as the closest one (renderPrimary).
  const named = best && best.matchedBy !== 'fuzzy' && (best.matchedBy !== 'status' || echo)
  const what = named ? best.title : (said ?? best?.title ?? null)
  const end = (s: null | string) => (s ? `: ${s.replace(/[.!]+$/, '')}.` : '.')
  if (e.code) return `${who} returned ${safe(e.code, 80)}${status}${end(what)}`
  if (e.http !== null) return `${who} answered HTTP ${e.http}${end(what)}`
  if (e.jwt) {
    const exp = e.jwt.times.exp
    const state = exp ? (exp.secondsFromNow < 0 ? `, expired ${exp.relative}` : `, valid until ${exp.date}`) : ''
    return `A JWT${e.jwt.iss ? ` issued by ${safe(e.jwt.iss, 100)}` : ''} (${e.jwt.alg ?? 'no alg'}${state}); no error code in the paste.`
  }

  return `${who} reported an error${end(e.description ? safe(e.description, 200) : null)}`
}

/** Causes (or fixes) of the best match; the next matches add theirs only when the best says little. */
function ranked(matches: LookupMatch[], pick: (m: LookupMatch) => string[], max: number): string[] {
  const out: string[] = []
  for (const m of matches.slice(0, 3)) {
    if (m !== matches[0] && (out.length >= 3 || (m.matchedBy === 'status' && matches[0].matchedBy !== 'status'))) break
    for (const item of pick(m)) if (!out.includes(item) && out.length < max) out.push(item)
  }

  return out
}

const when = (t: {date: string; relative: string} | undefined) => (t ? `${t.date} (${t.relative})` : null)

/** The decoded token: what a reader checks first (issuer, audience, lifetime), never a verdict on the signature. */
function jwtRows(e: DecodedError): [string, null | string][] {
  if (!e.jwt) return []
  const j = e.jwt
  const claim = (k: string) => (typeof j.claims[k] === 'string' ? (j.claims[k] as string) : null)
  const header = [
    j.alg && `alg ${j.alg}`,
    j.typ && `typ ${j.typ}`,
    typeof j.header.kid === 'string' && `kid ${j.header.kid}`,
  ]
    .filter(Boolean)
    .join(', ')
  return [
    ['JWT header', header || null],
    ['iss', j.iss],
    ['sub', claim('sub')],
    ['aud', j.aud === null ? null : [j.aud].flat().join(' ')],
    ['scope', claim('scope') ?? claim('scp')],
    ['client_id', claim('client_id') ?? claim('azp') ?? claim('appid')],
    ['exp', when(j.times.exp)],
    ['nbf', when(j.times.nbf)],
    ['iat', when(j.times.iat)],
    ['Signature', 'not verified (errcode only decodes)'],
  ]
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
    // What some servers add that tells the fix directly: Slack's needed/provided scopes, a challenge's scope.
    ['Needed', text('needed')],
    ['Provided', text('provided')],
    ['Scope', text('scope')],
  ]
}

function renderPrimary(doc: Doc, e: DecodedError, style: DecodeStyle): void {
  const {chalk} = style
  const best = e.matches[0]
  doc.para(chalk.bold(clean(headline(e, style))), '')
  if (best) {
    if (best.matchedBy === 'fuzzy')
      doc
        .blank()
        .para(
          chalk.yellow(
            `No entry has this exact code or message; the closest by its words: ${clean(best.title)} (${clean(style.providerName(best.provider))}).`,
          ),
          '',
        )
    doc.blank().para(best.meaning, '')
    doc
      .blank()
      .line(
        `${chalk.bold('Who must act:')} ${clean(best.whoActs)}${best.retryable ? chalk.dim(' (retrying later may work)') : ''}`,
      )
    const causes = ranked(e.matches, (m) => m.causes, 5)
    if (causes.length > 0) doc.heading('Likely causes').bullets(causes)
    const fixes = ranked(e.matches, (m) => m.fixes, 6)
    if (fixes.length > 0) doc.heading('Fix').steps(fixes)
  } else if (e.code || e.http !== null) {
    doc
      .blank()
      .para(chalk.dim("errcode's catalog has no entry for this code; the fields below are what the server said."), '')
  } else if (e.jwt) {
    doc.blank().para(chalk.dim('The paste holds a JWT and no error code: here is what the token says.'), '')
  }

  doc.heading('What errcode read').rows(rows(e, style))
  if (e.jwt) doc.heading('The JWT').rows(jwtRows(e))
  if (e.fields.saml) doc.heading('The SAML message').rows(samlRows(e))
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
      if (m) doc.para(chalk.dim(`${clean(m.whoActs)} acts; ${unbroken(`errcode lookup ${clean(m.id)}`)}`), '    ')
    }
  }

  const best = primary.matches[0]
  doc.blank()
  const id = best ? (best.id.includes(' ') ? `'${best.id}'` : best.id) : null
  doc.para(
    chalk.dim(
      id ? `Full entry: ${unbroken(`errcode lookup ${id}`)}` : `Every field: ${unbroken('errcode decode --json')}`,
    ),
    '',
  )
  return doc.toString()
}
