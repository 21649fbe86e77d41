/**
 * Error shapes that many servers share and no provider owns: NestJS-style bodies (`{statusCode, timestamp, path,
 * message}`), `{error: {code, message, request_id}}`, `{error: {status, message}}`. Shapes a provider owns are
 * data (its record's envelopes, read by envelopes.ts).
 */
import type {Json, JsonObject} from './relaxed-json.js'
import {type ErrorSource, type RawError, rawError} from './types.js'
import {bounded, obj, pick, status, str} from './values.js'

interface Recognised {
  error: RawError
  nested: Json[]
}

const strings = (xs: unknown[]): string[] => xs.map((x) => str(x)).filter((x): x is string => x !== null)

export function commonShape(
  o: JsonObject,
  http: null | number,
  source: ErrorSource,
  offset: number,
): null | Recognised {
  const make = (init: Partial<RawError>, nested: Json[] = []): Recognised => ({
    error: rawError(source, offset, {fields: bounded(o) as Record<string, unknown>, http, strength: 0.9, ...init}),
    nested,
  })

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

/** `{error: {...}}` envelopes no record claims: the plain {code, message, request_id} and {status, message}. */
function envelope(
  o: JsonObject,
  e: JsonObject,
  http: null | number,
  make: (init: Partial<RawError>, nested?: Json[]) => Recognised,
): null | Recognised {
  const message = str(e.message) ?? str(e.detail) ?? str(e.error_description)
  // {error: {type, message}}: a typed error with no code of its own (Stripe, many SDKs); the type is the code.
  if (typeof e.type === 'string' && message && e.code === undefined)
    return make({code: e.type, description: message, strength: 0.85})
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
