/**
 * Finding secrets in untrusted text, by name (`client_secret=`, `"accessToken":`, `Cookie:`, `pwd:`) and by
 * format (JWTs, PEM private keys, AWS keys, GitHub / GitLab / Google / OpenAI / Slack / Stripe tokens, Basic and
 * Bearer credentials, URL userinfo). Part of the one redaction mechanism: names and masking are in src/secrets.ts.
 * Every pattern here is linear: no nested quantifiers, a bounded value after a fixed marker, names and values
 * read by hand where a regex would have to guess.
 */
import {type KnownSecret, redactValues, type SecretKind, secretKind} from './secrets.js'

export type Found = Map<string, SecretKind>

const MAX_FOUND = 2000
const MAX_VALUE = 4000

/** Values that hold no secret: placeholders, booleans, masks already applied. */
const PLACEHOLDER =
  /^(?:null|none|nil|undefined|true|false|yes|no|redacted|hidden|\*+|x+|\.{3}|…|<[^>]*>|\{[^}]*\}|\$\{?[\w-]+\}?|\[masked [^\]]*\])$/i

/** A token-shaped value: long enough and not a plain word (`expired`, `invalid`). */
export const tokenShaped = (v: string): boolean =>
  v.length >= 8 && /\d/.test(v) && /[a-z]/i.test(v) && !/^\d{4}-\d\d-\d\dT/.test(v)

function add(into: Found, value: string, kind: SecretKind): void {
  const v = value.trim()
  if (v.length < 4 || into.size >= MAX_FOUND || PLACEHOLDER.test(v)) return
  if (!into.has(v)) into.set(v, kind)
}

const TOKEN_FORMATS: [RegExp, SecretKind, RegExp][] = [
  [/(?<![\w-])eyJ[\w-]{4,}\.[\w-]{2,}\.[\w-]*(?:\.[\w-]+\.[\w-]+)?/g, 'token', /eyJ/],
  [/\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA)[A-Z\d]{16}(?![A-Z\d])/g, 'key', /A[KSBCGIR][IC]A|AROA/],
  [/\bgithub_pat_[A-Za-z\d_]{20,255}/g, 'token', /github_pat_/],
  [/\bgh[pousr]_[A-Za-z\d]{30,255}/g, 'token', /gh[pousr]_/],
  [/\bglpat-[\w-]{20,255}/g, 'token', /glpat-/],
  [/\bya29\.[\w-]{20,4000}/g, 'token', /ya29\./],
  [/(?<![\w-])sk-(?:proj-|svcacct-|admin-|ant-[\w]{0,12}-)?[A-Za-z\d_-]{20,400}/g, 'key', /sk-/],
  [/\b[sr]k_(?:live|test)_[A-Za-z\d]{8,255}/g, 'key', /k_(?:live|test)_/],
  [/\bxox[abposre]-[A-Za-z\d-]{10,255}/g, 'token', /xox/],
  [/\bxapp-[A-Za-z\d-]{10,255}/g, 'token', /xapp-/],
  [/\bAIza[\w-]{35}/g, 'key', /AIza/],
  [/\bglsa_[A-Za-z\d_]{20,255}/g, 'token', /glsa_/],
  [/\bnpm_[A-Za-z\d]{36}/g, 'token', /npm_/],
]

