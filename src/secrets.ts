/**
 * The one redaction mechanism (decode, probe, and anything that scrubs a capture): one list of secret names, one
 * list of token formats, one masking rule. A masked value keeps its kind, its length, at most the last 4
 * characters of a token (nothing of a password, client secret, key or cookie), and a fingerprint (the first 8 hex
 * digits of its SHA-256), so two masked values can be told apart without either being usable.
 */
import {createHash} from 'node:crypto'

export type SecretKind = 'code' | 'cookie' | 'credentials' | 'key' | 'password' | 'secret' | 'token'

/** Names compared with case, `-` and `_` ignored: `client_secret`, `clientSecret` and `Client-Secret` are one. */
const NAME_KINDS = new Map<string, SecretKind>([
  ['accesstoken', 'token'],
  ['refreshtoken', 'token'],
  ['idtoken', 'token'],
  ['sessiontoken', 'token'],
  ['securitytoken', 'token'],
  ['xamzsecuritytoken', 'token'],
  ['xaccesstoken', 'token'],
  ['xauthtoken', 'token'],
  ['subjecttoken', 'token'],
  ['actortoken', 'token'],
  ['logouttoken', 'token'],
  ['token', 'token'],
  ['assertion', 'token'],
  ['clientassertion', 'token'],
  ['samlresponse', 'token'],
  ['authreqid', 'token'],
  ['dpop', 'token'],
  ['code', 'code'],
  ['devicecode', 'code'],
  ['usercode', 'code'],
  ['codeverifier', 'code'],
  ['clientsecret', 'secret'],
  ['secret', 'secret'],
  ['secretkey', 'secret'],
  ['secretaccesskey', 'secret'],
  ['awssecretaccesskey', 'secret'],
  ['password', 'password'],
  ['passwd', 'password'],
  ['pwd', 'password'],
  ['passphrase', 'password'],
  ['apikey', 'key'],
  ['xapikey', 'key'],
  ['privatekey', 'key'],
  ['cookie', 'cookie'],
  ['setcookie', 'cookie'],
  ['authorization', 'credentials'],
  ['proxyauthorization', 'credentials'],
])

/** Suffixes that make any name a secret's (`AUTH0_CLIENT_SECRET`, `db_password`, `googleApiKey`). */
const SUFFIX_KINDS: [string, SecretKind][] = [
  ['clientsecret', 'secret'],
  ['secretaccesskey', 'secret'],
  ['password', 'password'],
  ['passwd', 'password'],
  ['apikey', 'key'],
  ['privatekey', 'key'],
  ['accesstoken', 'token'],
  ['refreshtoken', 'token'],
  ['sessiontoken', 'token'],
  ['authorization', 'credentials'],
]

/** Lone surrogates replaced by U+FFFD, so encoders never throw (`encodeURIComponent('\uD800')` does). */
export const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

const normaliseName = (name: string): string => name.toLowerCase().replace(/[-_]/g, '')

/** The kind of secret a parameter, field or header name carries, or null when the name carries none. */
export function secretKind(name: string): null | SecretKind {
  if (name.length > 80) return null
  const n = normaliseName(name)
  const exact = NAME_KINDS.get(n)
  if (exact) return exact
  for (const [suffix, kind] of SUFFIX_KINDS) if (n.endsWith(suffix)) return kind
  return null
}

/** The secret names, compared without case or separators (`accesstoken` stands for access_token, accessToken...). */
export function secretNames(): string[] {
  return [...NAME_KINDS.keys()]
}

export function isSecretName(name: string): boolean {
  return secretKind(name) !== null
}

/** First 8 hex digits of SHA-256: enough to tell two values apart, far too little to recover one. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(wellFormed(value)).digest('hex').slice(0, 8)
}

const KIND_LABEL = new Map<SecretKind, string>([
  ['code', 'code'],
  ['cookie', 'cookie'],
  ['credentials', 'credentials'],
  ['key', 'key'],
  ['password', 'password'],
  ['secret', 'secret'],
  ['token', 'token'],
])

/** A masked value as every output shows it; recognised so it is never masked twice. */
export const MASKED = /\[masked [a-z]+, \d+ chars(?:, …[^\s\]]{1,4})?, fp [\da-f]{8}\]/

