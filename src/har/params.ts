/** Reading the parameters of an exchange: query, fragment, form body, JSON body, cookies, bearer token. */
import {decodeJwt} from '../decode/jwt.js'
import type {JwtInfo} from '../decode/types.js'
import {type Exchange, header, headerAll} from './read.js'

export type Params = Map<string, string>

/** application/x-www-form-urlencoded (also a query string or fragment); the first value of a repeated name wins. */
export function formParams(s: string): Params {
  const out: Params = new Map()
  for (const [k, v] of new URLSearchParams(s)) if (!out.has(k)) out.set(k, v)
  return out
}

export function parseUrl(url: string): null | URL {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** scheme://host/path, the part redirect_uri comparison and flow linking care about. */
export function endpointOf(url: string): string {
  const u = parseUrl(url)
  return u ? `${u.origin}${u.pathname}` : url.split(/[?#]/, 1)[0]
}

export interface RequestParams {
  /** Query, then fragment (a browser never sends a fragment, but a HAR's redirect target can carry one). */
  query: Params
  fragment: Params
  /** A form body (form_post callbacks, token requests, SAML POST binding). */
  form: Params
}

const cache = new WeakMap<Exchange, RequestParams>()

export function requestParams(x: Exchange): RequestParams {
  let p = cache.get(x)
  if (p) return p
  const u = parseUrl(x.url)
  const body =
    x.method === 'POST' && /x-www-form-urlencoded/i.test(x.reqMime || header(x.reqHeaders, 'content-type') || '')
  p = {
    form: body ? formParams(x.reqBody() ?? '') : new Map(),
    fragment: u && u.hash.length > 1 ? formParams(u.hash.slice(1)) : new Map(),
    query: u ? formParams(u.search.slice(1)) : new Map(),
  }
  cache.set(x, p)
  return p
}

/** A parameter wherever the request carried it: form body first (it is what the server read), then query, fragment. */
export function param(x: Exchange, name: string): string | undefined {
  const p = requestParams(x)
  return p.form.get(name) ?? p.query.get(name) ?? p.fragment.get(name)
}

/** Parameters of the URL a response redirected to (Location), e.g. the code and state of an authorization response. */
export function locationOf(x: Exchange): string | undefined {
  const loc = x.redirectURL || header(x.resHeaders, 'location')
  if (!loc) return undefined
  try {
    return new URL(loc, x.url).toString()
  } catch {
    return undefined
  }
}

/** A JSON object body, or null. */
export function jsonBody(x: Exchange): null | Record<string, unknown> {
  const b = x.resBody()
  if (!b || !/^\s*\{/.test(b)) return null
  try {
    const v = JSON.parse(b) as unknown
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

export function bearerToken(x: Exchange): null | string {
  const a = header(x.reqHeaders, 'authorization')
  const m = a ? /^(?:Bearer|DPoP)\s+(\S+)/i.exec(a) : null
  return m ? m[1] : null
}

/** Cookie names sent with a request. */
export function requestCookies(x: Exchange): Set<string> {
  const out = new Set<string>()
  for (const line of headerAll(x.reqHeaders, 'cookie'))
    for (const part of line.split(';')) {
      const name = part.split('=', 1)[0].trim()
      if (name) out.add(name)
    }
  return out
}

export interface SetCookie {
  attributes: Set<string>
  name: string
  sameSite: null | string
}

export function setCookies(x: Exchange): SetCookie[] {
  // Chromium joins several Set-Cookie lines of one response with \n inside one header value.
  return headerAll(x.resHeaders, 'set-cookie')
    .flatMap((v) => v.split('\n'))
    .map((line) => {
      const [pair, ...attrs] = line.split(';')
      const attributes = new Set(attrs.map((a) => a.split('=', 1)[0].trim().toLowerCase()))
      const ss = attrs.map((a) => /^\s*samesite\s*=\s*(\w+)/i.exec(a)?.[1]).find(Boolean) ?? null
      return {attributes, name: pair.split('=', 1)[0].trim(), sameSite: ss ? ss.toLowerCase() : null}
    })
    .filter((c) => c.name)
}

/** A JWT's header and claims (signature not verified), or null for opaque tokens. */
export function jwt(token: string | undefined, now: number): JwtInfo | null {
  if (!token || !token.startsWith('eyJ')) return null
  return decodeJwt(token, now)
}

/** The response's Date header in ms, else the time the request started (both are the server's or browser's clock). */
export function responseTime(x: Exchange): number {
  const d = header(x.resHeaders, 'date')
  const t = d ? Date.parse(d) : Number.NaN
  return Number.isFinite(t) ? t : x.startedMs
}
