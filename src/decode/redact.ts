/**
 * Secrets in a paste (authorization codes, tokens, client secrets, passwords, Authorization values, JWTs, API keys)
 * are found once, then masked in everything decode prints or returns, unless --show-secrets. Finding is by
 * name (a parameter, field or header that carries a secret) and by format (a JWT, a Stripe secret key).
 */
import {isSecretName, maskCredentials, maskSecret, redactValues} from '../secrets.js'
import type {DecodeResult} from './types.js'
import {formDecode, looksLikeCode} from './values.js'

const NAMES =
  'access_token|refresh_token|id_token|client_secret|password|passwd|client_assertion|assertion|device_code|code_verifier|subject_token|actor_token|api_key|apikey|x-api-key|secret|private_key|session_token|logout_token|auth_req_id|user_code|set-cookie|cookie|token'
const PARAM = new RegExp(`(?:^|[?&#;\\s'"(])(${NAMES}|code)=([^&#\\s'"<>]{4,4000})`, 'gi')
const FIELD = new RegExp(
  `["'@]?\\b(${NAMES})["']?[ \\t]*(?:=>|:|=)[ \\t]*(?:"([^"\\n]{4,4000})"|'([^'\\n]{4,4000})')`,
  'gi',
)
const CODE_FIELD = /["'@]?\bcode["']?[ \t]*(?:=>|:|=)[ \t]*["']([^"'\s]{16,4000})["']/g
const AUTHORIZATION = /\b(?:proxy-)?authorization["']?[ \t]*(?:=>|:|['"],\s*['"])[ \t]*["']?([^"'\n]{4,2000})/gi
const BEARER = /\b(?:Bearer|DPoP)\s+([\w\-.~+/]{8,}=*)(?![\w=\-"])/g
const CURL_USER = /(?:^|\s)(?:-u|--user)\s+['"]?[^\s'":]+:([^\s'"]{4,})/g
const KEY_FORMATS =
  /\b(?:sk|rk)_(?:live|test)_[\dA-Za-z]{8,}\b|\bgh[pousr]_[\dA-Za-z]{30,}\b|\bxox[abpr]-[\dA-Za-z-]{10,}\b|\bAIza[\w-]{35}\b/g
const URL_USERINFO = /:\/\/[^/\s:@]{1,200}:([^@\s/]{4,200})@/g
const PLACEHOLDER = /^(?:null|none|nil|undefined|true|false|\*+|x+|\.{3}|<[^>]*>|\{[^}]*\})$/i

/**
 * `code` names both authorization codes (secrets) and error codes (`?code=7000215` on Microsoft's error page):
 * only an opaque value counts, long, with letters and digits, and not shaped like an error code.
 */
export function isOpaque(value: string): boolean {
  return value.length >= 10 && /\d/.test(value) && /[a-z]/i.test(value) && !looksLikeCode(value)
}

/** Every secret value in a text (and its decoded form when it was URL-encoded). */
export function findSecrets(text: string, into: Set<string>): void {
  const add = (v: string | undefined) => {
    if (!v) return
    const value = v.trim()
    if (value.length < 4 || PLACEHOLDER.test(value)) return
    into.add(value)
    const decoded = formDecode(value)
    if (decoded !== value && decoded.length >= 4) into.add(decoded)
  }

  PARAM.lastIndex = 0
  let p
  let count = 0
  while ((p = PARAM.exec(text)) && count++ < 500) if (p[1].toLowerCase() !== 'code' || isOpaque(p[2])) add(p[2])
  // Each format only where its marker occurs (compiling every pattern for a short paste costs more than the scan).
  const formats: [RegExp, RegExp][] = [
    [CURL_USER, /-u|--user/],
    [BEARER, /bearer|dpop/i],
    [KEY_FORMATS, /sk_|rk_|gh[pousr]_|xox|AIza/],
    [URL_USERINFO, /@/],
  ]
  for (const [re, marker] of formats) {
    if (!marker.test(text)) continue
    re.lastIndex = 0
    let m
    let n = 0
    while ((m = re.exec(text)) && n++ < 500) add(m[1] ?? m[0])
  }

  FIELD.lastIndex = 0
  let m
  let n = 0
  const quotedValues = /[:=>]\s*["']/.test(text)
  while (quotedValues && (m = FIELD.exec(text)) && n++ < 500) add(m[2] ?? m[3])
  CODE_FIELD.lastIndex = 0
  n = 0
  const hasCode = /code/i.test(text)
  // `code` is also the name of error codes: only an opaque value (letters and digits, not a code-like word) is one.
  while (hasCode && (m = CODE_FIELD.exec(text)) && n++ < 500) if (isOpaque(m[1])) add(m[1])
  AUTHORIZATION.lastIndex = 0
  n = 0
  const authorization = /authorization/i.test(text)
  while (authorization && (m = AUTHORIZATION.exec(text)) && n++ < 500) {
    const value = m[1].trim().replace(/[,;]$/, '')
    add(/^[A-Za-z][\w-]*\s+\S/.test(value) ? value.replace(/^[A-Za-z][\w-]*\s+/, '') : value)
  }
}

function maskDeep(value: unknown, secrets: string[], key = ''): unknown {
  if (typeof value === 'string') {
    const lower = key.toLowerCase()
    if (lower === 'authorization' || lower === 'proxy-authorization') return maskCredentials(value)
    if (lower !== 'code' && isSecretName(lower) && !/masked\)$/.test(value)) return maskSecret(value)
    return redactValues(value, secrets)
  }

  if (Array.isArray(value)) return value.map((v) => maskDeep(v, secrets))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, secrets, k)]))
  }

  return value
}

/** The result with every secret masked; catalog text (matches) is never touched. */
export function maskResult(result: DecodeResult, secrets: Set<string>): DecodeResult {
  const list = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)
  const str = (s: null | string) => (s === null ? null : redactValues(s, list))
  return {
    errors: result.errors.map((e) => ({
      ...e,
      description: str(e.description),
      errorUri: str(e.errorUri),
      fields: maskDeep(e.fields, list) as Record<string, unknown>,
      providerEvidence: e.providerEvidence.map((x) => redactValues(x, list)),
      requestId: str(e.requestId),
      state: str(e.state),
    })),
    input: result.input,
    notes: result.notes.map((n) => redactValues(n, list)),
  }
}
