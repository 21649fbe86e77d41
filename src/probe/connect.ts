import {lookup} from 'node:dns/promises'
import {isIP, type Socket, connect as tcpConnect} from 'node:net'
import {connect as tlsConnect, type TLSSocket} from 'node:tls'

import {classifyNetworkError} from './http.js'
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

/**
 * The reachability probe: DNS, then TCP, then (for https) the TLS handshake and certificate, each reported on its
 * own so "cannot connect" becomes "the DNS name does not resolve" or "the certificate has expired". No HTTP
 * request is made. The certificate is checked here by hand (rejectUnauthorized off, then `authorized`) so its
 * details can be reported even when it is not trusted.
 */
export async function checkConnection(
  url: URL,
  options: {ca?: string; insecure?: boolean; timeoutMs: number},
): Promise<ConnectionReport> {
  const started = performance.now()
  const steps: string[] = []
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const ms = () => Math.round(performance.now() - started)
  const fail = (error: unknown): ConnectionReport => {
    const e = error as {code?: string}
    const failure: NetworkFailure =
      e?.code === 'TIMEOUT'
        ? {
            code: 'TIMEOUT',
            kind: 'timeout',
            message: `no connection to ${host}:${port} within ${options.timeoutMs / 1000} s (--timeout)`,
          }
        : classifyNetworkError(error, url)
    return {failure, ms: ms(), steps}
  }

  let address = host
  if (!isIP(host)) {
    try {
      address = (await withDeadline(lookup(host), options.timeoutMs, () => {})).address
      steps.push(`${host} resolves to ${address}`)
    } catch (error) {
      return fail(error)
    }
  }

  let socket: Socket | undefined
  try {
    socket = await withDeadline(
      new Promise<Socket>((resolve, reject) => {
        const s = tcpConnect({host: address, port})
        s.once('connect', () => resolve(s))
        s.once('error', reject)
      }),
      options.timeoutMs,
      () => socket?.destroy(),
    )
    steps.push(`TCP connection to ${address}:${port}`)
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
      () => socket?.destroy(),
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
  const failure = classifyNetworkError(Object.assign(new Error(reason), {code: reason}), url)
  if (options.insecure) return {failure: null, ms: ms(), steps, untrustedCertificate: failure.message}
  return {failure: {...failure, kind: 'certificate'}, ms: ms(), steps}
}
