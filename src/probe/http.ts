import {Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions} from 'node:http'
import {Agent as HttpsAgent, request as httpsRequest} from 'node:https'

import {encodeRequest} from './client-auth.js'
import {authority, type Proxy, proxyFor, ProxyRefusal, type ProxySettings, tunnellingAgent} from './proxy.js'
import type {Exchange, HttpResponse, NetworkFailure, RequestSpec} from './types.js'

export interface TransportOptions {
  /** PEM of a private CA (--ca FILE). */
  ca?: string
  /** The --cert / --key pair, presented only on requests marked `mtls` (RFC 8705). */
  clientCertificate?: {cert: string; key: string}
  /** Skip certificate verification (--insecure). */
  insecure?: boolean
  maxBodyBytes?: number
  maxRequests?: number
  /** Longest Retry-After errcode waits before its one retry of a 429. */
  maxRetryWaitSeconds?: number
  /** Local time in ms, stamped on each response (clock-skew compares the server's Date header with it). */
  now?: () => number
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as read from the environment (proxy.ts); none: straight to the server. */
  proxy?: null | ProxySettings
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

/** Trust errors (the chain does not end in a root this run trusts), as opposed to expiry or a wrong name. */
const UNTRUSTED_CODE =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/

/** Why the proxy stopped the request, in words that say what to change (never the credentials themselves). */
function proxyRefusal(error: ProxyRefusal, proxy: Proxy): NetworkFailure {
  const where = `the proxy ${authority(proxy.host, proxy.port)} (from ${proxy.source})`
  if (error.status === 407) {
    const scheme = error.scheme ? `, ${error.scheme}` : ''
    const message = proxy.authorization
      ? `${where} refused the credentials in ${proxy.source} (HTTP 407${scheme}): check the user name and password, URL-encoded (@ is %40)`
      : `the proxy wants credentials (HTTP 407 from ${authority(proxy.host, proxy.port)}${scheme}): put them in ${proxy.source} as http://user:pass@host:port`
    return {code: error.code, kind: 'proxy', message}
  }

  return {
    code: error.code,
    kind: 'proxy',
    message: `${where} refused the tunnel (HTTP ${error.status}): it may not allow this host; ask for it to be allowed, or list the host in NO_PROXY if it is reachable without the proxy`,
  }
}

/**
 * Turn a socket/TLS/parser error into a plain-words failure with its kind (reachability reports these). With a
 * proxy in use, errors on the way to the proxy name the proxy, and a certificate nobody trusts is most likely the
 * proxy's own (TLS inspection).
 */
export function classifyNetworkError(error: unknown, url: URL, proxy: null | Proxy = null): NetworkFailure {
  const e = error as {code?: string; message?: string; viaProxy?: boolean}
  if (proxy && error instanceof ProxyRefusal) return proxyRefusal(error, proxy)
  const code = typeof e?.code === 'string' ? e.code : null
  const toProxy = Boolean(proxy && e?.viaProxy)
  const host = toProxy ? proxy!.host : url.hostname
  const port = toProxy ? proxy!.port : url.port || (url.protocol === 'https:' ? 443 : 80)
  const where = toProxy ? `the proxy ${authority(proxy!.host, proxy!.port)} (from ${proxy!.source})` : `${host}:${port}`
  const detail = (e?.message ?? String(error)).split('\n')[0]
  // The tunnel's own deadline (proxy.ts), when it fires before the request's.
  if (code === 'TIMEOUT') return {code, kind: 'timeout', message: `no answer from ${where} in time (--timeout)`}
  if (code && /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/.test(code)) {
    const check = toProxy ? `check ${proxy!.source}` : 'check the host name'
    return {code, kind: 'dns', message: `the DNS lookup of ${host} failed (${code}): ${check}`}
  }

  if (code && /^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EADDRNOTAVAIL|ENETDOWN)$/.test(code)) {
    const what = code === 'ECONNREFUSED' ? 'refused the connection' : 'could not be reached'
    const check = toProxy
      ? `check ${proxy!.source}, or whether the proxy runs`
      : 'check the port, a firewall or a proxy'
    return {code, kind: toProxy ? 'proxy' : 'tcp', message: `${where} ${what} (${code}): ${check}`}
  }

