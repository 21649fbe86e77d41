/**
 * The paste before anything reads it: size and binary checks, then the wrappers people leave around what they
 * copied (whitespace, "> " quote markers, code fences, surrounding quotes, a "Bearer " prefix, terminal colours,
 * a log prefix repeated on every line). Everything here is linear in the input.
 */
import {UsageError} from '../errors.js'
import {clean} from '../render/text.js'
import type {InputKind} from './types.js'

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} kB`
  return `${n} bytes`
}

export function tooLarge(bytes: number, maxBytes: number, atLeast = false): UsageError {
  return new UsageError(
    `the input is ${atLeast ? 'more than ' : ''}${formatBytes(atLeast ? maxBytes : bytes)}, over the ${formatBytes(maxBytes)} limit`,
    [
      'paste only the failing response or the log lines around it',
      `or raise the limit: --max-bytes ${atLeast ? maxBytes * 2 : bytes}`,
    ],
    'INPUT_REJECTED',
  )
}

export function binaryInput(): UsageError {
  return new UsageError(
    'the input looks binary, not text (NUL bytes or invalid UTF-8); decode reads URLs, response bodies, headers, curl output, JWTs and logs',
    ['errcode decode --file response.txt (a text file)', "errcode decode 'https://app.example/cb?error=access_denied'"],
    'INPUT_REJECTED',
  )
}

/**
 * Binary: a NUL byte, many control characters, or many invalid UTF-8 sequences in the first 64 kB. Terminal
 * colour codes (ESC) and form feeds are fine; they occur in copied logs.
 */
export function isBinary(data: string | Uint8Array): boolean {
  if (typeof data === 'string') {
    const sample = data.slice(0, 65_536)
    if (sample.includes('\u0000')) return true
    let controls = 0
    for (let i = 0; i < sample.length; i++) {
      const c = sample.charCodeAt(i)
      if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11 && c !== 27) controls++
    }

    return controls > 8 && controls > sample.length * 0.05
  }

  const sample = data.subarray(0, 65_536)
  if (sample.includes(0)) return true
  let controls = 0
  for (const b of sample) if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 27) controls++
  if (controls > 8 && controls > sample.length * 0.05) return true
  // A cut at 64 kB may split one multi-byte character; leave the last 3 bytes out.
  const text = new TextDecoder('utf-8').decode(sample.length === 65_536 ? sample.subarray(0, 65_533) : sample)
  let bad = 0
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++
  return bad > 8 && bad > text.length * 0.01
}

/** Turn the bytes into text, refusing what is too large or binary (usage errors, exit 2). */
export function inputText(data: string | Uint8Array, maxBytes: number): {bytes: number; text: string} {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length
  if (bytes > maxBytes) throw tooLarge(bytes, maxBytes)
  if (isBinary(data)) throw binaryInput()
  const text = typeof data === 'string' ? data : new TextDecoder('utf-8').decode(data)
  return {bytes, text}
}

export interface Unwrapped {
  /** An Authorization value (`Bearer x`, `Authorization: Bearer x`): the token is a secret. */
  authorization: null | string
  text: string
}

const FENCE = /^\s*(```|~~~)[\w+-]*\s*$/

