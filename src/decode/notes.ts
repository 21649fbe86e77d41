/** The "what else to check" notes: things in the paste an expert would point at besides the error itself. */
import {specificVariant, variantsFor} from '../catalog/candidates.js'
import type {Catalog} from '../catalog/catalog.js'
import {STANDARDS} from '../catalog/match.js'
import {compiledEvidence} from './evidence.js'
import {jwtNotes} from './jwt.js'
import type {DecodedError, RawError, Signals} from './types.js'

export interface NoteContext {
  catalog: Catalog
  name: (provider: string) => string
  raw: RawError
  signals: Signals
}

export function errorNotes(e: DecodedError, ctx: NoteContext, primary: boolean): string[] {
  const notes: string[] = []
  const who = ctx.name(e.provider)
  const {raw} = ctx
  if (e.state) {
    notes.push(
      `Compare state (${e.state}) with the value your app stored when it started this login: a mismatch means a stale tab, a second login in parallel or a forged callback (RFC 6749 §10.12).`,
    )
  }

  if (raw.via === 'fragment')
    notes.push(
      'The error came back in the URL fragment (#...): browsers never send the fragment to a server, so only front-end code sees it.',
    )
  if (raw.via === 'form_post')
    notes.push(
      'The error was POSTed to the redirect URI as a form (response_mode=form_post): read it from the request body, not the query.',
    )
  // A library's wording where the sender is someone else (or nobody errcode can tell): the software that raised
  // it, which many operators run, and whose entry explains the message best.
  const worded = raw.description
    ? variantsFor(
        ctx.catalog,
        raw.description,
        [e.code, ...raw.alternatives].filter((c): c is string => Boolean(c)),
      )
    : []
  const libraries = worded.filter(
    (v) => v.provider !== e.provider && specificVariant(v) && ctx.catalog.providers.get(v.provider)?.library,
  )
  if (libraries.length > 0 && new Set(libraries.map((v) => v.provider)).size === 1)
    notes.push(
      `The message is worded as ${ctx.name(libraries[0].provider)} words it: the software that raised it, which many servers run. Its entry: errcode lookup ${libraries[0].id}`,
    )
  const iss = typeof e.fields.iss === 'string' ? e.fields.iss : null
  if (iss) notes.push(`iss=${iss}: check that it is the issuer you sent the user to (RFC 9207 mix-up defence).`)
  if (e.http === 200 && e.code) {
    notes.push(
      `This came back with HTTP 200: ${who} reports this error in the response body, so code that checks only the status code misses it.`,
    )
  }

  if (e.requestId) {
    const correlation =
      typeof e.fields.correlationId === 'string' ? ` and correlation id ${e.fields.correlationId}` : ''
    // A standard (oauth, http, saml) has no support desk: the API that sent it does.
    const sender = STANDARDS.has(e.provider) ? "the API's" : `${who}'s`
    notes.push(
      `Quote request id ${e.requestId}${correlation} to ${sender} support: it finds this request in their logs.`,
    )
  }

  if (e.errorUri) notes.push(`The server points to its own page for this error: ${e.errorUri}`)
  // A provider's own page for one of the error's codes (its record's codePage), when it is not the error_uri.
  const codes = [e.code, ...(Array.isArray(e.fields.alternativeCodes) ? e.fields.alternativeCodes : [])]
  const pages = compiledEvidence(ctx.catalog).codePages
  page: for (const code of codes.filter((c): c is string => typeof c === 'string' && c.length <= 100)) {
    for (const p of pages) {
      const m = p.re.exec(code)
      if (!m) continue
      const live = p.url.replace('$1', encodeURIComponent(m[1] ?? m[0]))
      if (live !== e.errorUri) notes.push(`${ctx.name(p.provider)}'s current text for ${code}: ${live}`)
      break page
    }
  }
  if (Array.isArray(e.fields.validationErrors) && e.fields.validationErrors.length > 0) {
    const list = (e.fields.validationErrors as {field: string; message: string}[])
      .map((v) => `${v.field}: ${v.message}`)
      .join('; ')
    notes.push(`${e.fields.validationErrors.length} field(s) failed validation: ${list}`)
  }

  if (raw.source === 'www_authenticate' && !e.code) {
    notes.push(
      'The WWW-Authenticate challenge carries no error code: per RFC 6750 §3.1 that means the request had no usable credentials at all (no Authorization header, or a scheme the server does not accept).',
    )
  }

  if (raw.truncated)
    notes.push(
      'The body was cut off in the paste; fields after the cut are missing, so paste the whole response if you can.',
    )
  if (primary) {
    const retry = ctx.signals.headers.find((h) => h.name === 'retry-after')
    if (retry) notes.push(`Retry-After: ${retry.value}. Wait that long before sending the request again.`)
  }

  if (e.jwt) notes.push(...jwtNotes(e.jwt))
  return notes
}
