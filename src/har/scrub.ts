/**
 * A HAR safe to attach to a ticket. Cookies, Authorization headers, passwords, codes, tokens, client secrets, code
 * verifiers (the names src/secrets.ts knows), JWTs anywhere and the personal attributes of SAML assertions are
 * replaced by placeholders that are stable across the file: the same value always becomes the same placeholder, so
 * a diagnosis of the scrubbed copy still sees a reused code or two different tokens. Everything else (client_id,
 * redirect_uri, state, nonce, code_challenge, scopes, hosts, timings) is kept: those are what steps are compared by.
 */
import {isOpaque} from '../decode/redact.js'
import {isSecretName, secretNames} from '../secrets.js'
import {scrubSaml} from './scrub-saml.js'

export type ScrubKind =
  | 'assertion'
  | 'authorization'
  | 'client_secret'
  | 'code'
  | 'code_verifier'
  | 'cookie'
  | 'jwt'
  | 'password'
  | 'saml_attribute'
  | 'secret'
  | 'token'

const KIND_OF = new Map<string, ScrubKind>([
  ['access_token', 'token'],
  ['actor_token', 'token'],
  ['assertion', 'assertion'],
  ['auth_req_id', 'token'],
  ['authorization', 'authorization'],
  ['client_assertion', 'assertion'],
  ['client_secret', 'client_secret'],
  ['code', 'code'],
  ['code_verifier', 'code_verifier'],
  ['cookie', 'cookie'],
  ['device_code', 'token'],
  ['id_token', 'token'],
  ['logout_token', 'token'],
  ['password', 'password'],
  ['proxy_authorization', 'authorization'],
  ['refresh_token', 'token'],
  ['session_token', 'token'],
  ['set_cookie', 'cookie'],
  ['subject_token', 'token'],
  ['token', 'token'],
  ['user_code', 'token'],
])

const kindOf = (name: string): ScrubKind => KIND_OF.get(name.toLowerCase().replaceAll('-', '_')) ?? 'secret'

/** Same value, same placeholder, across the whole file; counts per kind for the summary. */
export class Placeholders {
  private readonly byValue = new Map<string, string>()
  private sorted: null | string[] = null
  private readonly numbers = new Map<ScrubKind, number>()
  readonly counts = new Map<ScrubKind, {count: number; distinct: number}>()

  for(kind: ScrubKind, value: string): string {
    if (value === '' || /^redacted-[a-z_]+-\d+$/.test(value)) return value
    let p = this.byValue.get(value)
    if (!p) {
      const n = (this.numbers.get(kind) ?? 0) + 1
      this.numbers.set(kind, n)
      p = `redacted-${kind}-${n}`
      this.byValue.set(value, p)
      this.sorted = null
      const c = this.counts.get(kind) ?? {count: 0, distinct: 0}
      c.distinct++
      this.counts.set(kind, c)
    }

    const k = p.slice(9, p.lastIndexOf('-')) as ScrubKind
    this.counts.get(k)!.count++
    return p
  }

  /** Values already replaced somewhere, longest first (to catch them where no name announces them). */
  known(): string[] {
    this.sorted ??= [...this.byValue.keys()].filter((v) => v.length >= 12).sort((a, b) => b.length - a.length)
    return this.sorted
  }

  /** Count n more replacements of a value that already has a placeholder. */
  more(value: string, n: number): void {
    const p = this.byValue.get(value)
    if (p && n > 0) this.counts.get(p.slice(9, p.lastIndexOf('-')) as ScrubKind)!.count += n
  }

  placeholderOf(value: string): string | undefined {
    return this.byValue.get(value)
  }
}

const NAMES = secretNames()
  .sort((a, b) => b.length - a.length)
  // Names are kept without separators: `accesstoken` matches access_token, access-token and accessToken.
  .map((n) => [...n].join('[-_]?'))
  .join('|')
/** name=value in a query string, form or text; the name must not continue a longer word (`code_challenge=` is kept). */
const PAIR = new RegExp(`(?<![\\w-])(${NAMES}|SAMLResponse|SAMLRequest)=([^&#\\s"'<>]+)`, 'gi')
/** "name": "value" in JSON-like text (a script, a log line inside a body). */
const QUOTED = new RegExp(`"(${NAMES})"(\\s*:\\s*)"([^"\\\\]{1,8000})"`, 'gi')
const JWT = /\beyJ[\w-]{2,}\.[\w-]{2,}\.[\w-]*/g
const INPUT = /<input\b[^>]{0,2000}>/gi

/**
 * isOpaque() alone misses random codes with a `-` or `_` in them (they look like kebab-case words); a long value
 * mixing upper case, lower case and digits is no error code either.
 */