/** Remove the wrappers around a paste. The result is what the extractors read. */
export function unwrapPaste(raw: string): Unwrapped {
  let text = clean(raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'))
  let authorization: null | string = null
  for (let round = 0; round < 4; round++) {
    const before = text
    text = text.trim()
    text = stripQuoteMarkers(text)
    const lines = text.split('\n')
    if (lines.length >= 2 && FENCE.test(lines[0]) && FENCE.test(lines.at(-1)!)) text = lines.slice(1, -1).join('\n')
    const quoted = /^(["'`])([\s\S]*)\1$/.exec(text)
    if (quoted && !quoted[2].includes(quoted[1])) text = quoted[2]
    // A lone Authorization value: the token is what to decode (a JWT) and a secret to mask.
    const auth = /^(?:(?:proxy-)?authorization\s*:\s*)?(?:bearer|dpop)\s+([\w~+/.=-]+)$/i.exec(text)
    if (auth) {
      authorization = auth[1]
      text = auth[1]
    }

    if (text === before) break
  }

  return {authorization, text}
}

/** Markdown / e-mail quoting: strip "> " while every non-empty line carries it. */
function stripQuoteMarkers(text: string): string {
  let out = text
  for (let level = 0; level < 3; level++) {
    const lines = out.split('\n')
    const body = lines.filter((l) => l.trim() !== '')
    if (body.length === 0 || !body.every((l) => /^\s*>/.test(l))) break
    out = lines.map((l) => l.replace(/^\s*> ?/, '')).join('\n')
  }

  return out
}

const LINE_TIMESTAMP = /^\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?\]?[ \t]+/

/**
 * A prefix repeated on most lines (Android logcat `D/Tag( 123): `, a container name, `< ` from curl -v) breaks
 * JSON that spans lines. Find the longest common prefix of the lines that share the most common first characters,
 * cut back to a separator, and drop it from those lines. Returns the text unchanged when there is none.
 */
export function stripLinePrefix(text: string): string {
  let lines = text.split('\n')
  let body = lines.filter((l) => l.trim() !== '')
  if (body.length < 3) return text
  // A timestamp that differs from line to line (Heroku's `2019-12-13T18:32:27.049635+00:00 app[web.1]: `) hides
  // the prefix that follows it: it goes first, from the lines that start with one, when most do.
  const stamped = body.filter((l) => LINE_TIMESTAMP.test(l)).length
  if (stamped >= 3 && stamped >= body.length * 0.6) {
    lines = lines.map((l) => l.replace(LINE_TIMESTAMP, ''))
    body = lines.filter((l) => l.trim() !== '')
    text = lines.join('\n')
  }

  const groups = new Map<string, string[]>()
  for (const l of body) {
    const key = l.slice(0, 3)
    const g = groups.get(key)
    if (g) g.push(l)
    else groups.set(key, [l])
  }

  const group = [...groups.values()].sort((a, b) => b.length - a.length)[0]
  if (group.length < 3 || group.length < body.length * 0.6) return text
  let prefix = group[0].slice(0, 80)
  for (const l of group) {
    let i = 0
    while (i < prefix.length && i < l.length && prefix[i] === l[i]) i++
    prefix = prefix.slice(0, i)
  }

  // Cut back to a separator so a prefix never ends inside a word, a number or a quoted key.
  const cut = Math.max(
    prefix.lastIndexOf(': '),
    prefix.lastIndexOf('| '),
    prefix.lastIndexOf('] '),
    prefix.lastIndexOf('> '),
    prefix.lastIndexOf('< '),
  )
  prefix = cut >= 0 ? prefix.slice(0, cut + 2) : ''
  if (prefix.trim().length < 1 || /^[\s{["']/.test(prefix)) return text
  return lines.map((l) => (l.startsWith(prefix) ? l.slice(prefix.length) : l)).join('\n')
}

/** Inputs larger than this are scanned in windows around the places an error is likely to be. */
export const WHOLE_SCAN_LIMIT = 512 * 1024
const WINDOW_BEFORE = 4096
const WINDOW_AFTER = 8192
const MAX_WINDOWS = 64

const STRONG_ANCHOR =
  /[?&#]error=|["']?error["']?\s*(?:[:=]|=>)\s*["'{]|error_description|errorCode|errorSummary|AADSTS\d|WWW-Authenticate|HTTP\/\d(?:\.\d)? [45]\d\d|(?<![\w-])eyJ(?=([\w-]{8,}))\1\.eyJ|"ok"\s*:\s*false|problem\+json|__type|E0000\d{3}/gi
const WEAK_ANCHOR = /\b(?:error|exception|denied|unauthori[sz]ed|forbidden|invalid|failed)\b/gi

/**
 * For a large input (a whole log), the windows of text around likely errors, joined by blank lines. Linear:
 * one regex pass, at most MAX_WINDOWS windows of about 12 kB each.
 */
export function selectRegions(text: string): {text: string; windows: number} {
  if (text.length <= WHOLE_SCAN_LIMIT) return {text, windows: 0}
  const hits: number[] = []
  for (const anchor of [STRONG_ANCHOR, WEAK_ANCHOR]) {
    anchor.lastIndex = 0
    let m
    while (hits.length < MAX_WINDOWS && (m = anchor.exec(text))) {
      hits.push(m.index)
      // One window covers the hits near it; jump past it.
      anchor.lastIndex = Math.max(anchor.lastIndex, m.index + WINDOW_AFTER)
    }

    if (hits.length > 0) break
  }

  if (hits.length === 0) return {text: text.slice(0, WHOLE_SCAN_LIMIT), windows: 1}
  hits.sort((a, b) => a - b)
  const spans: [number, number][] = []
  for (const h of hits) {
    let start = Math.max(0, h - WINDOW_BEFORE)
    let end = Math.min(text.length, h + WINDOW_AFTER)
    const nl = text.lastIndexOf('\n', start)
    if (nl >= 0 && start - nl < 512) start = nl + 1
    const nr = text.indexOf('\n', end)
    if (nr >= 0 && nr - end < 512) end = nr
    const last = spans.at(-1)
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else spans.push([start, end])
  }

  return {text: spans.map(([s, e]) => text.slice(s, e)).join('\n\n'), windows: spans.length}
}

const JWT_ONLY = /^eyJ[\w-]+\.[\w-]+\.[\w-]*(?:\.[\w-]+\.[\w-]*)?$/
const STATUS_LINE = /^(?:[<*] ?)?HTTP\/\d(?:\.\d)?\s+\d{3}\b/m
const CHALLENGE_START =
  /^(?:www-authenticate\s*:\s*)?(?:Bearer|DPoP|Basic|Digest|Negotiate|MAC|HOBA|Mutual|OAuth)(?:\s+[\w-]+=|\s*$)/i

/** What the paste is as a whole; anything mixed (a log with a body inside) is `text`. */
export function classifyInput(text: string): InputKind {
  const t = text.trim()
  const head = t.slice(0, 65_536)
  if (JWT_ONLY.test(t)) return 'jwt'
  if (!/\s/.test(t) && /(?:^|[?&#/])error(?:_code)?=/.test(t)) return 'callback_url'
  if (/<form\b[^>]{0,400}>[\s\S]{0,4000}name=["']?error["']?/i.test(head)) return 'callback_url'
  if (CHALLENGE_START.test(t) && !t.includes('\n')) return 'www_authenticate'
  const firstLines = head.split('\n').slice(0, 40)
  const curlish =
    firstLines.filter((l) => /^[*<>] /.test(l)).length + (/^(?:[$%#>] )?\S*\bcurl\b/.test(firstLines[0]) ? 2 : 0)
  if (STATUS_LINE.test(firstLines.slice(0, 3).join('\n')) || (curlish >= 2 && STATUS_LINE.test(head)))
    return 'http_response'
  if (/^[{[]/.test(t) && /[}\]]$/.test(t)) return 'json_body'
  if (/^(?:<!doctype html|<html\b)/i.test(t)) return 'html'
  return 'text'
}
