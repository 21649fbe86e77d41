import {request as httpRequest} from 'node:http'
import {Agent as HttpsAgent} from 'node:https'
import {BlockList, isIP, type Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {type ConnectionOptions, connect as tlsConnect} from 'node:tls'

import {UsageError} from '../errors.js'

/** A proxy from the environment, ready to use. The credentials are secrets: never printed, never in a message. */
export interface Proxy {
  /** `Basic …` for Proxy-Authorization, when the URL carried user:password. */
  authorization: null | string
  host: string
  port: number
  /** The variable it came from (HTTPS_PROXY, https_proxy, ALL_PROXY…), for the findings. */
  source: string
}

/** The proxy variables as read once per run: which proxy each scheme uses, and what bypasses them. */
export interface ProxySettings {
  http: null | Proxy
  https: null | Proxy
  noProxy: NoProxy
  /** The credential strings a redaction pass must mask (user, password, their Basic form). */
  secrets: string[]
}

interface NoProxy {
  /** NO_PROXY=*: nothing is proxied. */
  all: boolean
  blocks: BlockList
  /** Host names and domain suffixes (without a leading dot), each with the one port it is limited to, if any. */
  names: {name: string; port: null | number}[]
  source: null | string
}

const MAX_VARIABLE = 4096

/** The first of these variables that is set and not empty (curl: lower case first). */
function pick(env: NodeJS.ProcessEnv, names: string[]): null | {name: string; value: string} {
  for (const name of names) {
    const value = env[name]?.trim()
    if (value) return {name, value: value.slice(0, MAX_VARIABLE)}
  }

  return null
}

/** A proxy URL as curl reads it: `http://[user:pass@]host[:port]`, the scheme optional, port 1080 by default. */
function parseProxy(name: string, value: string): Proxy {
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    // The value may hold a password: the message names the variable, never its content.
    throw new UsageError(`${name} is not a proxy URL errcode can read`, [
      `export ${name}=http://proxy.example.com:8080 (credentials, if the proxy wants them: http://user:pass@proxy.example.com:8080)`,
    ])
  }

  if (url.protocol !== 'http:')
    throw new UsageError(`${name}: errcode speaks to http:// proxies only, not ${url.protocol.slice(0, 20)}//`, [
      `export ${name}=http://proxy.example.com:8080`,
    ])
  const user = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  return {
    authorization: user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 1080),
    source: name,
  }
}

function parseNoProxy(env: NodeJS.ProcessEnv): NoProxy {
  const found = pick(env, ['no_proxy', 'NO_PROXY'])
  const out: NoProxy = {all: false, blocks: new BlockList(), names: [], source: found?.name ?? null}
  for (const raw of (found?.value ?? '').split(/[\s,]+/)) {
    const entry = raw.toLowerCase()
    if (!entry) continue
    if (entry === '*') {
      out.all = true
      continue
    }

    const cidr = /^([\d.]+|[\da-f:]+)\/(\d{1,3})$/.exec(entry)
    if (cidr && isIP(cidr[1])) {
      const family = isIP(cidr[1]) === 4 ? 'ipv4' : 'ipv6'
      const bits = Number(cidr[2])
      if (bits <= (family === 'ipv4' ? 32 : 128)) out.blocks.addSubnet(cidr[1], bits, family)
      continue
    }

    const bare = entry.replace(/^\[|\]$/g, '')
    if (isIP(bare)) {
      out.names.push({name: bare, port: null})
      continue
    }

    // host:port limits the entry to that port ([::1]:8080 for IPv6); a leading "." or "*." means the same as none.
    const withPort = /^(\[[\da-f:]+\]|[^:[\]]+):(\d{1,5})$/.exec(entry)
    const name = (withPort ? withPort[1] : entry).replace(/^\[|\]$/g, '').replace(/^\*?\./, '')
    if (name) out.names.push({name, port: withPort ? Number(withPort[2]) : null})
  }

  return out
}

