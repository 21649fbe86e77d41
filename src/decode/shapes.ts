/**
 * Error bodies of every common shape, normalised to one RawError each. The walk looks through wrappers
 * (`{data: ...}`, `{response: {body: ...}}`, an SDK's `{statusCode, data: '<json string>'}`), passes the status it
 * saw on the way down, and reports header-like keys (a dict of response headers) to the caller.
 */
import {readObject, findObjects, type Json, type JsonObject} from './relaxed-json.js'
import {type ErrorSource, type RawError, rawError} from './types.js'
import {bounded, hostOf, isReasonPhrase, looksLikeCode, obj, pick, pickId, status, str} from './values.js'
import {type EnvelopeSet, readEnvelope} from './envelopes.js'
import {commonShape} from './shapes-common.js'

export interface BodyFindings {
  errors: RawError[]
  headers: {name: string; value: string}[]
}

interface Walk {
  depth: number
  embedded: number
  http: null | number
  local: boolean
}

const MAX_NODES = 4000
/** Header names any server may send; the providers' own (x-okta-request-id, sforce-*...) come from their records. */
const HEADER_KEY =
  /^(?:www-authenticate|(?:x-)?request-?id|client-request-id|x-correlation-id|x-trace-id|server|retry-after|content-type|x-ratelimit-[\w-]+|dpop-nonce|location)$/i

const isHeaderKey = (key: string, set: EnvelopeSet | undefined): boolean =>
  HEADER_KEY.test(key) ||
  /-request-?id$/i.test(key) ||
  (set?.headers?.some((rule) =>
    rule.namePrefix ? key.toLowerCase().startsWith(rule.name) : key.toLowerCase() === rule.name,
  ) ??
    false)

/** Every error in one parsed object (and in JSON embedded in its string values). */
export function errorsInObject(
  root: JsonObject,
  offset: number,
  options: {envelopes?: EnvelopeSet; local?: boolean; source?: ErrorSource; truncated?: boolean} = {},
): BodyFindings {
  const found: BodyFindings = {errors: [], headers: []}
  let nodes = 0
  const source = options.source ?? 'json_body'

  const visit = (node: Json, walk: Walk): void => {
    if (++nodes > MAX_NODES || walk.depth > 40) return
    if (Array.isArray(node)) {
      for (const item of node.slice(0, 50)) visit(item, {...walk, depth: walk.depth + 1})
      return
    }

    if (typeof node === 'string') {
      visitString(node, walk)
      return
    }

    const o = obj(node)
    if (!o) return
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && isHeaderKey(k, options.envelopes))
        found.headers.push({name: k.toLowerCase(), value: v})
    }

    const own =
      status(pick(o, 'statusCode', 'status_code', 'status', 'httpStatus', 'http_status', 'httpStatusCode')) ??
      errorStatusIn(o)
    const http = own ?? walk.http
    const recognised = recognise(o, http, source, offset, options.envelopes)
    if (recognised) {
      recognised.error.local = walk.local || undefined
      recognised.error.truncated = options.truncated || undefined
      found.errors.push(recognised.error)
      for (const nested of recognised.nested) visit(nested, {...walk, depth: walk.depth + 1, http: null, local: true})
      return
    }

    for (const v of Object.values(o)) visit(v, {...walk, depth: walk.depth + 1, http})
  }

  /** JSON inside a string value: `data: '{"errorCode": 0, ...}'`, `"Message": "Exception: {...}"`. */
  const visitString = (s: string, walk: Walk): void => {
    if (walk.embedded >= 3 || s.length > 2_000_000 || !s.includes('{')) return
    const next = {...walk, depth: walk.depth + 1, embedded: walk.embedded + 1}
    const t = s.trim()
    if (t.startsWith('{')) {
      const whole = readObject(t, 0)
      if (whole && Object.keys(whole.value).length > 0 && whole.end >= t.length - 1) {
        visit(whole.value, next)
        return
      }
    }

    for (const inner of findObjects(s, 20)) visit(inner.value, next)
  }

  visit(root, {depth: 0, embedded: 0, http: null, local: Boolean(options.local)})
  return found
}