/** `[masked token, 873 chars, …w5cA, fp 1a2b3c4d]`; a password or secret shows no character of itself. */
export function maskSecret(value: string, kind: SecretKind = 'secret'): string {
  const tail = (kind === 'token' || kind === 'code') && value.length >= 16 ? `, …${value.slice(-4)}` : ''
  return `[masked ${KIND_LABEL.get(kind) ?? 'secret'}, ${value.length} chars${tail}, fp ${fingerprint(value)}]`
}

export const isMasked = (value: string): boolean => MASKED.test(value) && value.startsWith('[masked ')

/** Mask an Authorization-style value, keeping the scheme: `Bearer [masked token, …]`. */
export function maskCredentials(headerValue: string): string {
  const m = /^\s*([A-Za-z][\w-]{0,30})[ \t]+(\S[^]*)$/.exec(headerValue)
  if (!m) return maskSecret(headerValue.trim(), 'credentials')
  const scheme = m[1]
  return `${scheme} ${maskSecret(m[2].trim(), /^(?:bearer|dpop)$/i.test(scheme) ? 'token' : 'credentials')}`
}

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`

/** application/x-www-form-urlencoded (WHATWG): space as `+`, all but ALPHA / DIGIT / `*-._` percent-encoded. */
export const formEncode = (value: string): string => new URLSearchParams([['', value]]).toString().slice(1)

/**
 * The spellings a secret takes on its way back from a server or into a log: raw, percent-encoded (JavaScript's,
 * RFC 3986's, the form serializer's, hex in either case), and JSON-escaped (with `\/`, with `\uXXXX`, and twice).
 */
export function secretVariants(secret: string): string[] {
  const well = wellFormed(secret)
  const uri = encodeURIComponent(well)
  const strict = uri.replace(/[!'()*~]/g, hex)
  const form = formEncode(well)
  const json = JSON.stringify(well).slice(1, -1)
  const ascii = json.replace(/[\u007F-\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const out = new Set([
    secret,
    well,
    uri,
    strict,
    form,
    form.replace(/\+/g, '%20'),
    json,
    json.replaceAll('/', '\\/'),
    ascii,
  ])
  // JSON inside a JSON string (a log line that carries a body) is escaped twice.
  for (const v of [json, ascii, json.replaceAll('/', '\\/')]) out.add(JSON.stringify(v).slice(1, -1))
  for (const v of [uri, strict, form]) out.add(v.replace(/%[\dA-F]{2}/g, (e) => e.toLowerCase()))
  return [...out].filter((v) => v.length >= 4)
}

/** The Basic credentials (base64 of `id:secret`, raw and form-encoded) a server may echo. */
export function basicVariants(clientId: string, secret: string): string[] {
  const b64 = (s: string) => Buffer.from(wellFormed(s)).toString('base64')
  return [...new Set([b64(`${clientId}:${secret}`), b64(`${formEncode(clientId)}:${formEncode(secret)}`)])]
}

const WORD = /[\w-]/

function wholeTokens(text: string, v: string, mask: string, hits: [number, number, string][]): void {
  for (let at = text.indexOf(v); at >= 0 && hits.length <= 100_000; at = text.indexOf(v, at + v.length)) {
    if (WORD.test(v[0]) && at > 0 && WORD.test(text[at - 1])) continue
    const end = at + v.length
    if (WORD.test(v.at(-1)!) && end < text.length && WORD.test(text[end])) continue
    hits.push([at, end, mask])
  }
}

/** What a cut leaves right after the part of a text it kept: an ellipsis, or the quote that closed a quotation. */
const CUT = /^(?:…|\.\.\.|["'`])/

/**
 * A long secret whole (anywhere), or what a cut left of it: its first PIECE or more characters, starting a token
 * and ending where the text ends or a cut marker follows (`…`, `...`, a closing quote); or its last PIECE or
 * more, right after a cut marker or at the start. The markers keep a word the secret happens to start or end
 * with (`definitely-wrong-secret` and "the secret is wrong") out of it.
 */
function pieces(text: string, v: string, mask: string, hits: [number, number, string][]): void {
  const head = v.slice(0, PIECE)
  for (let at = text.indexOf(head); at >= 0 && hits.length <= 100_000; at = text.indexOf(head, at + 1)) {
    let len = PIECE
    while (len < v.length && text[at + len] === v[len]) len++
    const cut = at + len === text.length || CUT.test(text.slice(at + len, at + len + 3))
    if (len === v.length || (cut && (at === 0 || !WORD.test(text[at - 1])))) hits.push([at, at + len, mask])
    at += len - 1
  }

  const tail = v.slice(-PIECE)
  for (let at = text.indexOf(tail); at >= 0 && hits.length <= 100_000; at = text.indexOf(tail, at + 1)) {
    let len = PIECE
    while (len < v.length && at + PIECE - len - 1 >= 0 && text[at + PIECE - len - 1] === v[v.length - len - 1]) len++
    const start = at + PIECE - len
    const cut = start === 0 || /(?:…|\.\.\.)$/.test(text.slice(Math.max(0, start - 3), start))
    if (len < v.length && cut && !WORD.test(text[at + PIECE] ?? ' ')) hits.push([start, at + PIECE, mask])
  }
}

