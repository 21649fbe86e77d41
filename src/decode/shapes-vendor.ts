/**
 * Vendor error envelopes, each recognised by the fields that make it distinctive. A shape is evidence of who
 * sent it (a hint with a weight), never proof: provider.ts weighs it against hosts, headers and codes.
 */
import type {Json, JsonObject} from './relaxed-json.js'
import {type ErrorSource, type ProviderHint, type RawError, rawError} from './types.js'
import {bounded, hostOf, obj, pick, status, str} from './values.js'

interface Recognised {
  error: RawError
  nested: Json[]
}

/** google.rpc.Code names: the `status` of a Google API error. */
const GOOGLE_RPC = new Set([
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
])
const NYLAS_NAMESPACE = /^(?:api|grant|connector|credential|token|oauth2|application|common)\./

const hint = (provider: string, weight: number, reason: string): ProviderHint => ({provider, reason, weight})
const strings = (xs: unknown[]): string[] => xs.map((x) => str(x)).filter((x): x is string => x !== null)

export function vendorShape(
  o: JsonObject,
  http: null | number,
  source: ErrorSource,
  offset: number,
): null | Recognised {
  const make = (init: Partial<RawError>, nested: Json[] = []): Recognised => ({
    error: rawError(source, offset, {fields: bounded(o) as Record<string, unknown>, http, strength: 0.9, ...init}),
    nested,
  })

  // Azure AD Graph / OData: {"odata.error": {code, message: {lang, value}}}.
  const odata = obj(o['odata.error'])
  if (odata) {
    const message = obj(odata.message)
    return make({
      code: str(odata.code),
      description: message ? str(message.value) : str(odata.message),
      hints: [hint('microsoft', 0.8, 'an "odata.error" body (Azure AD Graph / Microsoft OData services)')],
    })
  }

  // Okta: {errorCode, errorSummary, errorLink, errorId, errorCauses}.
  if (typeof o.errorCode === 'string' && typeof o.errorSummary === 'string') {
    const causes = Array.isArray(o.errorCauses) ? strings(o.errorCauses.map((c) => obj(c)?.errorSummary)) : []
    return make({
      code: o.errorCode,
      description: o.errorSummary,
      fields: {...(bounded(o) as Record<string, unknown>), ...(causes.length > 0 ? {causes} : {})},
      hints: [
        hint(
          'okta',
          o.errorId !== undefined || o.errorLink !== undefined ? 0.8 : 0.5,
          'errorCode/errorSummary/errorId fields (Okta API error)',
        ),
      ],
      requestId: str(o.errorId),
    })
  }

  // Slack Web API: {ok: false, error, response_metadata: {messages}} (HTTP 200).
  if (o.ok === false && typeof o.error === 'string') {
    const meta = obj(o.response_metadata)
    const messages = meta && Array.isArray(meta.messages) ? strings(meta.messages) : []
    return make({
      code: o.error,
      description: str(o.detail) ?? (messages.length > 0 ? messages.join('; ') : null) ?? str(o.warning),
      hints: [hint('slack', 0.7, '{"ok": false, "error": ...} (Slack Web API)')],
    })
  }

  // Dropbox: {error_summary: "expired_access_token/..", error: {".tag": "expired_access_token"}}.
  if (typeof o.error_summary === 'string') {
    const tag = str(obj(o.error)?.['.tag'])
    return make({
      code: tag ?? o.error_summary.split('/')[0],
      description: str(obj(o.user_message)?.text),
      hints: [hint('dropbox', 0.8, 'error_summary with a .tag error (Dropbox API)')],
    })
  }

  // AWS JSON protocols: {__type: "ns#NotAuthorizedException", message}.
  if (typeof o.__type === 'string') {
    return make({
      code: o.__type.split('#').pop()!.replace(/:$/, ''),
      description: str(pick(o, 'message')),
      hints: [hint('aws', 0.5, 'an AWS JSON error (__type)')],
    })
  }

  // LinkedIn: {status, serviceErrorCode, code, message}; v1: {errorCode, message, requestId, status, timestamp}.
  if (o.serviceErrorCode !== undefined && (o.code !== undefined || o.message !== undefined)) {
    return make({
      alternatives: strings([o.serviceErrorCode]),
      code: str(o.code) ?? str(o.serviceErrorCode),
      description: str(o.message),
      hints: [hint('linkedin', 0.8, 'serviceErrorCode (LinkedIn API error)')],
      http: status(o.status) ?? http,
    })
  }

  if (
    typeof o.errorCode === 'number' &&
    typeof o.message === 'string' &&
    o.requestId !== undefined &&
    o.timestamp !== undefined
  ) {
    return make({
      code: String(o.errorCode),
      description: o.message,
      hints: [hint('linkedin', 0.4, 'errorCode/message/requestId/status/timestamp (LinkedIn v1 error)')],
      http: status(o.status) ?? http,
      requestId: str(o.requestId),
    })
  }

  // HubSpot: {status: "error", message, correlationId, category}.
  if (
    o.status === 'error' &&
    typeof o.message === 'string' &&
    (o.category !== undefined || o.correlationId !== undefined)
  ) {
    return make({
      code: str(o.category) ?? str(o.subCategory),
      description: o.message,
      hints: [hint('hubspot', 0.6, 'status "error" with category/correlationId (HubSpot API error)')],
      requestId: str(o.correlationId),
    })
  }

  // NestJS-style (IDnow): {statusCode, timestamp, path, message, code?}; message may be a list.
  const statusCode = status(o.statusCode)
  if (
    statusCode !== null &&
    (o.timestamp !== undefined || o.path !== undefined) &&
    (typeof o.message === 'string' || Array.isArray(o.message))
  ) {
    const description = Array.isArray(o.message) ? strings(o.message).join('; ') : (o.message as string)
    const validation = validationErrors(description)
    return make({
      code: str(o.code) ?? (typeof o.error === 'string' ? o.error : null),
      description,
      fields: {
        ...(bounded(o) as Record<string, unknown>),
        ...(validation.length > 0 ? {validationErrors: validation} : {}),
      },
      http: statusCode,
      strength: 0.8,
    })
  }

  const e = obj(o.error)
  return e ? envelope(o, e, http, make) : null
}

