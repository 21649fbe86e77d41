/**
 * WWW-Authenticate (RFC 9110 §11.6.1): one or more challenges, each `scheme [token68 | auth-param, ...]`.
 * OAuth resource servers put the error there (RFC 6750 §3 Bearer, RFC 9449 §7.1 DPoP). Real headers break the
 * grammar (unquoted values with spaces, stray quotes), so the reader is tolerant: a quote only closes a value
 * when a separator follows it, and an unterminated quote runs to the end.
 */
import {type HostRole, type RawError, rawError} from './types.js'
import {hostOf} from './values.js'

export interface Challenge {
  params: Record<string, string>
  scheme: string
  token68?: string
}

const TCHAR = /[\w!#$%&'*+.^`|~-]/

export function parseWwwAuthenticate(value: string): Challenge[] {
  const s = value.slice(0, 16_384)
  const out: Challenge[] = []
  let current: Challenge | null = null
  const params = (): Record<string, string> => Object.create(null) as Record<string, string>
  let i = 0
  const space = () => {
    while (i < s.length && /[\s,]/.test(s[i])) i++
  }

  const token = () => {
    const start = i
    while (i < s.length && TCHAR.test(s[i]) && s[i] !== "'") i++
    return s.slice(start, i)
  }

  while (i < s.length && out.length < 16) {
    space()
    if (i >= s.length) break
    const name = token()
    if (!name) {
      // Stray character (a quote from broken quoting, a bracket from a log): skip it.
      i++
      continue
    }

    let j = i
    while (j < s.length && s[j] === ' ') j++
    if (s[j] === '=' && s[j + 1] !== '=') {
      i = j + 1
      while (i < s.length && s[i] === ' ') i++
      const v = s[i] === '"' || s[i] === "'" ? quoted() : bare()
      if (!current) {
        // A header value without its scheme (`error="invalid_token"`): keep the parameters anyway.
        current = {params: params(), scheme: ''}
        out.push(current)
      }

      const key = name.toLowerCase()
      if (!Object.hasOwn(current.params, key)) current.params[key] = v
      continue
    }

    current = {params: params(), scheme: name}
    out.push(current)
    i = j
    const t68 = /^[\w.~+/-]+=*(?=\s*(?:,|$))/.exec(s.slice(i, i + 4096))
    if (t68 && !/^[\w-]+=[^=]/.test(s.slice(i, i + 200))) {
      current.token68 = t68[0]
      i += t68[0].length
    }
  }

  return out

  function quoted(): string {
    const q = s[i]
    const start = ++i
    let out = ''
    while (i < s.length) {
      const c = s[i]
      if (c === '\\' && i + 1 < s.length) {
        out += s[i + 1]
        i += 2
        continue
      }

      // RFC 9110 §5.6.4: the quote closes the value only if a separator (or the end) follows.
      if (c === q && /^\s*(?:,|$|[\w-]+\s*=)/.test(s.slice(i + 1, i + 200))) {
        i++
        return out
      }

      out += c
      i++
    }

    return unterminated(s.slice(start))
  }

  function bare(): string {
    // Unquoted values may carry spaces in broken headers; stop at a comma, at the next `name=`, or where only
    // whitespace is left. Read by hand: a lazy regex with a whitespace lookahead is quadratic on a run of tabs.
    let end = i
    while (end < s.length && s[end] !== ',') {
      if (!/\s/.test(s[end])) {
        end++
        continue
      }

      let q = end
      while (q < s.length && /\s/.test(s[q])) q++
      if (q === s.length || s[q] === ',' || NAME_EQ.test(s.slice(q, q + 200))) break
      end = q
    }

    const v = s.slice(i, end)
    i = end
    return v.trim().replace(/^["']|["']$/g, '')
  }
}

/** A quote left open to the end: the value without a trailing quote and comma (by hand, for the same reason). */
function unterminated(rest: string): string {
  let t = rest.trimEnd()
  if (t.endsWith(',')) t = t.slice(0, -1).trimEnd()
  return t.endsWith('"') || t.endsWith("'") ? t.slice(0, -1) : rest
}

const NAME_EQ = /^[\w-]+\s*=/

/** Errors from one header value: one per challenge that carries `error`, else one error-less challenge. */
export function challengeErrors(value: string, offset: number): RawError[] {
  const challenges = parseWwwAuthenticate(value).filter((c) => c.scheme || Object.keys(c.params).length > 0)
  if (challenges.length === 0) return []
  const errors: RawError[] = []
  for (const c of challenges) {
    if (!c.params.error) continue
    errors.push(challengeError(c, offset, 0.85))
  }

  if (errors.length > 0) return errors
  const first = challenges.find((c) => /^(?:bearer|dpop)$/i.test(c.scheme)) ?? challenges[0]
  return [challengeError(first, offset, 0.35)]
}

function challengeError(c: Challenge, offset: number, strength: number): RawError {
  const hosts: {host: string; role: HostRole}[] = []
  for (const key of ['realm', 'authorization_uri', 'resource_metadata', 'as_uri']) {
    const host = c.params[key] ? hostOf(c.params[key]) : null
    if (host) hosts.push({host, role: 'realm'})
  }

  const errorUri = c.params.error_uri ?? null
  if (errorUri && hostOf(errorUri)) hosts.push({host: hostOf(errorUri)!, role: 'error_uri'})
  return rawError('www_authenticate', offset, {
    code: c.params.error ?? null,
    description: c.params.error_description ?? null,
    errorUri,
    fields: {scheme: c.scheme, ...c.params},
    hosts,
    standard: /^(?:bearer|dpop|)$/i.test(c.scheme),
    strength,
    via: 'header',
  })
}

const HEADER = /www-authenticate['"]?\s*(?:=>|:|,)\s*/gi
const CHALLENGE = /(?:^|[\s'"[(])((?:Bearer|DPoP)\s+[\w-]+\s*=)/gim

/** Challenge values anywhere in a text: `WWW-Authenticate:` lines, header dicts, bare `Bearer error=...`. */
export function findChallenges(text: string): {offset: number; value: string}[] {
  const out: {offset: number; value: string}[] = []
  const taken: [number, number][] = []
  HEADER.lastIndex = 0
  let m
  while ((m = HEADER.exec(text)) && out.length < 20) {
    const start = m.index + m[0].length
    const value = readHeaderValue(text, start)
    if (!value.trim()) continue
    out.push({offset: start, value})
    taken.push([start, start + value.length + 2])
  }

  CHALLENGE.lastIndex = 0
  while ((m = CHALLENGE.exec(text)) && out.length < 20) {
    const start = m.index + m[0].indexOf(m[1])
    if (taken.some(([a, b]) => start >= a && start <= b)) continue
    const eol = text.indexOf('\n', start)
    out.push({offset: start, value: text.slice(start, eol < 0 ? undefined : eol)})
  }

  return out
}

/** A value to the end of its line, or to the closing quote when it is a quoted string (a header dict). */
function readHeaderValue(text: string, start: number): string {
  const q = text[start]
  const eol = text.indexOf('\n', start)
  const line = text.slice(start, eol < 0 ? Math.min(text.length, start + 16_384) : eol)
  if (q !== '"' && q !== "'") return line
  let out = ''
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line[++i]
      continue
    }

    if (line[i] === q) return out
    out += line[i]
  }

  return out
}
