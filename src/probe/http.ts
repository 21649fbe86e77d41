import {Agent as HttpAgent, request as httpRequest, type IncomingMessage} from 'node:http'
import {Agent as HttpsAgent, request as httpsRequest} from 'node:https'

import {encodeRequest} from './client-auth.js'
import type {Exchange, HttpResponse, NetworkFailure, RequestSpec} from './types.js'

export interface TransportOptions {
  /** PEM of a private CA (--ca FILE). */
  ca?: string
  /** Skip certificate verification (--insecure). */
  insecure?: boolean
  maxBodyBytes?: number
  maxRequests?: number
  /** Longest Retry-After errcode waits before its one retry of a 429. */
  maxRetryWaitSeconds?: number
  /** Local time in ms, stamped on each response (clock-skew compares the server's Date header with it). */
  now?: () => number
  timeoutMs: number
}

export const DEFAULTS = {maxBodyBytes: 1024 * 1024, maxRequests: 15, maxRetryWaitSeconds: 30, timeoutMs: 10_000}

export interface HttpClient {
  close(): void
  send(spec: RequestSpec): Promise<Exchange>
  /** Requests actually sent so far (a retry counts). */
  readonly sent: number
}

const CERTIFICATE_CODE =
  /^(CERT_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_(GET|VERIFY|DECRYPT)|ERR_TLS_CERT_ALTNAME|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/

/** Turn a socket/TLS/parser error into a plain-words failure with its kind (reachability reports these). */
export function classifyNetworkError(error: unknown, url: URL): NetworkFailure {
  const e = error as {code?: string; message?: string}
  const code = typeof e?.code === 'string' ? e.code : null
  const host = url.hostname
  const where = `${host}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`
  const detail = (e?.message ?? String(error)).split('\n')[0]
  if (code && /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/.test(code)) {
    return {code, kind: 'dns', message: `the DNS lookup of ${host} failed (${code}): check the host name`}
  }

  if (code && /^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EADDRNOTAVAIL|ENETDOWN)$/.test(code)) {
    const what = code === 'ECONNREFUSED' ? 'refused the connection' : 'could not be reached'
    return {code, kind: 'tcp', message: `${where} ${what} (${code}): check the port, a firewall or a proxy`}
  }

  if (code && CERTIFICATE_CODE.test(code)) {
    return {
      code,
      kind: 'certificate',
      message: `the TLS certificate of ${host} is not trusted (${code}: ${detail}); use --ca FILE for a private CA`,
    }
  }

  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(detail)) {
    return {code, kind: 'reset', message: `${where} closed the connection without an answer (${code ?? 'reset'})`}
  }

  if (code && (/^ERR_SSL_|^ERR_TLS_/.test(code) || code === 'EPROTO')) {
    return {
      code,
      kind: 'tls',
      message: `the TLS handshake with ${where} failed (${code}): is it really https on that port?`,
    }
  }

  return {code, kind: 'protocol', message: `the answer from ${where} is not valid HTTP (${code ?? detail})`}
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Null when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): null | number {
  if (!value) return null
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v)
  const at = Date.parse(v)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000))
}

function flattenHeaders(message: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(message.headers)) {
    // A server names its headers: `__proto__` must become a header, not the object's prototype.
    if (value !== undefined)
      Object.defineProperty(out, name, {
        configurable: true,
        enumerable: true,
        value: Array.isArray(value) ? value.join(', ') : value,
        writable: true,
      })
  }

  return out
}

function parseJson(body: string, contentType: string | undefined): unknown {
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[{[]/.test(body)
  if (!looksJson) return undefined
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The probe's HTTP client: one request at a time, never follows redirects (a 3xx is a finding), TLS verification
 * on, a timeout per request, bodies capped, at most `maxRequests` per run, and one retry of a 429 that names a
 * Retry-After errcode is willing to wait for.
 */
export function createHttpClient(options: TransportOptions): HttpClient {
  const maxBody = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes
  const maxRequests = options.maxRequests ?? DEFAULTS.maxRequests
  const maxWait = options.maxRetryWaitSeconds ?? DEFAULTS.maxRetryWaitSeconds
  const now = options.now ?? Date.now
  const httpAgent = new HttpAgent({keepAlive: true, maxSockets: 1})
  const httpsAgent = new HttpsAgent({
    ca: options.ca,
    keepAlive: true,
    maxSockets: 1,
    rejectUnauthorized: !options.insecure,
  })
  let sent = 0
  let retried = false

  function once(spec: RequestSpec): Promise<{failure: NetworkFailure | null; response: HttpResponse | null}> {
    const url = new URL(spec.url)
    // Never implicitly: Node turns URL user:password into Basic credentials.
    url.username = ''
    url.password = ''
    const {body, headers} = encodeRequest(spec)
    if (body !== null) headers['content-length'] = String(Buffer.byteLength(body))
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    const agent = url.protocol === 'https:' ? httpsAgent : httpAgent
    sent++
    return new Promise((resolve) => {
      let settled = false
      const finish = (result: {failure: NetworkFailure | null; response: HttpResponse | null}) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(result)
      }

      const req = request(url, {agent, headers, method: spec.method}, (res) => {
        const receivedAt = now()
        const chunks: Buffer[] = []
        let size = 0
        let truncated = false
        const done = () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const responseHeaders = flattenHeaders(res)
          const json = truncated ? undefined : parseJson(text, responseHeaders['content-type'])
          finish({
            failure: null,
            response: {body: text, headers: responseHeaders, json, receivedAt, status: res.statusCode ?? 0, truncated},
          })
        }

        res.on('data', (chunk: Buffer) => {
          if (truncated) return
          const room = maxBody - size
          chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk)
          size += Math.min(chunk.length, room)
          if (chunk.length > room) {
            // Stop reading: the rest of a huge body is never needed and must not fill memory.
            truncated = true
            done()
            res.destroy()
          }
        })
        res.on('end', done)
        res.on('error', (error) => finish({failure: classifyNetworkError(error, url), response: null}))
      })
      const timer = setTimeout(() => {
        const seconds = options.timeoutMs / 1000
        finish({
          failure: {code: 'TIMEOUT', kind: 'timeout', message: `no answer within ${seconds} s (--timeout ${seconds})`},
          response: null,
        })
        req.destroy()
      }, options.timeoutMs)
      req.on('error', (error) => finish({failure: classifyNetworkError(error, url), response: null}))
      req.end(body ?? undefined)
    })
  }

  return {
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
    },
    async send(spec) {
      const started = performance.now()
      if (sent >= maxRequests) {
        const failure: NetworkFailure = {
          code: null,
          kind: 'budget',
          message: `not sent: errcode sends at most ${maxRequests} requests a run`,
        }
        return {failure, ms: 0, response: null, spec}
      }

      let result = await once(spec)
      let retriedAfter: number | undefined
      const wait =
        result.response?.status === 429 ? retryAfterSeconds(result.response.headers['retry-after'], now()) : null
      if (!retried && wait !== null && wait <= maxWait && sent < maxRequests) {
        retried = true
        retriedAfter = wait
        await sleep(wait * 1000)
        result = await once(spec)
      }

      return {...result, ms: Math.round(performance.now() - started), retriedAfter, spec}
    },
    get sent() {
      return sent
    },
  }
}
