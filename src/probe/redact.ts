import {isSecretName, maskCredentials, maskSecret, redactValues} from '../secrets.js'
import {encodeRequest, formEncode} from './client-auth.js'
import type {HttpResponse, RequestSpec, WireRequest, WireResponse} from './types.js'

/** Response bodies in the report are cut to this many characters (the full 1 MB is never needed to explain). */
export const MAX_REPORTED_BODY = 4000

/** Mask every value whose key names a secret (access_token, refresh_token, id_token, client_secret...). */
export function maskDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => maskDeep(v))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value))
      out[k] = isSecretName(k) && typeof v === 'string' ? maskSecret(v) : maskDeep(v)
    return out
  }

  return value
}

function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    out[name] = name === 'authorization' ? maskCredentials(value) : isSecretName(name) ? maskSecret(value) : value
  }

  return out
}

/** The request as the report shows it: the Authorization value, secret parameters and JSON secrets masked. */
export function redactRequest(spec: RequestSpec): WireRequest {
  const {headers} = encodeRequest(spec)
  let body: null | string = null
  if (spec.form) {
    body = spec.form
      .map(
        (p) => `${formEncode(p.name)}=${p.secret || isSecretName(p.name) ? maskSecret(p.value) : formEncode(p.value)}`,
      )
      .join('&')
  } else if (spec.json) body = JSON.stringify(maskDeep(spec.json))
  return {body, headers: maskHeaders(headers), method: spec.method, url: spec.url}
}

/** The response as the report shows it: tokens masked, known secret values removed, the body bounded. */
export function redactResponse(response: HttpResponse, secrets: string[]): WireResponse {
  let body = response.json === undefined ? response.body : JSON.stringify(maskDeep(response.json))
  body = redactValues(body, secrets)
  if (body.length > MAX_REPORTED_BODY)
    body = `${body.slice(0, MAX_REPORTED_BODY)}… [${body.length - MAX_REPORTED_BODY} more characters not shown]`
  else if (response.truncated) body += '… [body larger than 1 MB: not read further]'
  return {body, headers: maskHeaders(response.headers), status: response.status}
}