export interface KnownSecret {
  kind?: SecretKind
  value: string
}

/** Shortest piece of a long secret that counts as a leak when a cut (a quote shortened to 160 characters) left it. */
const PIECE = 6

/**
 * Replace every occurrence of the known secrets, in every spelling, by its mask. A short secret (a common word:
 * `secret`) is only replaced as a whole token, never inside a word (`client_secret_basic`, `wrong-secret`). A
 * long one is replaced wherever it occurs, and so is what is left of it where a text was cut: its first or last
 * 6 or more characters. Overlapping hits merge into one mask, so nothing of either survives between them.
 */
export function redactValues(text: string, secrets: Iterable<KnownSecret | string>): string {
  if (!text) return text
  const hits: [start: number, end: number, mask: string][] = []
  const seen = new Set<string>()
  for (const item of secrets) {
    const {kind, value} = typeof item === 'string' ? {kind: undefined, value: item} : item
    if (!value || value.length < 4 || seen.has(value) || isMasked(value)) continue
    seen.add(value)
    const mask = maskSecret(value, kind)
    for (const v of secretVariants(value)) {
      if (v.length < 16) wholeTokens(text, v, mask, hits)
      else pieces(text, v, mask, hits)
      if (hits.length > 100_000) break
    }
  }

  if (hits.length === 0) return text
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  let out = ''
  let pos = 0
  for (let i = 0; i < hits.length;) {
    const start = hits[i][0]
    let [, end, mask] = hits[i]
    let longest = end - start
    for (i++; i < hits.length && hits[i][0] < end; i++) {
      if (hits[i][1] - hits[i][0] > longest) [longest, mask] = [hits[i][1] - hits[i][0], hits[i][2]]
      end = Math.max(end, hits[i][1])
    }

    out += text.slice(pos, start) + mask
    pos = end
  }

  return out + text.slice(pos)
}

/** Deeper than this, a structure is cut (a 400,000-deep array is an attack, not a response). */
export const MAX_DEPTH = 32

/**
 * A copy of a JSON-like value with every value under a secret name masked and every known secret replaced in
 * every string. Iterative, so no depth of nesting can overflow the stack; cut at MAX_DEPTH.
 */
export function maskDeep(value: unknown, secrets: KnownSecret[] = [], options: {skipKeys?: Set<string>} = {}): unknown {
  const root: {v: unknown} = {v: undefined}
  const stack: {depth: number; key: string; set: (v: unknown) => void; value: unknown}[] = [
    {depth: 0, key: '', set: (v) => (root.v = v), value},
  ]
  while (stack.length > 0) {
    const {depth, key, set, value: v} = stack.pop()!
    if (typeof v === 'string') {
      const kind = key ? secretKind(key) : null
      if (kind === 'credentials') set(isMasked(v) ? v : maskCredentials(v))
      else if (kind && kind !== 'code' && !isMasked(v)) set(maskSecret(v, kind))
      else set(redactValues(v, secrets))
    } else if (v === null || typeof v !== 'object') set(v)
    else if (depth >= MAX_DEPTH) set(Array.isArray(v) ? '[…]' : '{…}')
    else if (Array.isArray(v)) {
      const arr: unknown[] = Array.from({length: v.length})
      set(arr)
      for (let i = v.length - 1; i >= 0; i--) stack.push({depth: depth + 1, key, set: (x) => (arr[i] = x), value: v[i]})
    } else {
      const obj = Object.create(null) as Record<string, unknown>
      const entries = Object.entries(v)
      for (const [k] of entries) obj[k] = undefined
      set(obj)
      for (const [k, x] of entries.reverse()) {
        if (options.skipKeys?.has(k)) obj[k] = x
        else stack.push({depth: depth + 1, key: k, set: (y) => (obj[k] = y), value: x})
      }
    }
  }

  return root.v
}