/** The proxy settings of this environment; a proxy URL errcode cannot use is a usage error naming the variable. */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const httpsVar = pick(env, ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'])
  const httpVar = pick(env, ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'])
  const https = httpsVar ? parseProxy(httpsVar.name, httpsVar.value) : null
  const http = httpVar ? parseProxy(httpVar.name, httpVar.value) : null
  const secrets: string[] = []
  for (const v of [httpsVar, httpVar]) {
    if (!v) continue
    const url = URL.canParse(v.value) ? new URL(v.value) : null
    if (url?.password) secrets.push(url.password, decodeURIComponent(url.password))
    if (url?.username && url.password) secrets.push(`${url.username}:${url.password}`)
  }

  for (const p of [https, http]) if (p?.authorization) secrets.push(p.authorization.slice(6))
  return {http, https, noProxy: parseNoProxy(env), secrets: [...new Set(secrets.filter((s) => s.length >= 3))]}
}

/** Whether NO_PROXY sends this host straight to the server (curl's rules, plus host:port entries). */
export function bypassesProxy(noProxy: NoProxy, hostname: string, port: number): boolean {
  if (noProxy.all) return true
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '')
  const family = isIP(host)
  if (family && noProxy.blocks.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true
  return noProxy.names.some(
    (e) => (e.port === null || e.port === port) && (host === e.name || (!family && host.endsWith(`.${e.name}`))),
  )
}

/** The proxy a request to this URL goes through, or null when it goes straight to the server. */
export function proxyFor(settings: null | ProxySettings | undefined, url: URL): null | Proxy {
  if (!settings) return null
  const proxy = url.protocol === 'https:' ? settings.https : settings.http
  if (!proxy) return null
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  return bypassesProxy(settings.noProxy, url.hostname, port) ? null : proxy
}

/** host:port as a CONNECT request-target (RFC 9110 §9.3.6) and as findings show it; IPv6 in brackets. */
export function authority(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`
}

/** The proxy refused the tunnel: its status and, for a 407, the authentication scheme it asked for. */
export class ProxyRefusal extends Error {
  readonly code: string
  readonly scheme: null | string
  readonly status: number

  constructor(proxy: Proxy, target: string, status: number, authenticate: string | undefined) {
    super(`the proxy ${authority(proxy.host, proxy.port)} answered CONNECT ${target} with HTTP ${status}`)
    this.code = status === 407 ? 'PROXY_AUTH_REQUIRED' : 'PROXY_REFUSED'
    this.status = status
    this.scheme = authenticate ? (/^\s*([\w-]{1,30})/.exec(authenticate)?.[1] ?? null) : null
  }
}

/**
 * Open a CONNECT tunnel through the proxy to host:port and hand back the raw socket (TLS goes on top). A proxy
 * that answers anything but 2xx rejects with a ProxyRefusal; one that does not answer in time, with TIMEOUT.
 */
export function openTunnel(proxy: Proxy, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const target = authority(host, port)
  const headers: Record<string, string> = {host: target}
  if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      agent: false,
      headers,
      host: proxy.host,
      method: 'CONNECT',
      path: target,
      port: proxy.port,
    })
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('timeout'), {code: 'TIMEOUT'}))
    }, timeoutMs)
    req.once('connect', (res, socket, head) => {
      clearTimeout(timer)
      const status = res.statusCode ?? 0
      if (status < 200 || status > 299) {
        socket.destroy()
        reject(new ProxyRefusal(proxy, target, status, res.headers['proxy-authenticate']?.toString()))
        return
      }

      // Bytes after the proxy's answer belong to the tunnel: give them back to whoever reads the socket next.
      if (head.length > 0) socket.unshift(head)
      resolve(socket)
    })
    req.once('error', (error) => {
      clearTimeout(timer)
      reject(Object.assign(error, {viaProxy: true}))
    })
    req.end()
  })
}

/**
 * An https agent whose connections are CONNECT tunnels through the proxy, with TLS to the server on top: the
 * proxy sees only host:port, and the certificate is verified as for a direct connection.
 */
export function tunnellingAgent(proxy: Proxy, tls: ConstructorParameters<typeof HttpsAgent>[0], timeoutMs: number) {
  class TunnelAgent extends HttpsAgent {
    createConnection(
      options: ConnectionOptions & {host?: string; port?: number},
      callback: (error: Error | null, socket?: Duplex) => void,
    ): undefined {
      const host = String(options.host ?? '').replace(/^\[|\]$/g, '')
      openTunnel(proxy, host, Number(options.port ?? 443), timeoutMs).then(
        (socket) => {
          const secure = tlsConnect({...options, socket})
          callback(null, secure)
        },
        (error: Error) => callback(error),
      )
      return undefined
    }
  }

  return new TunnelAgent(tls)
}
