/** Scrub a whole HAR: every entry's URL, headers, cookies, query, bodies and redirect target. */
import {UsageError} from '../errors.js'
import {type ScrubKind, Scrubber} from './scrub.js'

export interface ScrubSummary {
  entries: number
  replaced: {count: number; distinct: number; kind: ScrubKind}[]
  total: number
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : [])
const TEXTUAL = /json|text|xml|html|javascript|x-www-form-urlencoded/i
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization'])

function headers(s: Scrubber, v: unknown): void {
  for (const h of list(v)) {
    if (typeof h.value !== 'string' || typeof h.name !== 'string') continue
    const name = h.name.toLowerCase()
    if (CREDENTIAL_HEADERS.has(name)) h.value = s.credentials(h.value)
    else if (name === 'cookie') h.value = s.cookies(h.value, false)
    else if (name === 'set-cookie')
      h.value = h.value
        .split('\n')
        .map((line) => s.cookies(line, true))
        .join('\n')
    else h.value = s.param(name, h.value) ?? s.text(h.value)
  }
}

function cookies(s: Scrubber, v: unknown): void {
  for (const c of list(v)) if (typeof c.value === 'string') c.value = s.cookies(`x=${c.value}`, false).slice(2)
}

function params(s: Scrubber, v: unknown, encoded: boolean): void {
  for (const q of list(v)) {
    if (typeof q.name !== 'string' || typeof q.value !== 'string') continue
    const r = s.param(q.name, q.value, encoded)
    q.value = r === undefined ? s.text(q.value) : encoded ? encodeURIComponent(r) : r
  }
}

/** The scrubbed HAR as text, and what was replaced. Throws a UsageError when the text is not a HAR. */
export function scrubHar(text: string): {output: string; summary: ScrubSummary} {
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch {
    throw new UsageError('not a HAR file (not JSON)')
  }

  const log = isObj(root) ? root.log : undefined
  if (!isObj(log) || !Array.isArray(log.entries)) throw new UsageError('not a HAR file (no "log.entries" list)')
  const s = new Scrubber()
  const entries = list(log.entries)
  for (const e of entries) {
    const req = isObj(e.request) ? e.request : {}
    const res = isObj(e.response) ? e.response : {}
    if (typeof req.url === 'string') req.url = s.url(req.url)
    headers(s, req.headers)
    cookies(s, req.cookies)
    params(s, req.queryString, false)
    if (isObj(req.postData)) {
      const mime = typeof req.postData.mimeType === 'string' ? req.postData.mimeType : ''
      if (typeof req.postData.text === 'string') req.postData.text = s.body(req.postData.text, mime)
      params(s, req.postData.params, /x-www-form-urlencoded/i.test(mime))
    }

    headers(s, res.headers)
    cookies(s, res.cookies)
    if (typeof res.redirectURL === 'string') res.redirectURL = s.url(res.redirectURL)
    const content = isObj(res.content) ? res.content : null
    if (content && typeof content.text === 'string') {
      const mime = typeof content.mimeType === 'string' ? content.mimeType : ''
      // Images, fonts and scripts are kept as they are; a text body stored as base64 is scrubbed and stored back.
      if (content.encoding === 'base64' && TEXTUAL.test(mime))
        content.text = Buffer.from(s.body(Buffer.from(content.text, 'base64').toString('utf8'), mime)).toString(
          'base64',
        )
      else if (content.encoding !== 'base64' && (TEXTUAL.test(mime) || mime === ''))
        content.text = s.body(content.text, mime)
    }
  }

  // A value found late (a cookie) may occur earlier where no name announced it (the redirect to /interaction/<id>
  // that set it): one last pass over the whole text, so every occurrence gets the same placeholder.
  let output = `${JSON.stringify(root, null, 2)}\n`
  for (const v of s.p.known()) {
    if (!output.includes(v)) continue
    const parts = output.split(v)
    s.p.more(v, parts.length - 1)
    output = parts.join(s.p.placeholderOf(v)!)
  }

  const replaced = [...s.p.counts]
    .map(([kind, c]) => ({kind, ...c}))
    .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1))
  return {
    output,
    summary: {entries: entries.length, replaced, total: replaced.reduce((n, r) => n + r.count, 0)},
  }
}
