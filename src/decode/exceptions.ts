/**
 * Errors as languages and libraries print them, with no body around them: an exception or error class and its
 * message (`TokenExpiredError: jwt expired`, `javax.net.ssl.SSLHandshakeException: PKIX path building failed`,
 * `CallbackHandlerError: ... (code: ERR_CALLBACK_HANDLER_FAILURE)`), a bracketed code before a message
 * (`[firebase_auth/invalid-credential] Invalid access_token`, `[invalid_token_response] ...`), and `Error 102: ...`.
 * Class names only: nothing here knows a vendor. Lines are cut at 4 kB first; no pattern nests quantifiers.
 */
import {type RawError, rawError} from './types.js'
import {looksLikeCode, REASON_PHRASES} from './values.js'

const MAX_LINE = 4096
const CLASS =
  /(?<![\w$])((?:[a-z_$][\w$]{0,40}[.:\\]{1,2}|[A-Z][\w$]{0,40}::){0,12})([A-Z][A-Za-z\d]{0,80}?(?:Error|Exception|Fault))\b/g
const BRACKETED = /\[([A-Za-z][\w-]{1,60}(?:[/.][\w-]{1,60}){0,2})\]/g
const NUMBERED = /\berror\s+(\d{2,6})\s*:\s+(\S[^\n]{1,500})/gi
const CODE_IN_MESSAGE = /\((?:code|error_code|errorCode):\s*([\w.:/-]{2,100})\)\s*\.?$/

/** Class names that say nothing about the error (the message does): they are not its code. */
const GENERIC = new Set([
  'Error',
  'Exception',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'RuntimeException',
  'IllegalStateException',
  'IllegalArgumentException',
  'UnhandledPromiseRejection',
  'FetchError',
  'AxiosError',
  'HttpError',
  'HTTPError',
  'RequestError',
  'ResponseError',
  'ClientError',
  'ServerError',
  'ApiError',
  'APIError',
  'StatusCodeError',
  'WebException',
  'AggregateException',
  'InternalServerError',
])

/** Words that only say "an HTTP call failed": with the status's own reason phrases they make a class generic. */
const TRANSPORT_WORDS = new Set([
  'api',
  'call',
  'client',
  'http',
  'request',
  'response',
  'server',
  'service',
  'status',
  'web',
])
const REASON_WORDS = new Set(Object.values(REASON_PHRASES).flatMap((p) => p.toLowerCase().split(/[\s-]+/)))

/**
 * `BadRequestError`, `UnauthorizedException`, `HTTPStatusError`: a class named after the status or the transport
 * says no more than the status line; the message (or a code inside it) is the error.
 */
