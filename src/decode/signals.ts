/**
 * Facts about the paste as a whole that its errors share: HTTP statuses (a status line, `status=400`,
 * `(HTTP 400)`, `401 Unauthorized`), response headers in any syntax (curl -i lines, Python/JS/Ruby header dicts,
 * Node's rawHeaders list), request ids and the hosts the request went to. One regex pass each; every regex is
 * free of nested quantifiers and of whitespace runs side by side (an optional `:` sits in a group with its own
 * whitespace), so each pass is linear.
 */
import type {HostRole, Signals} from './types.js'
import {hostOf, isIdValue, isRequestIdName, REASON_PHRASES, REQUEST_ID_WORDS} from './values.js'

const STATUS_PATTERNS: [RegExp, number][] = [
  [/^[ \t:<*]{0,4}HTTP\/\d(?:\.\d)?[ \t]+([1-5]\d\d)\b/gm, 1],
  [/\bHTTP[ \t/]?(?:error|status|code)?[ \t]*(?::[ \t]*)?([1-5]\d\d)\b/gi, 0.9],
  [
    /\b(?:status(?:[ _-]?code)?|statusCode|http_?status(?:_?code)?|httpStatus(?:Code)?)["']?[ \t]*(?:[=:]|=>)[ \t]*["']?([1-5]\d\d)\b/gi,
    0.85,
  ],
  [
    /\b(?:returned|responded with|failed with|with status(?: code)?|status code|got|received)[ \t]+(?:an?[ \t]+)?(?:HTTP[ \t]*)?(?:error[ \t]*)?(?::[ \t]*)?([1-5]\d\d)\b/gi,
    0.75,
  ],
  [/<HttpError ([1-5]\d\d)\b/g, 0.8],
  [/(?:=>|->|==>|→)[ \t]*([1-5]\d\d)\b/g, 0.6],
  [/\((?:HTTP[ \t]*)?([1-5]\d\d)\)/g, 0.6],
  [/[ \t][-–][ \t]([45]\d\d)[ \t]*$/gm, 0.5],
  // An access log's request and status (`"POST /api/auth/token HTTP/2.0" 401 43`, nginx and Apache's format).
  [/"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^"\s]{1,2000} HTTP\/\d(?:\.\d)?" ([1-5]\d\d) /g, 0.7],
]

const REASON = new RegExp(
  `\\b([1-5]\\d\\d)(?:[ \\t]*:)?[ \\t]+(${Object.values(REASON_PHRASES).join('|')}|Payload Too Large|Unprocessable Entity)\\b`,
  'gi',
)

// Cheap tests first: most pastes are short, and compiling a dozen regexes nobody needs is most of their cost.
const HAS_NUMBER = /[1-5]\d\d/
const HAS_HEADER = /x-|-id\b|server|retry-after|content-type|location|dpop-nonce|^</im
const HAS_TARGET = /:\/\/|\bhost:|connected to|trying /i

export function findStatuses(text: string, signals: Signals): void {
  if (!HAS_NUMBER.test(text)) return
  for (const [re, strength] of STATUS_PATTERNS) {
    re.lastIndex = 0
    let m
    let n = 0
    while ((m = re.exec(text)) && n++ < 200) signals.statuses.push({offset: m.index, status: Number(m[1]), strength})
  }

  REASON.lastIndex = 0
  let m
  let n = 0
  while ((m = REASON.exec(text)) && n++ < 200) {
    const status = Number(m[1])
    if (REASON_PHRASES[status]?.toLowerCase() === m[2].toLowerCase() || status === 413 || status === 422) {
      signals.statuses.push({offset: m.index, status, strength: 0.8})
    }
  }
}

// Header names that read as headers in any syntax: x-*, the standard ones errcode uses, and a vendor's request-id
// header by the one request-id rule (`box-request-id`, `sforce-call-id`). Vendors' other headers (`sforce-*`)
// are named by their records and found in a response's header lines below.
const HEADER_LINE = new RegExp(
  `(?:^|[\\s{,'"([>])['"]?(x-[\\w-]{1,60}|request-id|client-request-id|server|retry-after|content-type|location|dpop-nonce|[a-z][a-z\\d]{0,30}(?:-[a-z\\d]{1,30})?-(?:${REQUEST_ID_WORDS})-id)['"]?[ \\t]*(?:=>|:|=|['"],\\s*['"])[ \\t]*['"]?([^'"\\n,}\\]]{0,400})`,
  'gim',
)
/** A response's header lines as curl -v prints them (`< name: value`): every name, whatever it is. */
const RESPONSE_HEADER = /^<[ \t]?([A-Za-z][\w-]{0,60}):[ \t]*([^\r\n]{0,400})/gm

export function findHeaders(text: string, signals: Signals): void {
  if (!HAS_HEADER.test(text)) return
  for (const re of [HEADER_LINE, RESPONSE_HEADER]) {
    re.lastIndex = 0
    let m
    while ((m = re.exec(text)) && signals.headers.length < 400) {
      const [name, value] = [m[1].toLowerCase(), m[2].trim()]
      // A line both readers see is one header.
      if (!signals.headers.some((h) => h.name === name && h.value === value)) addHeader(m[1], m[2], m.index, signals)
    }
  }
}

export function addHeader(rawName: string, rawValue: string, offset: number, signals: Signals): void {
  const name = rawName.toLowerCase()
  const value = rawValue.trim()
  if (!value) return
  signals.headers.push({name, offset, value})
  if (isRequestIdName(name) && isIdValue(value)) addRequestId(name, value, offset, signals)
  if (name === 'location') {
    const host = hostOf(value)
    if (host) signals.hosts.push({host, offset, role: 'callback'})
  }
}

function addRequestId(name: string, value: string, offset: number, signals: Signals): void {
  if (!signals.requestIds.some((r) => r.offset === offset && r.value === value))
    signals.requestIds.push({name, offset, value})
}

// A labelled id anywhere: a header in any syntax (`'x-notion-request-id': [ '…' ]`, `x_request_id: …`), an error
// page's `Request Id: …`, a log's `correlationId='…'`, an SDK's `Correlation+ID:+…`. The name part is bounded and
// ends in a literal, the value is one token: linear.
const LABELLED_ID = new RegExp(
  `(?:^|[^\\w-])((?:[A-Za-z][\\w-]{0,40}?)?(?:${REQUEST_ID_WORDS})[ _+-]?id)["']?[ \\t]*(?:=>|:|=)[ \\t+]*(?:\\[[ \\t]*)?["']?([\\w:./=+-]{6,200})`,
  'gi',
)

/** Request ids under the generic names, and under the records' own names (`named`, evidence.ts). */
export function findRequestIds(text: string, signals: Signals, named: null | RegExp = null): void {
  if (named) {
    named.lastIndex = 0
    let m
    let n = 0
    while ((m = named.exec(text)) && n++ < 100) {
      const value = m[2].replace(/[.,;:]+$/, '')
      if (isIdValue(value)) addRequestId(m[1].toLowerCase(), value, m.index, signals)
    }
  }

  if (!/id\b|ids?["'\s:=+]/i.test(text)) return
  LABELLED_ID.lastIndex = 0
  let m
  let n = 0
  while ((m = LABELLED_ID.exec(text)) && n++ < 100) {
    const value = m[2].replace(/[.,;:]+$/, '')
    if (isRequestIdName(m[1]) && isIdValue(value)) addRequestId(m[1].toLowerCase(), value, m.index, signals)
  }
}

/** Where a request went, each with a marker that must occur before its pattern is worth compiling and running. */
const REQUEST_TARGETS: [marker: RegExp, re: RegExp][] = [
  [
    /connected to|trying|established/i,
    /^\*[ \t]+(?:Connected to|Trying|Established connection to)[ \t]+([\w.-]+\.[a-z]{2,})/gim,
  ],
  [/host:/i, /^(?:>[ \t]*)?Host:[ \t]*([\w.-]+\.[a-z]{2,})/gim],
  [/curl/i, /\bcurl\b[^\n]{0,2000}?(https?:\/\/[^\s'"\\]+)/gi],
  [
    /(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Get|Post)[ \t]/,
    /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Get|Post)[ \t]+\\?["']?(https?:\/\/[^\s"'\\]+)/g,
  ],
  [
    /calling|requesting|request to|fetching|url/i,
    /\b(?:calling|requesting|request to|fetching|requesting url|url)[ \t:]+\\?["']?(https?:\/\/[^\s"'\\]+)/gi,
  ],
  [/HTTP[ \t]+\d/, /\bHTTP[ \t]+\d{3}[ \t]+(https?:\/\/[^\s"'\\]+)/g],
]

const URL = /\b[a-z][\w+.-]{1,20}:\/\/[^\s"'<>`\\]{1,2000}/gi

/** Hosts the request went to (strong evidence of the provider), then every other URL's host (weak). */
export function findHosts(text: string, signals: Signals): void {
  const add = (value: string, offset: number, role: HostRole) => {
    // A URL carrying error/code/state is a callback to the client's own app, not the provider's endpoint.
    if (role === 'request' && /[?#&](?:error|code|state)=/.test(value)) role = 'callback'
    const host = value.includes('://') ? hostOf(value) : value.toLowerCase()
    if (host && !signals.hosts.some((h) => h.host === host && h.role === role)) signals.hosts.push({host, offset, role})
  }

  if (!HAS_TARGET.test(text)) return
  for (const [marker, re] of REQUEST_TARGETS) {
    if (!marker.test(text)) continue
    re.lastIndex = 0
    let m
    let n = 0
    while ((m = re.exec(text)) && n++ < 50) add(m[1], m.index, 'request')
  }

  URL.lastIndex = 0
  let m
  let n = 0
  while ((m = URL.exec(text)) && n++ < 300) add(m[0], m.index, 'mention')
}

/** The status nearest to an error (a status line usually comes before its body; `(HTTP 400)` after it). */
export function nearestStatus(signals: Signals, offset: number, preferError = true): null | number {
  let best: null | {score: number; status: number} = null
  for (const s of signals.statuses) {
    const distance = Math.abs(s.offset - offset)
    const score =
      s.strength * 2 - distance / 2000 + (preferError && s.status >= 400 ? 0.3 : 0) + (s.offset <= offset ? 0.05 : 0)
    if (!best || score > best.score) best = {score, status: s.status}
  }

  return best?.status ?? null
}

/** The id nearest the error; a correlation id only when no request or trace id is near it. */
export function nearestRequestId(signals: Signals, offset: number): null | string {
  let best: null | {distance: number; value: string} = null
  for (const r of signals.requestIds) {
    // A correlation id is the one the client sent: a request or trace id of the same block names the server's.
    const distance = Math.abs(r.offset - offset) + (/correlation/i.test(r.name) ? 300 : 0)
    if (!best || distance < best.distance) best = {distance, value: r.value}
  }

  return best?.value ?? null
}