function isAuthorizationCode(v: string): boolean {
  return isOpaque(v) || (v.length >= 20 && /\d/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v))
}

function decoded(v: string): string {
  try {
    return decodeURIComponent(v.replaceAll('+', ' '))
  } catch {
    return v
  }
}

export class Scrubber {
  constructor(readonly p = new Placeholders()) {}

  /**
   * A parameter value by its name, undefined when the name is not a secret's. `encoded`: the value is URL-encoded;
   * the replacement is returned decoded either way (placeholders need no encoding; a scrubbed SAML message does).
   */
  param(name: string, value: string, encoded = false): string | undefined {
    const v = encoded ? decoded(value) : value
    if (/^SAML(?:Response|Request)$/i.test(name)) return scrubSaml(v, this.p)
    if (!isSecretName(name)) return undefined
    // `code` also names error codes (`"code": 400`, `?code=7000215`): only an opaque value is an authorization code.
    if (name.toLowerCase() === 'code' && !isAuthorizationCode(v)) return undefined
    return this.p.for(kindOf(name), v)
  }

  url(url: string): string {
    return this.text(url)
  }

  /** Any text: name=value pairs, "name":"value" pairs, hidden form inputs, JWTs, then values already known. */
  text(s: string): string {
    if (s.length < 8) return s
    let out = s.replace(PAIR, (all, name: string, value: string) => {
      const r = this.param(name, value, true)
      return r === undefined ? all : `${name}=${encodeURIComponent(r)}`
    })
    if (out.includes('"'))
      out = out.replace(
        QUOTED,
        (_, name: string, sep: string, value: string) => `"${name}"${sep}"${this.p.for(kindOf(name), value)}"`,
      )
    if (/<input/i.test(out)) out = out.replace(INPUT, (tag) => this.input(tag))
    if (out.includes('eyJ')) out = out.replace(JWT, (t) => this.p.placeholderOf(t) ?? this.p.for('jwt', t))
    for (const v of this.p.known()) if (out.includes(v)) out = out.split(v).join(this.p.placeholderOf(v)!)
    return out
  }

  private input(tag: string): string {
    const name = /\bname\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]
    if (!name) return tag
    return tag.replace(/(\bvalue\s*=\s*)(["'])([^"']*)\2/i, (all, pre: string, q: string, value: string) => {
      const r = this.param(name, value.replaceAll('&#x2B;', '+').replaceAll('&#43;', '+'))
      return r === undefined ? all : `${pre}${q}${r}${q}`
    })
  }

  /** A JSON value: secret names replaced by name, every other string read as text. */
  json(v: unknown, key = ''): unknown {
    if (typeof v === 'string') return this.param(key, v) ?? this.text(v)
    if (Array.isArray(v)) return v.map((x) => this.json(x))
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = Object.create(null)
      for (const [k, x] of Object.entries(v)) o[k] = this.json(x, k)
      return o
    }

    return v
  }

  /** A request or response body, by its type: JSON, a form, or text. */
  body(text: string, mime: string): string {
    const t = text.trimStart()
    if (/json/i.test(mime) || t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.stringify(this.json(JSON.parse(text)))
      } catch {
        // Not JSON after all: read it as text.
      }
    }

    if (/x-www-form-urlencoded/i.test(mime))
      return text
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=')
          if (eq < 0) return pair
          const name = decoded(pair.slice(0, eq))
          const value = pair.slice(eq + 1)
          const r = this.param(name, value, true)
          return r === undefined
            ? `${pair.slice(0, eq + 1)}${this.text(value)}`
            : `${pair.slice(0, eq + 1)}${encodeURIComponent(r)}`
        })
        .join('&')
    return this.text(text)
  }

  /** `Bearer x`, `Basic x`: the scheme kept, the credentials replaced. */
  credentials(value: string): string {
    const m = /^(\s*[A-Za-z][\w-]*\s+)(\S[\s\S]*)$/.exec(value)
    return m
      ? `${m[1]}${this.p.placeholderOf(m[2].trim()) ?? this.p.for('authorization', m[2].trim())}`
      : this.p.for('authorization', value)
  }

  /** `a=1; b=2` (Cookie) or `a=1; Path=/; Secure` (Set-Cookie: only the first pair is a value). */
  cookies(value: string, setCookie: boolean): string {
    const parts = value.split(';')
    return parts
      .map((part, i) => {
        if (setCookie && i > 0) return part
        const eq = part.indexOf('=')
        return eq < 0 ? part : `${part.slice(0, eq + 1)}${this.p.for('cookie', part.slice(eq + 1))}`
      })
      .join(';')
  }
}
