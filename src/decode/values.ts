/** Small readers for loosely typed values (a status may be 401 or "401"; a code may be a number). */
import type {Json, JsonObject} from './relaxed-json.js'

export function str(v: unknown): null | string {
  if (typeof v === 'string') return v.trim() === '' ? null : v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

/** An HTTP status (100..599) from a number or a numeric string, else null. */
export function status(v: unknown): null | number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{3}\s*$/.test(v) ? Number(v) : Number.NaN
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null
}

export function obj(v: unknown): JsonObject | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : null
}

/** A key looked up without regard to case or `-`/`_` (`Request-Id`, `request_id`, `requestId`). */
export function pick(o: JsonObject, ...names: string[]): Json | undefined {
  return pickWhere(o, () => true, names)
}

/** pick's first value under one of the names that `accept` takes. */
function pickWhere(o: JsonObject, accept: (v: Json) => boolean, names: string[]): Json | undefined {
  const key = (n: string) => n.toLowerCase().replace(/[-_]/g, '')
  const wanted = new Set(names.map(key))
  for (const [k, v] of Object.entries(o)) if (wanted.has(key(k)) && accept(v)) return v
  return undefined
}

/**
 * The one rule for "this name carries a request, trace or correlation id", whatever the vendor and the syntax
 * (`x-request-id`, `X-Notion-Request-Id`, `paypal-debug-id`, `sforce-call-id`, `activityid`, `Correlation ID`,
 * `traceId`, `errorId`): the name, lower-cased without separators, ends in one of these.
 */
/** The words before `id` that make a request-id name; signals.ts builds its labelled-id reader from the same list. */
export const REQUEST_ID_WORDS = 'request|req|trace|correlation|activity|debug|call|transaction|error|log'
const REQUEST_ID_ENDINGS = new RegExp(`(?:${REQUEST_ID_WORDS})id$`)

export function isRequestIdName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z\d]/g, '')
  return n.length <= 60 && REQUEST_ID_ENDINGS.test(n)
}

/**
 * The request id a body keeps under one of these names: the first that is one token. A placeholder the poster put
 * in (`"trace_id": "<REMOVED>"`) is none, and the next name may hold the id.
 */
export function pickId(o: JsonObject, ...names: string[]): null | string {
  return str(
    pickWhere(
      o,
      (v) => {
        const value = str(v)
        return value !== null && isIdToken(value)
      },
      names,
    ) ?? null,
  )
}

/** One token that may be an id (`req_abc123`, `AAAAAAAAAAA`, a UUID), not a placeholder or a sentence. */
export const isIdToken = (v: string): boolean => /^[\w:./=+-]{4,200}$/.test(v)

/** An id's value found by its label alone: one token with a digit in it (not `null`, not a sentence). */
export function isIdValue(v: string): boolean {
  return v.length >= 6 && /\d/.test(v) && isIdToken(v)
}

const CLOSERS = new Map([
  [')', '('],
  [']', '['],
  ['}', '{'],
  ['\u201D', '\u201C'],
  ['\u2019', '\u2018'],
  // Full-width brackets, as Chinese and Japanese text wraps a message (`【微信错误 errcode=40029, errmsg=…】`).
  ['\u3011', '\u3010'],
  ['\u300D', '\u300C'],
  ['\uFF09', '\uFF08'],
])

const OPENERS = new Set(CLOSERS.values())

/** Entra's `Trace ID: …` line (in error_description, MSAL's messages): the server's id of the request. */
export const TRACE_ID = /Trace ID:[ \t]*([\da-f][\da-f-]{7,})/i

/**
 * The description decode reports: cleaned (cleanDescription), and without the error's own code when the message
 * repeats it before a bar (OmniAuth's `CallbackError, csrf_detected | CSRF detected`) or an SDK wraps it in a sentence.
 */
