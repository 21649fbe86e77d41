/**
 * A HAR 1.2 file as a list of exchanges: only what a login diagnosis reads, with bodies left in the file until a
 * step needs one. Static assets (scripts, styles, images, fonts, media) keep no body at all: nothing in them can
 * be part of a login.
 */
import {closeSync, openSync, readFileSync, readSync, statSync} from 'node:fs'

import {UsageError} from '../errors.js'
import {type JsonValue, JsonSyntaxError, LazyText, parseJsonLazy} from './json.js'

export const DEFAULT_HAR_MAX_BYTES = 256 * 1024 * 1024
/** Bodies larger than this are never read (a login response is a few kB; 2 MB allows an HTML page with inline scripts). */
const MAX_BODY = 2 * 1024 * 1024

export interface Header {
  name: string
  value: string
}

export interface Exchange {
  /** Index in log.entries. */
  entry: number
  /** `_error` (Chromium: net::ERR_FAILED and the like), the reason for a status 0. */
  failure: null | string
  method: string
  redirectURL: string
  reqHeaders: Header[]
  reqBody: () => null | string
  reqMime: string
  resHeaders: Header[]
  resBody: () => null | string
  resMime: string
  /** Chromium's `_resourceType` (document, xhr, fetch, preflight...), when present. */
  resourceType: null | string
  startedDateTime: string
  startedMs: number
  isStatic: boolean
  status: number
  statusText: string
  url: string
}

export interface Har {
  creator: null | string
  exchanges: Exchange[]
  pages: number
}

type Obj = {[key: string]: JsonValue}
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof LazyText)
const field = (o: Obj, k: string): JsonValue | undefined => (Object.hasOwn(o, k) ? o[k] : undefined)
const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : v instanceof LazyText ? v.value() : '')

function headers(v: JsonValue | undefined): Header[] {
  if (!Array.isArray(v)) return []
  const out: Header[] = []
  for (const h of v) {
    if (!isObj(h)) continue
    const name = field(h, 'name')
    const value = field(h, 'value')
    if (typeof name === 'string') out.push({name: name.toLowerCase(), value: typeof value === 'string' ? value : ''})
  }

  return out
}

const STATIC_TYPES = new Set(['font', 'image', 'media', 'script', 'stylesheet', 'texttrack', 'manifest'])
const STATIC_MIME = /^(?:image|font|audio|video)\/|javascript|ecmascript|^text\/css|wasm|octet-stream/i
const STATIC_PATH = /\.(?:js|mjs|css|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|eot|map|mp4|webm|wasm)$/i

