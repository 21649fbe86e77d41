/**
 * Errors delivered to the redirect URI (RFC 6749 §4.1.2.1, §4.2.2.1): in the query, in the fragment (implicit and
 * hybrid flows, SPA hash routers with their own `?` inside the fragment), as an HTML form_post (OAuth 2.0 Form
 * Post Response Mode), or as a bare query string. Parameters are `+`/percent decoded once, and once more when
 * still encoded.
 */
import {isSecretName} from '../secrets.js'
import {isOpaque} from './redact.js'
import {type HostRole, type RawError, rawError} from './types.js'
import {decodeParam, hostOf, isIdValue, isRequestIdName} from './values.js'

// `oauth_problem` is OAuth 1.0a's error parameter (the Problem Reporting extension), `oauth_problem_advice` its text.
const ERROR_PARAM = /(?:^|[?&#/;\s'"(<>`])(?:error|error_code|oauth_problem)=/g
const STOP = /[\s'"<>`]/
const STOP_INSIDE = /[\s"<>`]/
const MAX_TOKEN = 16_384

/** Errors in callback URLs and query strings anywhere in the text. */
export function callbackErrors(text: string): RawError[] {
  const out: RawError[] = []
  const seen = new Set<number>()
  // Each candidate costs a scan of its token; the total is capped so a text of nothing but `error=` stays linear.
  let budget = text.length * 4 + 100_000
  ERROR_PARAM.lastIndex = 0
  let m
  let covered = 0
  while ((m = ERROR_PARAM.exec(text)) && out.length < 20 && budget > 0) {
    const at = m.index + m[0].search(/error|oauth_problem/)
    // Inside the token just read (its fragment, a second error= in it): already seen.
    if (at < covered) continue
    let start = at
    while (start > 0 && at - start < MAX_TOKEN && !STOP.test(text[start - 1])) start--
    // A ' opens a quoted URL only after a delimiter ('location': 'https://...'); inside a URL it is just a character.
    const opener = text[start - 1]
    const quoted = opener === "'" && (start < 2 || /[\s:=,({[>]/.test(text[start - 2]))
    if (opener === "'" && !quoted)
      while (start > 0 && at - start < MAX_TOKEN && !STOP_INSIDE.test(text[start - 1])) start--
    budget -= at - start
    if (seen.has(start)) continue
    seen.add(start)
    let end = at
    const stop = quoted ? STOP : STOP_INSIDE
    // A URL wrapped onto lines that start with `&` (`…?error=x\n&error_description=y`), or after a line that ends
    // inside it (`…&` or a `+`-encoded space), is one URL.
    const pieces: string[] = []
    let from = start
    for (let wraps = 0; wraps < 20; wraps++) {
      while (end < text.length && end - at < MAX_TOKEN && !stop.test(text[end])) end++
      const inside = text[end - 1] === '&' || text[end - 1] === '+'
      const wrap = (inside ? /^\r?\n[ \t]{0,40}(?=[^\s'"<>`])/ : /^\r?\n[ \t]{0,40}(?=&[\w.%-]{1,60}=)/).exec(
        text.slice(end, end + 120),
      )
      if (!wrap) break
      pieces.push(text.slice(from, end))
      end += wrap[0].length
      from = end
    }

    pieces.push(text.slice(from, end))
    budget -= end - at
    covered = end
    const wholeLine = (start === 0 || text[start - 1] === '\n') && (end === text.length || text[end] === '\n')
    const joined = pieces.join('')
    // Quoted (`…`, "…"): the quotes end it, and a full stop inside them is the description's own.
    const enclosed = start > 0 && /['"`]/.test(text[start - 1]) && text[end] === text[start - 1]
    // A header's or a label's value to the end of its line (`location: https://…error_description=…resource.`) is
    // no sentence: its last full stop is the parameter's own.
    const atLineEnd = end === text.length || text[end] === '\n' || text[end] === '\r'
    // The line's start, looked for at most 80 characters back (a search to the text's start would be quadratic).
    let lineStart = start
    while (atLineEnd && lineStart > 0 && start - lineStart <= 80 && text[lineStart - 1] !== '\n') lineStart--
    const headerValue =
      atLineEnd &&
      (lineStart === 0 || text[lineStart - 1] === '\n') &&
      start - lineStart <= 80 &&
      /^[ \t<>*]*[\w-]{1,60}:[ \t]*$/.test(text.slice(lineStart, start))
    const token = wholeLine || enclosed || headerValue ? joined : trimProse(joined)
    const error = fromToken(token, start)
    if (error) out.push(error)
  }

  out.push(...formPostErrors(text))
  return out
}

/**
 * Punctuation that ends a sentence after a URL is not part of it; a closing bracket only if it opens nowhere. A
 * bracket that opens the token encloses it in the prose (`(error=x&error_description=y)`), so it goes first.
 */
function trimProse(token: string): string {
  let t = token.replace(/^[([]+/, '').replace(/[.,;:!?]+$/, '')
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ]) {
    while (t.endsWith(close) && t.split(close).length > t.split(open).length)
      t = t.slice(0, -1).replace(/[.,;:!?]+$/, '')
  }

  return t
}

function fromToken(token: string, offset: number): null | RawError {
  const url = /^([a-z][\w+.-]*:\/\/[^/?#]*[^?#]*)(\?[^#]*)?(#.*)?$/i.exec(token)
  const sets: {params: Map<string, string>; via: string}[] = []
  if (url) {
    if (url[2]) sets.push({params: parseParams(url[2].slice(1)), via: 'query'})
    if (url[3]) sets.push({params: parseParams(fragmentQuery(url[3].slice(1))), via: 'fragment'})
  } else {
    // Not a URL: only a run of k=v pairs joined by & counts (a lone `error=x,` in a log line is for text.ts).
    if (!/[?&#]/.test(token)) return null
    const hash = token.indexOf('#')
    const q = token.indexOf('?')
    if (q >= 0 && (hash < 0 || q < hash)) {
      sets.push({params: parseParams(token.slice(q + 1, hash > q ? hash : undefined)), via: 'query'})
      if (hash > q) sets.push({params: parseParams(fragmentQuery(token.slice(hash + 1))), via: 'fragment'})
    } else if (hash >= 0) sets.push({params: parseParams(fragmentQuery(token.slice(hash + 1))), via: 'fragment'})
    else {
      // `%redirect_uri%/error=x&...`: the pairs start after the last path separator before them.
      const first = token.search(/(?:^|\/)[\w.%-]+=/)
      const slash = token.lastIndexOf('/', token.indexOf('='))
      sets.push({params: parseParams(token.slice(Math.max(first, slash + 1))), via: 'query'})
    }
  }

  const set = sets.find((s) => s.params.has('error') || s.params.has('error_code') || s.params.has('oauth_problem'))
  if (!set) return null
  const all = new Map([...sets.flatMap((s) => [...s.params])])
  for (const [k, v] of set.params) all.set(k, v)
  // A return URL nobody encoded carries the rest of the error in its own query (`callbackUrl=https://a/b?error_description=…`).
  for (const v of [...all.values()]) {
    const q = v.indexOf('?')
    if (q < 0 || !/^[\w.%-]{1,60}=/.test(v.slice(q + 1))) continue
    for (const [k, inner] of parseParams(v.slice(q + 1))) if (!all.has(k)) all.set(k, inner)
  }
  return callbackError(all, offset, set.via, url ? url[1] : null)
}

/** SPA hash routers put a whole route in the fragment: `#/callback?error=...`. */
function fragmentQuery(fragment: string): string {
  const q = fragment.indexOf('?')
  return q >= 0 && !fragment.slice(0, q).includes('=') ? fragment.slice(q + 1) : fragment
}

export function parseParams(query: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const pair of query.split('&').slice(0, 200)) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = decodeParam(eq >= 0 ? pair.slice(0, eq) : pair)
    if (!key || out.has(key)) continue
    out.set(key, eq >= 0 ? decodeParam(pair.slice(eq + 1)) : '')
  }

  return out
}

/** Build the error from redirect parameters (also used for form_post). */
export function callbackError(
  params: Map<string, string>,
  offset: number,
  via: string,
  base: null | string,
): null | RawError {
  const value = (k: string) => {
    const v = params.get(k)
    return v === undefined || v === '' ? null : v
  }

  const code = value('error') ?? value('error_code') ?? value('oauth_problem')
  if (!code) return null
  const hosts: {host: string; role: HostRole}[] = []
  const add = (url: null | string, role: HostRole) => {
    const host = url ? hostOf(url) : null
    if (host) hosts.push({host, role})
  }

  add(base, 'callback')
  add(value('iss'), 'issuer')
  add(value('error_uri'), 'error_uri')
  const fields: Record<string, unknown> = Object.fromEntries(params)
  return rawError('callback_url', offset, {
    // Numbered code lists (`error_codes=[50011]`) are turned into codes by the provider records (index.ts enrich).
    alternatives: value('error_code') && value('error') ? [value('error_code')!] : [],
    code,
    description:
      value('error_description') ?? value('error_message') ?? value('error_reason') ?? value('oauth_problem_advice'),
    errorUri: value('error_uri'),
    fields,
    hosts,
    requestId:
      [...params.keys()]
        .filter((k) => isRequestIdName(k))
        .map((k) => value(k))
        .find((v) => v !== null && isIdValue(v)) ?? null,
    secrets: [...params].filter(([k, v]) => v && isSecretName(k) && (k !== 'code' || isOpaque(v))).map(([, v]) => v),
    standard: true,
    state: value('state'),
    strength: 0.9,
    via,
  })
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['apos', "'"],
  ['gt', '>'],
  ['lt', '<'],
  ['quot', '"'],
])

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[\da-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))
      return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all
    }

    return ENTITIES.get(e.toLowerCase()) ?? all
  })
}

/** response_mode=form_post: an auto-submitting form with hidden inputs named error, error_description, state. */
function formPostErrors(text: string): RawError[] {
  const out: RawError[] = []
  const forms = /<form\b([^>]{0,2000})>([\s\S]{0,20000}?)<\/form>/gi
  let f
  while ((f = forms.exec(text)) && out.length < 5) {
    const params = new Map<string, string>()
    const inputs = /<input\b([^>]{0,2000})>/gi
    let i
    while ((i = inputs.exec(f[2]))) {
      const name = attribute(i[1], 'name')
      if (name && !params.has(name)) params.set(name, attribute(i[1], 'value') ?? '')
    }

    const action = attribute(f[1], 'action')
    const error = callbackError(params, f.index, 'form_post', action)
    if (error) out.push(error)
  }

  return out
}

function attribute(tag: string, name: string): null | string {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag)
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? '') : null
}