/** `{"Code": 401, "Message": "..."}` from an exception dump: a 4xx/5xx under a `code` key is the status. */
function errorStatusIn(o: JsonObject): null | number {
  const c = status(pick(o, 'code'))
  return c !== null && c >= 400 && Object.keys(o).length > 1 && typeof pick(o, 'error') !== 'string' ? c : null
}

interface Recognised {
  error: RawError
  /** Bodies inside this error that are errors of their own (Nylas's provider_error). */
  nested: Json[]
}

const MESSAGE_KEYS = [
  'message',
  'error_message',
  'errorMessage',
  'detail',
  'msg',
  // `errmsg` beside `errcode`, as several APIs (WeChat's among them) spell them.
  'errmsg',
  'description',
  'error_description',
  'title',
  'reason',
  // SOAP 1.1 faults.
  'faultstring',
  // An exception's fields as an API returns them (`exceptionCode` beside it).
  'exceptionMessage',
]

function recognise(
  o: JsonObject,
  http: null | number,
  source: ErrorSource,
  offset: number,
  envelopes: EnvelopeSet | undefined,
): null | Recognised {
  const owned = envelopes ? readEnvelope(o, envelopes, http, source, offset) : null
  if (owned) return owned
  const common = commonShape(o, http, source, offset)
  if (common) return common
  const make = (init: Partial<RawError>): Recognised => ({
    error: rawError(source, offset, {fields: bounded(o) as Record<string, unknown>, http, ...init}),
    nested: [],
  })

  // RFC 6749 §5.2 / §4.1.2.1: {error, error_description, error_uri, state}; Boom/Spring put a reason phrase there.
  const error = str(o.error)
  if (error !== null && typeof o.error === 'string') {
    const description = str(o.error_description) ?? str(o.message) ?? str(o.detail) ?? str(o.errorMessage)
    const errorUri = str(o.error_uri)
    if (isReasonPhrase(error) && (status(o.statusCode) ?? status(o.status)) !== null) {
      return make({code: error, description, http: status(o.statusCode) ?? status(o.status) ?? http, strength: 0.8})
    }

    // A message under `error` (`"error": "Failed to fetch OAuth2 token."`): long, or a sentence that ends like one.
    const t = error.trim()
    const sentence = /\s/.test(t) && (error.length > 40 || /[.!?]$/.test(t) || t.split(/\s+/).length >= 4)
    // Neither a code nor a message: a fragment a relaxed reading cut out of escaped JSON (`{"stack`).
    if (!sentence && !/^[\w$]/.test(t)) return null
    return make({
      code: sentence ? null : error,
      description: sentence ? error : description,
      errorUri,
      hosts: errorUri && hostOf(errorUri) ? [{host: hostOf(errorUri)!, role: 'error_uri'}] : [],
      requestId: pickId(o, 'request_id', 'requestId', 'trace_id'),
      standard: !sentence && /^[a-z][a-z\d_.:-]*$/.test(error),
      state: str(o.state),
      strength: sentence ? 0.6 : description || errorUri || /_/.test(error) ? 0.9 : 0.7,
    })
  }

  // RFC 9457 problem details: {type, title, status, detail, instance} plus extension members.
  if (
    (typeof o.title === 'string' || typeof o.type === 'string') &&
    (status(o.status) !== null || typeof o.detail === 'string') &&
    o.error === undefined
  ) {
    const type = str(o.type)
    const typeUri = type && /^https?:\/\//.test(type) ? type : null
    const code = str(o.code) ?? str(o.error_code) ?? str(o.title) ?? type
    return make({
      alternatives: [str(o.title), type].filter((x): x is string => x !== null && x !== code),
      code,
      // A typed error with a status and a `message` (Stripe's flat error) is shaped like one too.
      description: str(o.detail) ?? str(o.title) ?? str(o.message),
      errorUri: typeUri ?? str(o.documentation_url),
      hosts: typeUri && hostOf(typeUri) ? [{host: hostOf(typeUri)!, role: 'error_uri'}] : [],
      http: status(o.status) ?? http,
      requestId: pickId(o, 'request_id', 'requestId', 'traceId', 'trace_id', 'correlationId'),
      strength: 0.85,
    })
  }

  // `{"errors": "[API] Invalid API key or access token"}`: one error as a string.
  if (typeof o.errors === 'string' && o.errors.trim().length > 3 && o.error === undefined)
    return make({description: o.errors.trim(), strength: 0.6})

  // Lists of errors: Twitter/X v1.1, GraphQL, JSON:API, Salesforce REST.
  const list = Array.isArray(o.errors) ? o.errors.map((e) => obj(e)).filter((e): e is JsonObject => e !== null) : []
  if (list.length > 0 && list.some((e) => e.code !== undefined || e.message !== undefined || e.detail !== undefined)) {
    const first = list[0]
    const ext = obj(first.extensions)
    const code = str(first.code) ?? str(first.errorCode) ?? (ext ? str(ext.code) : null) ?? str(first.reason)
    return make({
      alternatives: [str(first.label), str(first.reason)].filter((x): x is string => x !== null && x !== code),
      code,
      description: str(first.message) ?? str(first.detail) ?? str(first.title) ?? str(o.message),
      http: status(first.status) ?? http,
      strength: code ? 0.8 : 0.6,
    })
  }

  // Generic {code, message} / {errorCode, message} / {message, documentation_url}.
  // A typed error with no code (`{message, type: "invalid_request_error"}`) or a status word standing for one
  // (`{status: "BAD_REFRESH_TOKEN", message}`): the type or the word is the code.
  const typed = [o.type, o.status].find(
    (v): v is string => typeof v === 'string' && looksLikeCode(v) && !/^(?:error|fail(?:ure|ed)?|ok|success)$/i.test(v),
  )
  const codeValue =
    pick(o, 'errorCode', 'error_code', 'code', 'errorType', 'error_type', 'err_code', 'faultcode', 'exceptionCode') ??
    typed
  const read = typeof codeValue === 'string' || typeof codeValue === 'number' ? str(codeValue) : null
  // `{"code": 401, "status": "Unauthorized", "message": …}`: beside a status field, a 4xx/5xx under `code` is the
  // status repeated (alone, as in Atlassian's `{"code":401,"message":…}`, it is the code the API documents).
  const repeated =
    read !== null &&
    /^[45]\d\d$/.test(read) &&
    status(codeValue) === errorStatusIn(o) &&
    pick(o, 'status', 'statusCode', 'status_code') !== undefined
  const code = repeated ? null : read
  // Any case: XML bodies and .NET/Java dumps write `Message`.
  const message = MESSAGE_KEYS.map((k) => pick(o, k)).find((v) => typeof v === 'string' && v !== '')
  const description = typeof message === 'string' ? str(message) : null
  if ((code !== null || read !== null) && description !== null) {
    return make({
      code,
      description,
      // A code that is a status: only an error status counts (Intuit's code 100 is no HTTP 100 Continue).
      http: (status(codeValue) ?? 0) >= 400 ? status(codeValue) : http,
      requestId: pickId(
        o,
        'request_id',
        'requestId',
        'trace_id',
        'traceId',
        'correlationId',
        'correlation_id',
        'errorId',
      ),
      strength: 0.75,
    })
  }

  // A serialised exception (`{"name": "TokenExpiredError", "message": "jwt expired"}`, JavaScript's Error and
  // its kin): the name its producer gave it is the code, or its cause's code when it wraps one (`cause: {code}`).
  const name = str(o.name)
  if (description !== null && name !== null && /^[A-Z][A-Za-z\d]{2,80}(?:Error|Exception)$/.test(name)) {
    const cause = obj(o.cause)
    const caused = cause ? str(cause.code) : null
    return make({
      alternatives: caused ? [name] : [],
      code: caused ?? name,
      description,
      requestId: str(pick(o, 'request_id', 'requestId', 'errorId')),
      strength: 0.7,
    })
  }

  const docs = str(o.documentation_url)
  if (description !== null && (docs !== null || (http !== null && http >= 400 && Object.keys(o).length <= 12))) {
    return make({
      description,
      errorUri: docs,
      hosts: docs && hostOf(docs) ? [{host: hostOf(docs)!, role: 'error_uri'}] : [],
      strength: 0.6,
    })
  }

  return null
}
