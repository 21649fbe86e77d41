import {lookup} from 'node:dns/promises'
import {isIP, type Socket, connect as tcpConnect} from 'node:net'
import {connect as tlsConnect, type TLSSocket} from 'node:tls'

import {classifyNetworkError} from './http.js'
import {authority, openTunnel, type Proxy} from './proxy.js'
import type {NetworkFailure} from './types.js'

export interface ConnectionReport {
  failure: NetworkFailure | null
  ms: number
  /** What was established, step by step, in plain words. */
  steps: string[]
  /** Set when the certificate is not trusted but --insecure let the run continue. */
  untrustedCertificate?: string
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h)
}

function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      reject(Object.assign(new Error('timeout'), {code: 'TIMEOUT'}))
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** The socket to speak TLS (or nothing) over: straight to the server, or a CONNECT tunnel through the proxy. */
async function openSocket(
  url: URL,
  host: string,
  port: number,
  options: {proxy?: null | Proxy; timeoutMs: number},
  steps: string[],
): Promise<Socket> {
  const {proxy, timeoutMs} = options
  if (proxy) {
    const via = `the proxy ${authority(proxy.host, proxy.port)} (from ${proxy.source})`
    if (url.protocol !== 'https:') {
      // Plain http goes to the proxy as absolute-form requests: reaching the proxy is all there is to check here.
      const socket = await tcp(proxy.host, proxy.port, timeoutMs, true)
      steps.push(`TCP connection to ${via}, which forwards the plain http requests`)
      return socket
    }

    const socket = await openTunnel(proxy, host, port, timeoutMs)
    steps.push(`CONNECT ${authority(host, port)} through ${via}: tunnel open`)
    return socket
  }

  let address = host
  if (!isIP(host)) {
    address = (await withDeadline(lookup(host), timeoutMs, () => {})).address
    steps.push(`${host} resolves to ${address}`)
  }

  const socket = await tcp(address, port, timeoutMs, false)
  steps.push(`TCP connection to ${authority(address, port)}`)
  return socket
}

function tcp(host: string, port: number, timeoutMs: number, toProxy: boolean): Promise<Socket> {
  let socket: Socket | undefined
  return withDeadline(
    new Promise<Socket>((resolve, reject) => {
      socket = tcpConnect({host, port})
      socket.once('connect', () => resolve(socket!))
      socket.once('error', (error) => reject(Object.assign(error, {viaProxy: toProxy})))
    }),
    timeoutMs,
    () => socket?.destroy(),
  )
}

/**
 * The reachability probe: DNS, then TCP, then (for https) the TLS handshake and certificate, each reported on its
 * own so "cannot connect" becomes "the DNS name does not resolve" or "the certificate has expired". No HTTP
 * request is made (through a proxy, only the CONNECT that opens the tunnel). The certificate is checked here by
 * hand (rejectUnauthorized off, then `authorized`) so its details can be reported even when it is not trusted.
 */
export async function checkConnection(
  url: URL,
  options: {ca?: string; insecure?: boolean; proxy?: null | Proxy; timeoutMs: number},
): Promise<ConnectionReport> {
  const started = performance.now()
  const steps: string[] = []
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const proxy = options.proxy ?? null
  const ms = () => Math.round(performance.now() - started)
  const fail = (error: unknown): ConnectionReport => {
    const e = error as {code?: string}
    const where = proxy ? `the proxy ${authority(proxy.host, proxy.port)} (from ${proxy.source})` : `${host}:${port}`
    const failure: NetworkFailure =
      e?.code === 'TIMEOUT'
        ? {
            code: 'TIMEOUT',
            kind: 'timeout',
            message: `no connection ${proxy ? 'through' : 'to'} ${where} within ${options.timeoutMs / 1000} s (--timeout)`,
          }
        : classifyNetworkError(error, url, proxy)
    return {failure, ms: ms(), steps}
  }

  let socket: Socket
  try {
    socket = await openSocket(url, host, port, options, steps)
  } catch (error) {
    return fail(error)
  }

  if (url.protocol !== 'https:') {
    socket.destroy()
    return {failure: null, ms: ms(), steps}
  }

  let tls: TLSSocket | undefined
  try {
    tls = await withDeadline(
      new Promise<TLSSocket>((resolve, reject) => {
        const t = tlsConnect({
          ca: options.ca,
          host,
          rejectUnauthorized: false,
          servername: isIP(host) ? undefined : host,
          socket,
        })
        t.once('secureConnect', () => resolve(t))
        t.once('error', reject)
      }),
      options.timeoutMs,
      () => socket.destroy(),
    )
  } catch (error) {
    socket.destroy()
    return fail(error)
  }

  const cert = tls.getPeerCertificate()
  const subject = cert?.subject?.CN ?? cert?.subjectaltname ?? 'unknown subject'
  const issuer = cert?.issuer?.O ?? cert?.issuer?.CN ?? 'unknown issuer'
  steps.push(
    `${tls.getProtocol() ?? 'TLS'} with a certificate for ${subject} issued by ${issuer}, valid until ${cert?.valid_to ?? 'unknown'}`,
  )
  const authorized = tls.authorized
  const reason = String(tls.authorizationError ?? '')
  tls.destroy()
  if (authorized) return {failure: null, ms: ms(), steps}
  const failure = classifyNetworkError(Object.assign(new Error(reason), {code: reason}), url, proxy)
  if (options.insecure) return {failure: null, ms: ms(), steps, untrustedCertificate: failure.message}
  return {failure: {...failure, kind: 'certificate'}, ms: ms(), steps}
}