function isStaticAsset(url: string, mime: string, resourceType: null | string): boolean {
  if (resourceType && STATIC_TYPES.has(resourceType)) return true
  if (STATIC_MIME.test(mime)) return true
  const path = url.split(/[?#]/, 1)[0]
  return STATIC_PATH.test(path)
}

/** A body reader: lazy, bounded, base64 decoded when the HAR stored it that way and it is text. */
function body(content: Obj | undefined, isStatic: boolean): () => null | string {
  if (!content || isStatic) return () => null
  const raw = field(content, 'text')
  const size = raw instanceof LazyText ? raw.rawLength : typeof raw === 'string' ? raw.length : 0
  if (raw === undefined || size > MAX_BODY) return () => null
  const base64 = field(content, 'encoding') === 'base64'
  let cached: null | string | undefined
  return () => {
    if (cached !== undefined) return cached
    const t = text(raw)
    cached = base64 ? Buffer.from(t, 'base64').toString('utf8') : t
    return cached
  }
}

// Writers of `params` differ: DevTools keeps the values as sent (percent-encoded), chrome-har decodes them. A value
// with a %XX escape and nothing a form encoder would have escaped is taken as sent; any other value is encoded.
const AS_SENT = /^[\w.~*'()!%+-]*$/
const ESCAPE = /%[0-9A-Fa-f]{2}/
const formPart = (v: string) => (AS_SENT.test(v) && ESCAPE.test(v) ? v : encodeURIComponent(v))

/**
 * The request body of a postData that has `params` and no `text` (HAR 1.2 makes them alternatives; chrome-har writes
 * form and JSON bodies that way), rebuilt as the body that was sent: a form, or a JSON object for a JSON type.
 */
function paramsBody(post: Obj | undefined): () => null | string {
  const params = post ? field(post, 'params') : undefined
  if (!post || field(post, 'text') !== undefined || !Array.isArray(params)) return () => null
  const json = /json/i.test(text(field(post, 'mimeType')))
  let cached: null | string | undefined
  return () => {
    if (cached !== undefined) return cached
    const parts: string[] = []
    let size = 0
    for (const p of params) {
      if (!isObj(p)) continue
      const name = text(field(p, 'name'))
      const value = text(field(p, 'value'))
      const part = json ? `${JSON.stringify(name)}:${JSON.stringify(value)}` : `${formPart(name)}=${formPart(value)}`
      size += part.length + 1
      if (size > MAX_BODY) return (cached = null)
      parts.push(part)
    }

    cached = json ? `{${parts.join(',')}}` : parts.join('&')
    return cached
  }
}

function notHar(file: string, why: string): UsageError {
  return new UsageError(`${file}: not a HAR file (${why})`, [
    'export it from the browser: DevTools > Network > "Export HAR"',
    'errcode decode --file FILE reads any other text',
  ])
}

/** Read and check a HAR; throws a UsageError (exit 2) when the text is not one. */
export function parseHar(source: string, file = 'input'): Har {
  let root: JsonValue
  try {
    root = parseJsonLazy(source)
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw notHar(file, `not JSON: ${error.message}`)
    throw error
  }

  const log = isObj(root) ? field(root, 'log') : undefined
  if (!isObj(log)) throw notHar(file, 'no "log" object')
  const entries = field(log, 'entries')
  if (!Array.isArray(entries)) throw notHar(file, 'no "log.entries" list')
  const creator = field(log, 'creator')
  const pages = field(log, 'pages')
  const exchanges: Exchange[] = []
  for (const [i, e] of entries.entries()) {
    if (!isObj(e)) continue
    const req = field(e, 'request')
    const res = field(e, 'response')
    if (!isObj(req) || !isObj(res)) continue
    const url = text(field(req, 'url'))
    const content = field(res, 'content')
    const post = field(req, 'postData')
    const resMime = isObj(content) ? text(field(content, 'mimeType')) : ''
    const rt = field(e, '_resourceType')
    const resourceType = typeof rt === 'string' ? rt.toLowerCase() : null
    const isStatic = isStaticAsset(url, resMime, resourceType)
    const started = text(field(e, 'startedDateTime'))
    const status = field(res, 'status')
    const failure = field(res, '_error') ?? field(e, '_error')
    exchanges.push({
      entry: i,
      failure: typeof failure === 'string' && failure ? failure : null,
      isStatic,
      method: text(field(req, 'method')).toUpperCase() || 'GET',
      redirectURL: text(field(res, 'redirectURL')),
      reqBody:
        isObj(post) && field(post, 'text') === undefined
          ? paramsBody(post)
          : body(isObj(post) ? post : undefined, false),
      reqHeaders: headers(field(req, 'headers')),
      reqMime: isObj(post) ? text(field(post, 'mimeType')) : '',
      resBody: body(isObj(content) ? content : undefined, isStatic),
      resHeaders: headers(field(res, 'headers')),
      resMime,
      resourceType,
      startedDateTime: started,
      startedMs: Date.parse(started),
      status: typeof status === 'number' ? status : 0,
      statusText: text(field(res, 'statusText')),
      url,
    })
  }

  // HAR says entries are sorted by startedDateTime; a merged or hand-edited file may not be.
  exchanges.sort((a, b) => (a.startedMs || 0) - (b.startedMs || 0) || a.entry - b.entry)
  return {
    creator: isObj(creator) ? text(field(creator, 'name')) || null : null,
    exchanges,
    pages: Array.isArray(pages) ? pages.length : 0,
  }
}

/** The file as text: a regular file under the cap, else a usage error. */
export function readHarFile(file: string, maxBytes = DEFAULT_HAR_MAX_BYTES): string {
  let size: number
  try {
    const stat = statSync(file)
    if (!stat.isFile()) throw new UsageError(`${file}: not a regular file`)
    size = stat.size
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(
      `${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      [],
      'FILE_UNREADABLE',
    )
  }

  if (size > maxBytes)
    throw new UsageError(
      `${file} is ${Math.round(size / 1024 / 1024)} MB, over the ${Math.round(maxBytes / 1024 / 1024)} MB limit`,
      [`raise the limit: --max-bytes ${size}`],
      'INPUT_REJECTED',
    )
  return readFileSync(file, 'utf8')
}

export const header = (list: Header[], name: string): string | undefined => list.find((h) => h.name === name)?.value
export const headerAll = (list: Header[], name: string): string[] =>
  list.filter((h) => h.name === name).map((h) => h.value)

/** Does this path name a HAR: a regular file called *.har, or one whose text opens with `{"log":`? Reads 256 bytes. */
export function isHarFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false
    if (/\.har$/i.test(file)) return true
    const fd = openSync(file, 'r')
    try {
      const head = Buffer.alloc(256)
      const n = readSync(fd, head, 0, 256, 0)
      return /^\uFEFF?\s*\{\s*"log"\s*:/.test(head.subarray(0, n).toString('utf8'))
    } finally {
      closeSync(fd)
    }
  } catch {
    return false
  }
}