export function cleanMessage(d: null | string, code: null | string): null | string {
  const s = cleanDescription(d)
  if (!s || !code) return s
  // The code repeated after the message in brackets (`Invalid OAuth access token - Cannot parse access token
  // (Code 190)`) is read on its own.
  const tail = /\s*\((?:error[ _]?)?code:?[ \t]*([\w.-]{1,60})\)\.?$/i.exec(s)
  if (tail && tail[1] === code && tail.index > 0) return s.slice(0, tail.index)
  const at = s.indexOf(`${code} | `)
  const rest = at >= 0 && at <= 200 ? s.slice(at + code.length + 3).trim() : ''
  if (rest) return rest
  // An SDK's sentence around the code (botocore: `An error occurred (NotAuthorizedException) when calling the
  // InitiateAuth operation: Incorrect username or password.`): the message is what follows it.
  const wrapped = s.indexOf(`(${code})`)
  const colon = wrapped >= 0 && wrapped <= 200 ? s.indexOf(': ', wrapped) : -1
  const after = colon >= 0 && colon - wrapped <= 120 ? s.slice(colon + 2).trim() : ''
  return after || s
}

/**
 * A description as the provider wrote it, without what the paste wrapped around it: a JSON body kept as a string
 * (`{"message":"Bad credentials",…}`), a key left over from a dump (`message" => "…`), and everything from the
 * first closer that nothing opened (`…client.”}`, `failure] name: …`, `code 43)`).
 */