/** Scan every format over a text; each only where its marker occurs. */
function formats(text: string, into: Found): void {
  for (const [re, kind, marker] of TOKEN_FORMATS) {
    if (!marker.test(text)) continue
    re.lastIndex = 0
    let m
    let n = 0
    while ((m = re.exec(text)) && n++ < 500) add(into, m[0], kind)
  }

  pem(text, into)
  let m
  let n = 0
  const bearer = /(?<![\w-])(?:Bearer|DPoP)[ \t]+([\w\-.~+/]{8,4000}=*)(?![\w=\-"])/gi
  while (/bearer|dpop/i.test(text) && (m = bearer.exec(text)) && n++ < 500) {
    const v = m[1]
    if (tokenShaped(v) || v.length >= 24) add(into, v, 'token')
  }

  const basic = /(?<![\w-])Basic[ \t]+([A-Za-z\d+/]{6,4000}={0,2})(?![\w+/=])/gi
  n = 0
  while (/basic/i.test(text) && (m = basic.exec(text)) && n++ < 500) basicPair(m[1], into)
  const userinfo = /:\/\/([^/\s:@'"<>]{0,200}):([^@\s/'"<>]{1,200})@/g
  n = 0
  while (text.includes('@') && (m = userinfo.exec(text)) && n++ < 500) add(into, m[2], 'password')
  const curlUser = /(?:^|\s)(?:-u|--user)[ \t]+['"]?[^\s'":]{1,200}:([^\s'"]{4,400})/g
  n = 0
  while (/-u|--user/.test(text) && (m = curlUser.exec(text)) && n++ < 500) add(into, m[1], 'password')
}

/** Basic credentials: base64 of `id:secret`. A word after "Basic" (`Basic authentication`) is not one. */
function basicPair(b64: string, into: Found): void {
  const decoded = Buffer.from(b64, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0 || /[\u0000-\u001F\uFFFD]/.test(decoded)) return
  add(into, b64, 'credentials')
  add(into, decoded.slice(colon + 1), 'secret')
}

/** PEM private keys, by hand: a `{0,n}?` regex between BEGIN and END would rescan on every BEGIN. */
function pem(text: string, into: Found): void {
  let from = 0
  for (let n = 0; n < 50; n++) {
    const begin = text.indexOf('-----BEGIN ', from)
    if (begin < 0) return
    const head = /^-----BEGIN [A-Z\d ]{0,40}PRIVATE KEY-----/.exec(text.slice(begin, begin + 80))
    if (!head) {
      from = begin + 11
      continue
    }

    const end = text.indexOf('-----END ', begin + head[0].length)
    const close = end < 0 || end - begin > 20_000 ? -1 : text.indexOf('-----', end + 9)
    let stop = close < 0 ? begin + head[0].length : close + 5
    if (close < 0) while (stop < text.length && stop - begin < 20_000 && /[\w+/=\s\\]/.test(text[stop])) stop++
    add(into, text.slice(begin, stop), 'key')
    // The body alone too: a log may carry it without its armour, or with `\n` escapes.
    const body = text.slice(begin + head[0].length, end < 0 ? stop : end).replace(/^(?:\\n|\s)+|(?:\\n|\s)+$/g, '')
    if (body.length >= 16) add(into, body, 'key')
    from = stop
  }
}

const NAME_SEP = /(?<![\w-])["'@]?([A-Za-z][\w.-]{0,60})["']?[ \t]*(?:=>|:|=)[ \t]*/g

/** A quoted value read by hand (JSON escapes honoured); the raw slice and the unescaped text. */
function quotedAt(text: string, at: number): null | {end: number; raw: string; value: string} {
  const q = text[at]
  let value = ''
  for (let i = at + 1; i < text.length && i - at <= MAX_VALUE; i++) {
    const c = text[i]
    if (c === '\n') return null
    if (c === '\\' && i + 1 < text.length) {
      const e = text[++i]
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'u' ? unicodeAt(text, i) : e
      if (e === 'u') i += 4
      continue
    }

    if (c === q) return {end: i + 1, raw: text.slice(at + 1, i), value}
    value += c
  }

  return null
}

function unicodeAt(text: string, i: number): string {
  const h = text.slice(i + 1, i + 5)
  return /^[\da-f]{4}$/i.test(h) ? String.fromCharCode(Number.parseInt(h, 16)) : 'u'
}

const BARE_STOP = /[\s"'<>,;&{}[\]()]/

/** Values by name: `name=value`, `"name": "value"`, `name: value`, `Cookie: a=b; c=d`. */
function named(text: string, into: Found): void {
  NAME_SEP.lastIndex = 0
  let m
  let n = 0
  while ((m = NAME_SEP.exec(text)) && n < 20_000) {
    const kind = secretKind(m[1])
    if (!kind) continue
    n++
    const at = NAME_SEP.lastIndex
    const colon = /:\s*$/.test(m[0]) && !/=/.test(m[0])
    const c = text[at]
    if (c === '"' || c === "'") {
      const q = quotedAt(text, at)
      if (!q) continue
      NAME_SEP.lastIndex = q.end
      lineValue(q.value, kind, into, false)
      if (q.raw !== q.value) add(into, q.raw, kind)
      continue
    }

    let end = at
    if (kind === 'cookie' || kind === 'credentials') {
      while (end < text.length && end - at < MAX_VALUE && text[end] !== '\n' && text[end] !== '"') end++
    } else while (end < text.length && end - at < MAX_VALUE && !BARE_STOP.test(text[end])) end++
    NAME_SEP.lastIndex = Math.max(end, at)
    lineValue(text.slice(at, end), kind, into, colon)
  }
}

/** One value under a secret name; a bare word after `:` in prose (`token: expired`) must look like a token. */
function lineValue(value: string, kind: SecretKind, into: Found, prose: boolean): void {
  const v = value.trim()
  if (kind === 'cookie') {
    for (const pair of v.split(';').slice(0, 50)) {
      const eq = pair.indexOf('=')
      if (eq > 0 && !/^\s*(?:path|domain|expires|max-age|samesite)\s*$/i.test(pair.slice(0, eq)))
        add(into, pair.slice(eq + 1), 'cookie')
    }

    return
  }

  if (kind === 'credentials') {
    const scheme = /^([A-Za-z][\w-]{0,30})[ \t]+(\S.*)$/.exec(v.replace(/[,;]$/, ''))
    if (scheme && /^basic$/i.test(scheme[1])) basicPair(scheme[2].trim(), into)
    add(into, scheme ? scheme[2] : v, scheme && /^(?:bearer|dpop)$/i.test(scheme[1]) ? 'token' : 'credentials')
    return
  }

  if (prose && kind !== 'password' && !tokenShaped(v)) return
  add(into, v, kind)
  if (/%[\da-f]{2}|\+/i.test(v)) {
    try {
      add(into, decodeURIComponent(v.replace(/\+/g, ' ')), kind)
    } catch {
      // A stray % is not an encoding: the value as it is was added already.
    }
  }
}

/** Secrets named in prose: `the code AQAB…123 has expired`, `client secret "hunter22" is wrong`. */
function prose(text: string, into: Found): void {
  const words =
    /(?<![\w-])(?:code|token|secret|password|assertion|key)s?[ \t]+(?:is[ \t]+|was[ \t]+|of[ \t]+)?(["'`]?)([\w.~+/=-]{6,2000})\1(?![\w.~+/=-])/gi
  let m
  let n = 0
  while ((m = words.exec(text)) && n++ < 500) {
    const v = m[2]
    if (m[1] ? v.length >= 6 && /\d|[^a-z]/i.test(v) : v.length >= 16 && tokenShaped(v) && /[A-Z]/.test(v))
      add(into, v, /secret|password/i.test(m[0]) ? 'secret' : 'token')
  }
}

/** HAR and similar captures: `{"name": "Authorization", "value": "..."}` pairs, the secret named by a value. */
function namedPairs(text: string, into: Found): void {
  const pair = /"name"[ \t]*:[ \t]*"([^"\\\n]{1,80})"[ \t]*,\s{0,40}"value"[ \t]*:[ \t]*(?=")/g
  let m
  let n = 0
  while (text.includes('"value"') && (m = pair.exec(text)) && n++ < 5000) {
    const kind = secretKind(m[1])
    const q = kind ? quotedAt(text, pair.lastIndex) : null
    if (!kind || !q) continue
    lineValue(q.value, kind, into, false)
    if (q.raw !== q.value) add(into, q.raw, kind)
  }
}

/** Every secret value in a text, with its kind; also the decoded form of an encoded one. */
export function findSecrets(text: string, into: Found = new Map()): Found {
  formats(text, into)
  named(text, into)
  namedPairs(text, into)
  prose(text, into)
  return into
}

/**
 * One call for a reader of captured traffic (a HAR file, an MCP request): every secret found by name or format
 * masked, plus any known values. `code` values count only when token-shaped and long (an error code is neither).
 */
export function redactText(text: string, known: string[] = []): string {
  const list: KnownSecret[] = known.map((value) => ({value}))
  for (const [value, kind] of findSecrets(text))
    if (kind !== 'code' || (value.length >= 16 && tokenShaped(value))) list.push({kind, value})
  return redactValues(text, list)
}
