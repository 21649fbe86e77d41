/**
 * A browser stand-in for the HAR tests: a real HTTP client (fetch) that follows redirects one hop at a time, keeps
 * cookies per host, and records every exchange as a HAR 1.2 entry, the way DevTools' "Export HAR" does.
 */
import type {Entry, Har, Header} from 'har-format'

export interface Sent {
  body?: string
  /** A navigation from another site: SameSite=Strict cookies stay home, as a browser keeps them. */
  crossSite?: boolean
  headers?: Record<string, string>
  method?: string
}

export class Recorder {
  readonly entries: Entry[] = []
  private readonly jar = new Map<string, Map<string, string>>()
  private readonly strict = new Set<string>()

  /** One exchange, recorded; no redirect is followed. */
  async send(
    url: string,
    init: Sent = {},
  ): Promise<{body: string; headers: Headers; location: null | string; status: number}> {
    // A browser never sends the fragment, and DevTools records the URL it requested.
    url = url.split('#', 1)[0]
    const u = new URL(url)
    const headers: Record<string, string> = {accept: 'text/html,application/json', ...init.headers}
    const cookies = [...(this.jar.get(u.host) ?? [])].filter(
      ([k]) => !(init.crossSite && this.strict.has(`${u.host} ${k}`)),
    )
    if (cookies.length > 0) headers.cookie = cookies.map(([k, v]) => `${k}=${v}`).join('; ')
    if (init.body !== undefined) headers['content-type'] ??= 'application/x-www-form-urlencoded'
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST')
    const started = new Date()
    const res = await fetch(url, {body: init.body, headers, method, redirect: 'manual'})
    const body = await res.text()
    const setCookies = res.headers.getSetCookie()
    for (const line of setCookies) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      const jar = this.jar.get(u.host) ?? new Map<string, string>()
      const value = pair.slice(eq + 1)
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(pair.slice(0, eq))
      else jar.set(pair.slice(0, eq), value)
      if (/;\s*samesite=strict/i.test(line)) this.strict.add(`${u.host} ${pair.slice(0, eq)}`)
      this.jar.set(u.host, jar)
    }

    const location = res.headers.get('location')
    const resHeaders: Header[] = []
    res.headers.forEach((value, name) => {
      if (name !== 'set-cookie') resHeaders.push({name, value})
    })
    for (const value of setCookies) resHeaders.push({name: 'set-cookie', value})
    const elapsed = Date.now() - started.getTime()
    this.entries.push({
      cache: {},
      request: {
        bodySize: init.body?.length ?? 0,
        cookies: [],
        headers: [{name: 'host', value: u.host}, ...Object.entries(headers).map(([name, value]) => ({name, value}))],
        headersSize: -1,
        httpVersion: 'HTTP/1.1',
        method,
        queryString: [...u.searchParams].map(([name, value]) => ({name, value})),
        url,
        ...(init.body === undefined
          ? {}
          : {postData: {mimeType: headers['content-type'], params: [], text: init.body}}),
      },
      response: {
        bodySize: body.length,
        content: {mimeType: res.headers.get('content-type') ?? '', size: body.length, text: body},
        cookies: [],
        headers: resHeaders,
        headersSize: -1,
        httpVersion: 'HTTP/1.1',
        redirectURL: location ? new URL(location, url).toString() : '',
        status: res.status,
        statusText: res.statusText,
      },
      startedDateTime: started.toISOString(),
      time: elapsed,
      timings: {receive: 0, send: 0, wait: elapsed},
    })
    return {
      body,
      headers: res.headers,
      location: location ? new URL(location, url).toString() : null,
      status: res.status,
    }
  }

  /**
   * Follow redirects from `url` (at most 20 hops) and return the last response. `rewrite` lets a test tamper with
   * a redirect target before the browser follows it (a changed state).
   */
  async follow(url: string, init: Sent = {}, rewrite: (next: string) => string = (n) => n) {
    let r = await this.send(url, init)
    let from = url
    for (let hop = 0; hop < 20 && r.location && r.status >= 300 && r.status < 400; hop++) {
      const next = rewrite(r.location)
      // Ports stand in for sites here: the app and the provider are both on 127.0.0.1.
      r = await this.send(next, {crossSite: new URL(next).host !== new URL(from).host})
      from = next
    }

    return r
  }

  har(): Har {
    return {
      log: {creator: {name: 'errcode test recorder', version: '1'}, entries: this.entries, pages: [], version: '1.2'},
    }
  }
}