export function cleanDescription(d: null | string, depth = 0): null | string {
  if (d === null) return null
  let s = d.trim()
  // A body after a wrapper's words (`Backend responded with HTTP400: {"error":{"message":…}}.`) is read the same.
  const brace = s.indexOf('{')
  const body = brace > 0 && /^[^{}"]{1,200}:\s*$/.test(s.slice(0, brace)) ? s.slice(brace).replace(/\.$/, '') : s
  if (depth < 2 && body.startsWith('{') && body.endsWith('}') && body.length <= 20_000) {
    try {
      const top = obj(JSON.parse(body))
      // (Graph's and Google's bodies keep the message one level down: `{"error":{"message":…}}`.)
      const nested = top ? obj(pick(top, 'error')) : null
      const keys = ['error_description', 'message', 'description', 'msg', 'detail', 'errorMessage']
      const inner = (top ? pick(top, ...keys) : undefined) ?? (nested ? pick(nested, ...keys) : undefined)
      if (typeof inner === 'string' && inner.trim()) return cleanDescription(inner, depth + 1)
    } catch {
      // not JSON: kept as written
    }
  }

  s = s.replace(/^[\w.-]{1,40}["']\s*(?:=>|:)\s*["']/, '')
  // Python 2's repr of a unicode string (`u"The given OAuth 2 access token…"`): the prefix is the language's.
  s = s.replace(/^u(?=["'][A-Z])/, '')
  // python-requests' HTTPError (`400 Client Error: Bad Request for url: https://…`): the reason is the message.
  s = s.replace(/^[1-5]\d\d (?:Client|Server) Error: ([^\n]{1,200}?) for url: \S{1,2000}$/, '$1')
  // A browser console's prefix (`Uncaught (in promise) Error: Service not found: …`) is not the provider's text.
  s = s.replace(CONSOLE_PREFIX, '')
  // go-github and Go's url.Error print the request before the message: `GET https://api.github.com/x: 401 Bad
  // credentials []`, `Get "https://sso.example/…": x509: certificate signed by unknown authority`; Go's wrapped
  // errors put their own words first (`OIDC provider setup failed: Get https://…: x509: …`): the cause is last.
  s = s.replace(
    /^(?:[^\n:]{1,200}:[ \t]+)?(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Get|Post|Put|Patch|Delete|Head|Options)[ \t]+"?[a-z][\w+.-]*:\/\/[^\s"]{1,2000}?"?:[ \t]+(?:[1-5]\d\d[ \t]+)?(?=\S)/,
    '',
  )
  // .NET prints an inner exception after ` ---> ` on the same line; PHP where it was thrown (`… in /app/x.php:53`).
  const arrow = s.indexOf(' ---> ')
  if (arrow > 0) s = s.slice(0, arrow)
  s = s.replace(/ in \/?[\w./\\-]{1,300}\.php(?::\d{1,7}| on line \d{1,7})$/, '')
  // (No leading `[ \t]*` in these two: on a long run of spaces it would make them quadratic; trimEnd instead.)
  s = s.replace(/\[\]$/, '').trimEnd()
  // A page's link after the message, as Markdown (`… CodeChallengeMethod [Learn more about this error](https://…)`).
  s = s.replace(/\[[^\]\n]{1,80}\]\(https?:\/\/[^)\s]{1,500}\)$/, '').trimEnd()
  // Ids after the message (Entra's `Trace ID: … Correlation ID: … Timestamp: …`, an SDK's `(Service: …; Status
  // Code: 400; Error Code: …; Request ID: …)`) are the error's request id and codes, read on their own.
  const ids = TRACE_ID.exec(s)
  if (ids && ids.index > 0 && /\s/.test(s[ids.index - 1])) s = s.slice(0, ids.index)
  s = s.replace(/\s\((?:[A-Z][\w ]{0,30}: [^;()]{0,200}; ){2,8}[A-Z][\w ]{0,30}: [^;()]{0,200}\)$/, '')
  // A wrapper's message that names its cause (`Callback handler failed. CAUSE: access_denied (The user has…)`):
  // the cause is the error, and a code before it in brackets leaves its message.
  let cause: string | undefined
  for (const m of s.matchAll(/(?:^|[\s.])(?:CAUSE|Caused by):[ \t]+(?=\S)/g)) cause = s.slice(m.index + m[0].length)
  if (cause) s = /^[a-z][a-z\d_]{2,60}[ \t]+\((.+)\)$/.exec(cause)?.[1] ?? cause
  const open = new Map<string, number>()
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    // `ESC ]` and `ESC [` open terminal sequences, not text: they are cleaned where text reaches the terminal.
    if (s[i - 1] === '\u001B') continue
    // A closing curly quote between letters is an apostrophe (`couldn’t`), not a closer.
    const apostrophe = c === '\u2019' && /\p{L}/u.test(s[i - 1] ?? '') && /\p{L}/u.test(s[i + 1] ?? '')
    const opener = apostrophe ? undefined : CLOSERS.get(c)
    if (opener === undefined) {
      if (OPENERS.has(c)) open.set(c, (open.get(c) ?? 0) + 1)
      continue
    }

    const n = open.get(opener) ?? 0
    if (n === 0) {
      s = s.slice(0, i)
      break
    }

    open.set(opener, n - 1)
  }

  s = s.replace(/[\s,;:]+$/, '')
  // A quote left at one end with no partner anywhere else (`…expired"` cut from a dump) goes; a quoted word stays.
  const isQuote = (c: string | undefined) => c === '"' || c === "'" || c === '`'
  // Counted per kind: an apostrophe inside (`doesn't`) is no partner of a double quote at one end.
  const count = (run: string) => [...new Set(run)].reduce((n, q) => n + s.split(q).length - 1, 0)
  let lead = 0
  while (isQuote(s[lead])) lead++
  let trail = 0
  while (trail < s.length && isQuote(s[s.length - 1 - trail])) trail++
  if (lead > 0 && lead === count(s.slice(0, lead))) s = s.slice(lead)
  else if (trail > 0 && trail === count(s.slice(s.length - trail))) s = s.slice(0, s.length - trail)
  // The whole message in one pair of quotes (`'Invalid audience'`, a repr's): the quotes are the paste's.
  else if (lead === 1 && trail === 1 && s[0] === s[s.length - 1] && s.length > 2 && count(s[0]) === 2)
    s = s.slice(1, -1)
  return s.trim() || null
}

/** A browser console's prefix for an exception nobody caught (`Uncaught (in promise)`), as a pattern source. */
export const UNCAUGHT = 'uncaught(?:[ \\t]+\\(in promise\\))?'
const CONSOLE_PREFIX = new RegExp(`^${UNCAUGHT}[ \\t]+(?:Error:[ \\t]+)?(?=\\S)`, 'i')

/**
 * A reading that is not a message at all: a field with a number (`code: 401`, `status: 401`, `code:-1`), the
 * source line that raised it (`data['errors']`, `http_error_msg, response=self`). Another reading of the same
 * error may have the message.
 */
export function isNotAMessage(d: null | string): boolean {
  if (d === null) return false
  const s = d.trim()
  return (
    /^["']?[\w.-]{1,40}["']?[ \t]*[:=][ \t]*-?\d{1,12}[,;]?$/.test(s) ||
    /^[\w.]{1,80}\[["'][\w-]{1,80}["']\]$/.test(s) ||
    /^[\w.]{1,80}(?:,[ \t]*[\w.]{1,80}=[\w.]{1,80})+$/.test(s)
  )
}

/** A copy small enough to print: depth, keys, array items and string lengths are bounded. */
export function bounded(v: unknown, depth = 4): unknown {
  if (typeof v === 'string') return v.length > 2000 ? `${v.slice(0, 2000)}…` : v
  if (typeof v !== 'object' || v === null) return v
  if (depth <= 0) return Array.isArray(v) ? '[…]' : '{…}'
  if (Array.isArray(v)) return v.slice(0, 20).map((x) => bounded(x, depth - 1))
  const out: Record<string, unknown> = {}
  // defineProperty, not assignment: a pasted `__proto__` key stays a field instead of replacing the prototype.
  for (const [k, x] of Object.entries(v).slice(0, 60))
    Object.defineProperty(out, k, {configurable: true, enumerable: true, value: bounded(x, depth - 1), writable: true})
  return out
}

/** `https://Login.Example.com:443/x` -> `login.example.com`; null when it is not an absolute URL. */
export function hostOf(url: string): null | string {
  const m = /^[a-z][\w+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[^\]]+\]|[^:/?#\s'"<>]+)/i.exec(url.trim())
  return m ? m[1].toLowerCase().replace(/\.$/, '') : null
}

/** `+` and percent decoding (application/x-www-form-urlencoded), done once; bad escapes are kept as they are. */
export function formDecode(value: string, plus = true): string {
  const v = plus ? value.replace(/\+/g, ' ') : value
  try {
    return decodeURIComponent(v)
  } catch {
    return v.replace(/(?:%[\da-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}

/** Decode once; decode again when the value is still visibly percent-encoded (double-encoded redirects). */
export function decodeParam(value: string): string {
  const once = formDecode(value)
  if (/%[2-7][\da-f]/i.test(once)) {
    const twice = formDecode(once, false)
    if (twice !== once) return twice
  }

  return once
}

/**
 * A code as the sender wrote it, without what the text around it left on its end: surrounding quotes or
 * backticks, a closing bracket it never opened, a trailing full stop or comma (`error=invalid_token).` in a
 * sentence that quotes a header). Codes with balanced brackets (`[Exception]`) keep them.
 */
export function cleanCode(code: null | string): null | string {
  if (code === null) return null
  let c = code.trim()
  const count = (ch: string) => c.split(ch).length - 1
  for (let guard = 0; guard < 8 && c.length > 1; guard++) {
    const first = c[0]
    const last = c.at(-1)!
    const opener = CLOSERS.get(last)
    // A code with spaces is a title (RFC 9457's `title` standing for the code): its full stop is its own.
    if (/[.,;:!?]/.test(last) && !/\s/.test(c)) c = c.slice(0, -1)
    else if (opener !== undefined && count(opener) < count(last)) c = c.slice(0, -1)
    else if (/["'`]/.test(first) && first === last && c.length > 2) c = c.slice(1, -1)
    else if (/["'`]/.test(last) && count(last) === 1) c = c.slice(0, -1)
    else if (/["'`]/.test(first) && count(first) === 1) c = c.slice(1)
    else break
    c = c.trim()
  }

  return c.length > 0 ? c : null
}

/** Does a string look like a machine-readable code rather than a word of prose? */
export function looksLikeCode(v: string): boolean {
  if (v.length < 2 || v.length > 100 || /\s/.test(v)) return false
  if (/^(?:null|none|nil|undefined|true|false|error|errors|unknown|n\/a)$/i.test(v)) return false
  return (
    /^[a-z][a-z\d]*(?:[_.:-][a-z\d]+)+$/i.test(v) || // snake_case, dotted, kebab
    /^(?:[A-Z][a-z]+){2,}\d*$/.test(v) || // CamelCase: two or more capitalised words
    /^[A-Z][A-Z\d]*(?:_[A-Z\d]+)+$/.test(v) || // UPPER_SNAKE
    /^[A-Z]{1,10}\d{2,}$/.test(v) // AADSTS50011, E0000011, IDX10223
  )
}

export const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** Is this text the reason phrase of an HTTP status ("Unauthorized", "Bad Request", "Payload Too Large")? */
export function isReasonPhrase(text: string): boolean {
  const t = text.trim().toLowerCase()
  return (
    Object.values(REASON_PHRASES).some((p) => p.toLowerCase() === t) ||
    ['payload too large', 'unprocessable entity', 'request entity too large'].includes(t)
  )
}
