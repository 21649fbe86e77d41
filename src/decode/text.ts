/**
 * Errors in free text and log lines, where no body shape survives: `key=value` pairs (logfmt, Java toString,
 * Keycloak events), labelled lines (labels.ts), and known codes standing in prose
 * (`unauthorized_client: Callback URL mismatch`, `access_denied (The user denied...)`, `OAuth "x" error: y`).
 * Lines are cut at 4 kB before any regex runs; no regex nests quantifiers or puts two whitespace runs side by
 * side (`[ \t]*[:=]?[ \t]+` is quadratic on a line of tabs: an optional separator sits in a group with its own).
 */
import {labelled, nextProse, numericCode} from './labels.js'
import {type RawError, rawError} from './types.js'
import {decodeParam, isIdToken, looksLikeCode} from './values.js'

const MAX_LINE = 4096
const OVERLAP = 512

export interface TextOptions {
  /** Is this a code the catalog knows (any provider)? */
  isKnownCode: (code: string) => boolean
  /** Does it have the format of a provider's own codes (a record's codeFormats: AADSTS50011, E0000011)? */
  isFormatCode: (code: string) => boolean
  /** Is it one of the standard (RFC / OIDC) codes? */
  isStandardCode: (code: string) => boolean
}

export interface Line {
  offset: number
  text: string
}

/** Lines, with very long ones (minified JSON, one-line logs) cut into overlapping pieces so no regex sees more than 4 kB. */
function lines(text: string): Line[] {
  const out: Line[] = []
  let offset = 0
  for (const raw of text.split('\n')) {
    if (raw.length <= MAX_LINE) out.push({offset, text: raw})
    else
      for (let at = 0; at < raw.length; at += MAX_LINE - OVERLAP)
        out.push({offset: offset + at, text: raw.slice(at, at + MAX_LINE)})
    offset += raw.length + 1
  }

  return out
}