  if (code && CERTIFICATE_CODE.test(code)) {
    const reSigned = proxy && UNTRUSTED_CODE.test(code)
    // The handshake's authorizationError is the code itself: say it once.
    const why = detail && detail !== code ? `${code}: ${detail}` : code
    return {
      code,
      ...(reSigned && {interception: true}),
      kind: 'certificate',
      message: reSigned
        ? `the TLS certificate presented for ${host} is not trusted (${why}) and a proxy is in use (${proxy.source}): your proxy re-signs TLS: pass its root with --ca FILE`
        : `the TLS certificate of ${host} is not trusted (${why}); use --ca FILE for a private CA`,
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
  const tls = {ca: options.ca, keepAlive: true, maxSockets: 1, rejectUnauthorized: !options.insecure}
  const httpsAgent = new HttpsAgent(tls)
  const tunnelAgent = options.proxy?.https ? tunnellingAgent(options.proxy.https, tls, options.timeoutMs) : null
  let sent = 0
  let retried = false
  // Separate agents (and tunnels): a kept-alive connection without the certificate must never carry an mTLS request.
  const certificate = options.clientCertificate
  const mtlsTls = certificate ? {...tls, cert: certificate.cert, key: certificate.key} : null
  const mtlsAgent = mtlsTls ? new HttpsAgent(mtlsTls) : null
  const mtlsTunnelAgent =
    mtlsTls && options.proxy?.https ? tunnellingAgent(options.proxy.https, mtlsTls, options.timeoutMs) : null

  function once(spec: RequestSpec): Promise<{failure: NetworkFailure | null; response: HttpResponse | null}> {
    const url = new URL(spec.url)
    // Never implicitly: Node turns URL user:password into Basic credentials.
    url.username = ''
    url.password = ''
    const {body, headers} = encodeRequest(spec)
    if (body !== null) headers['content-length'] = String(Buffer.byteLength(body))
    const proxy = proxyFor(options.proxy, url)
    const https = url.protocol === 'https:'
    const send = () => {
      const common = {headers, method: spec.method}
      if (https) {
        const agent =
          spec.mtls && mtlsAgent ? (proxy ? mtlsTunnelAgent! : mtlsAgent) : proxy ? tunnelAgent! : httpsAgent
        return httpsRequest(url, {...common, agent})
      }
      if (!proxy) return httpRequest(url, {...common, agent: httpAgent})
      // Plain http through a proxy: the absolute URL as the request-target (RFC 9112 §3.2.2), sent to the proxy.
      const viaProxy: RequestOptions = {
        ...common,
        agent: httpAgent,
        headers: {...headers, host: url.host, ...(proxy.authorization && {'proxy-authorization': proxy.authorization})},
        host: proxy.host,
        path: url.href,
        port: proxy.port,
      }
      return httpRequest(viaProxy)
    }

    sent++
    return new Promise((resolve) => {
      let settled = false
      const finish = (result: {failure: NetworkFailure | null; response: HttpResponse | null}) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(result)
      }

      const req = send()
      req.once('response', (res) => {
        const receivedAt = now()
        if (proxy && !https && res.statusCode === 407) {
          // The proxy's answer, not the server's: the request never got further.
          const refusal = new ProxyRefusal(proxy, url.host, 407, res.headers['proxy-authenticate']?.toString())
          finish({failure: classifyNetworkError(refusal, url, proxy), response: null})
          res.destroy()
          return
        }

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
        res.on('error', (error) => finish({failure: classifyNetworkError(error, url, proxy), response: null}))
      })
      const timer = setTimeout(() => {
        const seconds = options.timeoutMs / 1000
        finish({
          failure: {code: 'TIMEOUT', kind: 'timeout', message: `no answer within ${seconds} s (--timeout ${seconds})`},
          response: null,
        })
        req.destroy()
      }, options.timeoutMs)
      req.on('error', (error) => finish({failure: classifyNetworkError(error, url, proxy), response: null}))
      req.end(body ?? undefined)
    })
  }

  return {
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
      tunnelAgent?.destroy()
      mtlsAgent?.destroy()
      mtlsTunnelAgent?.destroy()
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