export function isGenericClass(name: string): boolean {
  if (GENERIC.has(name)) return true
  const words = name
    .replace(/(?:Error|Exception|Fault)$/, '')
    .split(/(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .map((w) => w.toLowerCase())
    .filter(Boolean)
  return words.length > 0 && words.every((w) => TRANSPORT_WORDS.has(w) || REASON_WORDS.has(w))
}

/** Words in brackets that are log furniture, not codes. */
const NOT_CODES =
  /^(?:error|errors|warn|warning|info|debug|trace|fatal|err|log|main|object|api|http|https|ERROR|WARN|INFO|DEBUG|TRACE|FATAL)$/

function clean(message: string): string {
  return message
    .replace(/\s+at\s+[\w$.<>]+\s*\(.*$/, '')
    .replace(/^["'`]+|["'`,;]+$/g, '')
    .trim()
}

export function exceptionErrors(
  text: string,
  isKnownCode: (code: string) => boolean,
  isFormatCode: (code: string) => boolean = () => false,
): RawError[] {
  const out: RawError[] = []
  let offset = 0
  for (const raw of text.split('\n')) {
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw
    if (out.length < 40) readLine(line, offset, out, isKnownCode, isFormatCode)
    offset += raw.length + 1
  }

  return out
}

function readLine(
  line: string,
  offset: number,
  out: RawError[],
  isKnownCode: (code: string) => boolean,
  isFormatCode: (code: string) => boolean,
): void {
  CLASS.lastIndex = 0
  let m
  let position = 0
  while ((m = CLASS.exec(line)) && position < 8) {
    const name = m[2]
    let rest = line.slice(m.index + m[0].length)
    // Cocoa's NSError as its localised description: `The operation couldn’t be completed. (Domain error 1000.)`.
    // The number is the code (the domain's own enum), the sentence around it the message.
    const lead = /\(([\w$.]{0,200})$/.exec(line.slice(Math.max(0, m.index - 201), m.index))
    const cocoa = lead ? /^\s+error\s+(-?\d{1,9})\.?\)/.exec(rest) : null
    if (lead && cocoa) {
      const domain = `${lead[1]}${name}`
      const open = m.index - lead[0].length
      const before = line.slice(Math.max(0, open - 300), open)
      // The sentence starts after its label, the argument list or the quote it sits in.
      const from = Math.max(
        before.lastIndexOf(': ') + 1,
        before.lastIndexOf(', ') + 1,
        before.lastIndexOf('(') + 1,
        before.search(/["'`][^"'`]*$/) + 1,
      )
      const sentence = `${before.slice(from)}${line.slice(open, m.index + m[0].length + cocoa[0].length)}`.trim()
      out.push(
        rawError('text', offset + open, {
          alternatives: [...new Set([domain, name])],
          code: cocoa[1],
          description: sentence,
          fields: {code: cocoa[1], domain},
          strength: 0.6,
        }),
      )
      position++
      continue
    }

    // `FirebaseAuthException ([code] message)`: the message is inside the parentheses.
    let inner: null | string = null
    const paren = /^\s*\(([^()]{1,1000})\)/.exec(rest)
    if (paren) {
      inner = paren[1]
      rest = rest.slice(paren[0].length)
    }

    // Flutter's `PlatformException(ERROR_INVALID_CREDENTIAL, The supplied auth credential…, null)`: code, message
    // and details, in that order.
    const tuple = inner ? /^([A-Za-z][\w-]{2,60}), ([^,\s].*?)(?:, null)?$/.exec(inner) : null
    // (Its message reads as one: a source line's `raise HTTPError(http_error_msg, response=self)` is no such tuple.)
    if (tuple && looksLikeCode(tuple[1]) && /\S\s+\S/.test(tuple[2]) && !tuple[2].includes('=')) inner = tuple[2]
    const colon = /^\s*:\s*(\S.*)$/.exec(rest)
    // The class as an object's name with its message beside it (`name: 'JsonWebTokenError', message: '…'`).
    // A paste cut inside the message leaves it without its closing quote.
    const sibling = /^["'`]?\s*,\s*["']?message["']?\s*[:=]\s*(["'])([^"'\n]{2,500})(?:\1|$)/.exec(rest)
    const message = inner ?? (colon ? colon[1] : sibling ? sibling[2] : null)
    if (!message && !/Exception|Error/.test(rest + name)) continue
    // A chain on one line (`ProcessingException: ...: SSLHandshakeException: PKIX...`): the last is the cause.
    const description = message ? cutAtNextClass(clean(message)) : null
    const coded = description ? CODE_IN_MESSAGE.exec(description) : null
    const bracket = description ? /^\[([\w-]{2,60}(?:[/.][\w-]{1,60}){0,2})\]\s*(.*)$/.exec(description) : null
    // A message that opens with a code the catalog knows or a provider's format (ADFS's `…Exception: MSIS9247:
    // Received invalid…`): the code is the error's, the class its other name; the message keeps its code, as the
    // provider wrote it.
    const leading = description ? /^([A-Za-z][\w.-]{2,40}):\s/.exec(description)?.[1] : undefined
    const opening =
      leading && !/(?:Error|Exception|Fault)$/.test(leading) && (isKnownCode(leading) || isFormatCode(leading))
        ? leading
        : undefined
    const generic = isGenericClass(name)
    // Ruby's and C++'s classes are named with their modules (`Stripe::OAuth::InvalidGrantError`,
    // `opensaml::FatalProfileException`), as their reports quote them; a dotted package path is not part of the
    // name its reports quote (`com.google.firebase.auth.FirebaseAuthInvalidUserException`). The bare name stays an
    // alternative.
    const qualified = m[1].endsWith('::') ? `${m[1]}${name}` : name
    const code =
      coded?.[1] ??
      bracket?.[1] ??
      opening ??
      (tuple && inner === tuple[2] ? tuple[1] : null) ??
      (generic ? null : qualified)
    const text = bracket ? bracket[2] : coded ? description!.slice(0, coded.index).trim() : description
    out.push(
      rawError('text', offset + m.index, {
        // A generic class stays an alternative: a provider's catalog may still know it (Graph's `ServiceException`).
        alternatives: code !== name ? [name] : [],
        code,
        description: text || null,
        fields: {exception: `${m[1]}${name}`, ...(text ? {message: text} : {})},
        strength: (code || message ? 0.5 : 0.3) + Math.min(position, 5) * 0.01 + (code && isKnownCode(code) ? 0.08 : 0),
      }),
    )
    position++
  }

  BRACKETED.lastIndex = 0
  while ((m = BRACKETED.exec(line))) {
    const code = m[1]
    if (NOT_CODES.test(code) || !(/[_/]/.test(code) || isKnownCode(code))) continue
    if (!looksLikeCode(code) && !isKnownCode(code) && !code.includes('/')) continue
    const after = line.slice(m.index + m[0].length).replace(/^\s*[:-]?\s*/, '')
    const description = after && !after.startsWith('[') ? cutAtNextClass(clean(after)) : null
    out.push(
      rawError('text', offset + m.index, {
        code,
        description: description || null,
        fields: {code, ...(description ? {message: description} : {})},
        strength: isKnownCode(code) ? 0.62 : 0.52,
      }),
    )
  }

  NUMBERED.lastIndex = 0
  while ((m = NUMBERED.exec(line))) {
    const code = m[1]
    out.push(rawError('text', offset + m.index, {code, description: clean(m[2]), fields: {code}, strength: 0.5}))
  }
}

/** `msg: javax.net.ssl.SSLHandshakeException: cause` -> `msg` (the cause is read as its own error). */
function cutAtNextClass(message: string): string {
  const next = /(?:^|[\s:])(?:[a-z_$][\w$]{0,40}\.){1,12}[A-Z][A-Za-z\d]{0,80}(?:Error|Exception|Fault):\s/.exec(
    message,
  )
  return next && next.index > 0 ? message.slice(0, next.index).replace(/[:\s]+$/, '') : message
}