// Keys as languages print them: quoted, bare, or in PHP print_r's brackets (`[error] => invalid_client`).
const KEY_VALUE =
  /(?:^|[\s,;({[|])["']?(error|error_code|errorCode|errcode|err_code|error_type|errorType|err|code)[\]"']?[ \t]*(?:=>|[=:])[ \t]*(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s,;)}\]&"']{1,200}))/gi
const SIBLING =
  /(?:^|[\s,;({[|])["']?(error_description|errorDescription|description|message|msg|errmsg|err_msg|state|trace_id|request_id|requestId|correlation_id)[\]"']?[ \t]*(?:=>|[=:])[ \t]*(?:"([^"\n]{1,1000})"|'([^'\n]{1,1000})'|([^\s,;)}\]&"']{1,300}))/gi
// Code shapes worth a catalog lookup: AADSTS50011, snake_case, dotted, UPPER_SNAKE, CamelCase, `ns/kebab-case`.
const TOKEN =
  /(?<![\w./-])([A-Z]{1,10}\d{3,9}|[A-Z]{2,6}\d[A-Z]\d{3,9}|[a-z][a-z\d]*(?:_[a-z\d]+)+|[a-z][a-z\d]*\.[a-z][a-z\d_]+|[A-Z][A-Z\d]*(?:_[A-Z\d]+)+|(?:[A-Z][a-z\d]+){2,6}|[a-z]{2,12}\/[a-z][a-z\d]*(?:-[a-z\d]+)+)(?![\w/-])/g

export function textErrors(text: string, options: TextOptions): RawError[] {
  const out: RawError[] = []
  const all = lines(text)
  for (const [index, line] of all.entries()) {
    if (out.length >= 40) break
    if (!line.text.trim()) continue
    keyValues(all, index, out)
    labelled(all, index, out, options)
    tokens(all, index, out, options)
    quotedPhrases(all[index], out, options)
  }

  return out
}

/** `key: value` siblings of an error: its own line first, then lines of the same block that are one pair each. */
function siblingsOf(all: Line[], index: number): Record<string, string> {
  const siblings: Record<string, string> = {}
  const read = (text: string, whole: boolean) => {
    SIBLING.lastIndex = 0
    let s
    while ((s = SIBLING.exec(text))) {
      // A neighbouring line counts only when it is the pair alone (`'state' => '…',`), not prose that mentions one.
      if (whole && s.index > 0 && /\S/.test(text.slice(0, s.index + 1).replace(/["',]/g, ''))) break
      const key = s[1].toLowerCase()
      // A pair alone on its line runs to the end of it (`Description: The 'redirect_uri' parameter must be…`).
      const bare = s[4] === undefined ? null : text.slice(s.index + s[0].length - s[4].length)
      const value = (
        whole && bare !== null
          ? bare.replace(/[,;]\s*$/, '')
          : bare !== null && MESSAGE_KEY.test(key)
            ? recordValue(bare)
            : (s[2] ?? s[3] ?? s[4])
      ).trim()
      if (!Object.hasOwn(siblings, key) && value && !/^(?:null|none|nil|undefined)$/i.test(value)) siblings[key] = value
      if (whole) break
    }
  }

  read(all[index].text, false)
  for (let d = 1; d <= 6; d++) {
    for (const near of [all[index - d], all[index + d]]) if (near && near.text.trim()) read(near.text, true)
  }

  return siblings
}

const MESSAGE_KEY = /^(?:error_?description|description|message|msg|err_?msg)$/

/**
 * An unquoted message inside a printed record (`Name(error=X,message=OAuth tokens are…)`, Go's `{Error:x
 * ErrorDescription:The code has expired.}`, PHP's `Array ( [error] => x [error_description] => Client auth… )`)
 * runs to the next field or to the bracket that closes the record.
 */
function recordValue(rest: string): string {
  const next = /,[ \t]*[A-Za-z_][\w.-]{0,40}=|(?<![ \t])[ \t]+(?:[A-Z][\w]{0,40}:(?=\S)|\[[\w-]{1,40}\][ \t]*=>)/y
  let depth = 0
  const end = Math.min(rest.length, 1000)
  for (let i = 0; i < end; i++) {
    const c = rest[i]
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return rest.slice(0, i)
      depth--
    } else if (depth === 0 && (c === ',' || c === ' ' || c === '\t')) {
      next.lastIndex = i
      if (next.test(rest)) return rest.slice(0, i)
    }
  }

  return rest.slice(0, end)
}

function keyValues(all: Line[], index: number, out: RawError[]): void {
  const line = all[index]
  KEY_VALUE.lastIndex = 0
  let m
  let siblings: null | Record<string, string> = null
  while ((m = KEY_VALUE.exec(line.text))) {
    const value = (m[2] ?? m[3] ?? m[4]).trim()
    const numeric = numericCode(m[1], value)
    const code = numeric ?? value
    // Not a code (`Error: ClerkAPIError(code: "missing_expired_token"`): the value may hold the real pair, so
    // the search goes on right after the key, not after the value.
    if (numeric === null && !looksLikeCode(code)) {
      KEY_VALUE.lastIndex = m.index + m[0].indexOf(m[1]) + m[1].length
      continue
    }
    siblings ??= siblingsOf(all, index)

    out.push(
      rawError('text', line.offset + m.index, {
        code,
        description:
          siblings.error_description ??
          siblings.errordescription ??
          siblings.description ??
          siblings.message ??
          siblings.msg ??
          siblings.errmsg ??
          siblings.err_msg ??
          null,
        fields: {[m[1]]: code, ...siblings},
        requestId: [siblings.trace_id, siblings.request_id, siblings.requestid].find((v) => v && isIdToken(v)) ?? null,
        standard: m[1].toLowerCase() === 'error' && /^[a-z][a-z\d_]*$/.test(code),
        state: siblings.state ?? null,
        strength: 0.7,
      }),
    )
  }
}

/**
 * A code quoted in its words before the word error (snoowrap's `"Invalid grant" error returned from reddit`): the
 * phrase as written is the code, the wire code it spells an alternative.
 */
function quotedPhrases(line: Line, out: RawError[], options: TextOptions): void {
  if (!line.text.includes('error')) return
  for (const m of line.text.matchAll(
    /["\u201C']([A-Za-z][A-Za-z]{1,30}(?: [A-Za-z]{2,30}){1,3})["\u201D'][ \t]+error\b/g,
  )) {
    const wire = m[1].toLowerCase().replaceAll(' ', '_')
    if (!options.isKnownCode(wire)) continue
    out.push(
      rawError('text', line.offset + m.index, {
        alternatives: [wire],
        code: m[1],
        fields: {code: m[1]},
        standard: options.isStandardCode(wire),
        strength: 0.55,
      }),
    )
  }
}

function tokens(all: Line[], index: number, out: RawError[], options: TextOptions): void {
  const line = all[index]
  TOKEN.lastIndex = 0
  let m
  let n = 0
  while ((m = TOKEN.exec(line.text)) && n++ < 20) {
    const code = m[1]
    const namespaced = options.isFormatCode(code)
    if (!namespaced && !options.isKnownCode(code)) continue
    // Inside a URL or a `key=value` pair whose key is not an error key (`grant_type=refresh_token`): not an error.
    // An error's key may name its message (`MSALErrorDescriptionKey=AADB2C90118:+The+user+has…`).
    const before = line.text.slice(Math.max(0, m.index - 2), m.index)
    const key = /([\w.-]{1,60})["']?\s*[=:]\s*["']?$/.exec(line.text.slice(Math.max(0, m.index - 64), m.index))?.[1]
    if (/[=/?&#]$/.test(before) && !/err|desc|message|reason|detail/i.test(key ?? '')) continue
    let rest = line.text.slice(m.index + code.length)
    // A form-encoded value (`AADB2C90118:+The+user+has+forgotten+their+password.`): read as the words it encodes.
    const encoded = /^:\+[^\s"'}&]{2,1000}/.exec(rest)?.[0]
    if (encoded) rest = decodeParam(encoded).replace(/^:\s*/, ': ')
    let description = descriptionAfter(rest)
    // Microsoft and Okta print the code as part of the message ("IDX10223: Lifetime validation failed...").
    if (description && namespaced && /^\s*:/.test(rest)) description = `${code}: ${description}`
    if (!description && line.text.trim() === code) description = nextProse(all, index)
    out.push(
      rawError('text', line.offset + m.index, {
        code,
        description,
        fields: {code, ...(description ? {description} : {})},
        standard: options.isStandardCode(code),
        strength: namespaced ? 0.7 : options.isStandardCode(code) ? 0.65 : 0.6,
      }),
    )
  }
}

/** `code: description`, `code (description)`, `"code" error: description`. */
function descriptionAfter(rest: string): null | string {
  const paren = /^["'`]?\s*\(([^()]{2,500})\)/.exec(rest)
  if (paren) return paren[1].trim()
  // `"bad_verification_code" "The code passed is incorrect or expired."` (Go's oauth2 RetrieveError and others).
  const quoted = /^(["'])[ \t]+(["'])([^"'\n]{2,500})\2/.exec(rest)
  if (quoted) return quoted[3].trim()
  const colon = /^["'`)]*\s*(?:(?:error|exception)\s*)?[:\-–>]\s+(\S.{1,1000})$/i.exec(rest)
  if (colon) return colon[1].replace(/\s*\(code: [^)]*\)\s*$/, '').trim()
  return null
}