/** `{error: {...}}` envelopes: Google, Nylas, Microsoft Graph, Stripe, Spotify, and the plain {code, message, request_id}. */
function envelope(
  o: JsonObject,
  e: JsonObject,
  http: null | number,
  make: (init: Partial<RawError>, nested?: Json[]) => Recognised,
): null | Recognised {
  const message = str(e.message) ?? str(e.detail) ?? str(e.error_description)
  const eStatus = str(e.status)
  // Google APIs: {error: {code: 403, message, status: "PERMISSION_DENIED", errors: [{domain, reason}], details}}.
  if (eStatus && GOOGLE_RPC.has(eStatus) && message) {
    const errors = Array.isArray(e.errors) ? e.errors.map((x) => obj(x)).filter((x): x is JsonObject => x !== null) : []
    const details = Array.isArray(e.details)
      ? e.details.map((x) => obj(x)).filter((x): x is JsonObject => x !== null)
      : []
    const googleish =
      errors.some((x) => x.domain !== undefined) ||
      details.some((d) => /googleapis\.com/.test(String(d['@type'] ?? '') + String(d.domain ?? '')))
    return make({
      alternatives: [...strings(details.map((d) => d.reason)), ...strings(errors.map((x) => x.reason))],
      code: eStatus,
      description: message,
      hints: [
        hint(
          'google',
          googleish ? 0.8 : 0.5,
          googleish
            ? 'google.rpc error with errors[].domain / ErrorInfo details (Google APIs)'
            : 'a google.rpc status name in error.status (Google APIs)',
        ),
      ],
      http: status(e.code) ?? http,
    })
  }

  // Nylas v3: {request_id, error: {type, message, provider_error}}.
  if (typeof e.type === 'string' && typeof o.request_id === 'string') {
    const nested = e.provider_error === undefined ? [] : [e.provider_error]
    return make(
      {
        code: e.type,
        description: message,
        hints: [
          hint('nylas', NYLAS_NAMESPACE.test(e.type) ? 0.8 : 0.6, 'request_id with error.type (Nylas API v3 error)'),
        ],
        requestId: o.request_id,
      },
      nested,
    )
  }

  // Microsoft Graph: {error: {code, message, innerError: {request-id, date}}}.
  const inner = obj(e.innerError) ?? obj(e.innererror)
  if (inner && (typeof e.code === 'string' || message)) {
    return make({
      code: str(e.code),
      description: message,
      hints: [hint('microsoft', 0.7, 'error.innerError (Microsoft Graph error)')],
      requestId: str(pick(inner, 'request-id', 'client-request-id')),
    })
  }

  // Stripe: {error: {type, code?, message, doc_url, param}}.
  if (typeof e.type === 'string' && ((message !== null && e.code === undefined) || typeof e.doc_url === 'string')) {
    const doc = str(e.doc_url)
    return make({
      alternatives: e.code === undefined ? [] : [e.type as string],
      code: str(e.code) ?? (e.type as string),
      description: message,
      errorUri: doc,
      hosts: doc && hostOf(doc) ? [{host: hostOf(doc)!, role: 'error_uri'}] : [],
    })
  }

  // {error: {code, message, request_id}} (Prysmid and many REST APIs); {error: {status, message}} (Spotify).
  if (e.code !== undefined && (message || e.request_id !== undefined)) {
    const code = str(e.code)
    return make({
      code,
      description: message,
      http: status(e.code) ?? status(e.status) ?? http,
      requestId: str(pick(e, 'request_id', 'requestId')) ?? str(pick(o, 'request_id', 'requestId')),
      strength: 0.85,
    })
  }

  const eHttp = status(e.status)
  if (eHttp !== null && message) return make({description: message, http: eHttp, strength: 0.75})
  return null
}

/** IDnow/NestJS `Validation failed: a.b: must be x, c: must be y` -> one entry per field. */
export function validationErrors(message: string): {field: string; message: string}[] {
  const m = /^\s*Validation failed:\s*([\s\S]{1,4000})$/i.exec(message)
  if (!m) return []
  return m[1]
    .split(/,\s*(?=[\w.[\]-]{1,120}:\s)/)
    .map((part) => /^([\w.[\]-]{1,120}):\s*([\s\S]*)$/.exec(part.trim()))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => ({field: x[1], message: x[2].trim()}))
}
