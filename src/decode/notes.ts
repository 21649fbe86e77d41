/** The "what else to check" notes: things in the paste an expert would point at besides the error itself. */
import {jwtNotes} from './jwt.js'
import type {DecodedError, RawError, Signals} from './types.js'

export interface NoteContext {
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
    notes.push(
      `Quote request id ${e.requestId}${correlation} to ${who === 'an unidentified server' ? "the API's" : `${who}'s`} support: it finds this request in their logs.`,
    )
  }

  if (e.errorUri) notes.push(`The server points to its own page for this error: ${e.errorUri}`)
  const aadsts = [e.code, ...(Array.isArray(e.fields.alternativeCodes) ? e.fields.alternativeCodes : [])].find(
    (c) => typeof c === 'string' && /^AADSTS\d+$/.test(c),
  ) as string | undefined
  const embedded = aadsts ?? /\bAADSTS(\d{4,9})\b/.exec(e.description ?? '')?.[0]
  const live = embedded ? `https://login.microsoftonline.com/error?code=${embedded.slice(6)}` : null
  if (embedded && live !== e.errorUri) notes.push(`Microsoft's current text for ${embedded}: ${live}`)
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
