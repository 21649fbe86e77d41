/**
 * probe's use of the one redaction mechanism (src/secrets.ts, src/secret-formats.ts). A server's answer is
 * masked as text, never rebuilt from parsed JSON: a response nested 400,000 deep is just a long string here, and
 * tokens are found in JSON, form-encoded and header answers alike (`access_token=`, `"accessToken":`,
 * `x-access-token:`), with every secret the probe sent replaced in each spelling a server may echo it in.
 */
import {findSecrets} from '../secret-formats.js'
import {type KnownSecret, maskCredentials, maskDeep, maskSecret, redactValues, secretKind} from '../secrets.js'
import {encodeRequest, formEncode} from './client-auth.js'
import type {HttpResponse, RequestSpec, WireRequest, WireResponse} from './types.js'

/** Response bodies in the report are cut to this many characters (the full 1 MB is never needed to explain). */
export const MAX_REPORTED_BODY = 4000

/** The secrets in a server's text, apart from `code` (in a response it is an error code, not a grant). */
function foundIn(text: string): KnownSecret[] {
  const out: KnownSecret[] = []
  for (const [value, kind] of findSecrets(text)) if (kind !== 'code') out.push({kind, value})
  return out
}

function maskHeaders(headers: Record<string, string>, known: KnownSecret[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const kind = secretKind(name)
    const masked =
      kind === 'credentials'
        ? maskCredentials(value)
        : kind && kind !== 'code'
          ? maskSecret(value, kind)
          : redactValues(value, [...known, ...foundIn(value)])
    Object.defineProperty(out, name, {configurable: true, enumerable: true, value: masked, writable: true})
  }

  return out
}

/** The request as the report shows it: the Authorization value, secret parameters and JSON secrets masked. */
export function redactRequest(spec: RequestSpec): WireRequest {
  const {headers} = encodeRequest(spec)
  let body: null | string = null
  if (spec.form) {
    body = spec.form
      .map((p) => {
        const kind = p.secret ? (p.secret === 'client_secret' ? 'secret' : 'token') : secretKind(p.name)
        return `${formEncode(p.name)}=${kind ? maskSecret(p.value, kind) : formEncode(p.value)}`
      })
      .join('&')
  } else if (spec.json) body = JSON.stringify(maskDeep(spec.json))
  return {body, headers: maskHeaders(headers, []), method: spec.method, url: spec.url}
}

/** The response as the report shows it: tokens masked, known secret values removed, the body bounded. */
export function redactResponse(response: HttpResponse, secrets: (KnownSecret | string)[]): WireResponse {
  const known = secrets.map((s) => (typeof s === 'string' ? {value: s} : s))
  // Masked whole (at most 1 MB), then cut: a cut first could leave half a token the scan no longer recognises.
  let body = redactValues(response.body, [...known, ...foundIn(response.body)])
  if (body.length > MAX_REPORTED_BODY)
    body = `${cutOutsideMask(body, MAX_REPORTED_BODY)}… [${body.length - MAX_REPORTED_BODY} more characters not shown]`
  else if (response.truncated) body += '… [body larger than 1 MB: not read further]'
  return {body, headers: maskHeaders(response.headers, known), status: response.status}
}

/** Cut at `max`, but never inside a mask (half a mask is still safe, but unreadable). */
function cutOutsideMask(text: string, max: number): string {
  const open = text.lastIndexOf('[masked ', max)
  const close = open < 0 ? -1 : text.indexOf(']', open)
  return open >= 0 && close >= max ? text.slice(0, close + 1) : text.slice(0, max)
}
