/**
 * A small forward proxy for the probe's tests, on 127.0.0.1 only: CONNECT tunnels and absolute-form http
 * requests, optionally demanding Basic credentials (407), optionally re-signing TLS with its own CA the way an
 * inspecting corporate proxy does. It forwards to 127.0.0.1 only and answers 403 for anything else.
 */
import {mkdtempSync, readFileSync} from 'node:fs'
import {createServer, type IncomingMessage, request} from 'node:http'
import {connect, type Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {connect as tlsConnect, TLSSocket} from 'node:tls'

import {issued, selfSigned} from '../helpers/certs.mjs'

export interface TestProxy {
  close(): Promise<void>
  port: number
  /** Every request line the proxy got: `CONNECT 127.0.0.1:1234`, `POST http://127.0.0.1:1234/both/token`. */
  seen: string[]
  url: string
}

export interface ProxyOptions {
  /** `user:pass` the proxy wants in Proxy-Authorization (else it answers 407). */
  credentials?: string
  /** Terminate TLS with this certificate (leaf + CA chain) and key, and speak TLS to the server itself. */
  reSign?: {cert: string; key: string}
}

function authorized(req: IncomingMessage, credentials: string | undefined): boolean {
  if (!credentials) return true
  return req.headers['proxy-authorization'] === `Basic ${Buffer.from(credentials).toString('base64')}`
}

const DENIED = 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="errcode-test"\r\n'

export async function startProxy(options: ProxyOptions = {}): Promise<TestProxy> {
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    if (!authorized(req, options.credentials)) {
      res.writeHead(407, {'proxy-authenticate': 'Basic realm="errcode-test"'}).end()
      return
    }

    const target = URL.canParse(req.url ?? '') ? new URL(req.url!) : null
    if (!target || target.hostname !== '127.0.0.1') {
      res.writeHead(403).end()
      return
    }

    const headers = {...req.headers}
    delete headers['proxy-authorization']
    const upstream = request(target, {headers, method: req.method}, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`)
    client.on('error', () => client.destroy())
    if (!authorized(req, options.credentials)) {
      client.end(`${DENIED}content-length: 0\r\n\r\n`)
      return
    }

    const [host, port] = [(req.url ?? '').replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(req.url ?? '')?.[1])]
    if (host !== '127.0.0.1' || !port) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')
      return
    }

    if (options.reSign) {
      // What an inspecting proxy does: the client's TLS ends here, with a certificate of the proxy's own CA.
      client.write('HTTP/1.1 200 Connection established\r\n\r\n')
      const inner = new TLSSocket(client, {cert: options.reSign.cert, isServer: true, key: options.reSign.key})
      const upstream = tlsConnect({host, port, rejectUnauthorized: false})
      inner.on('error', () => upstream.destroy())
      upstream.on('error', () => inner.destroy())
      inner.pipe(upstream).pipe(inner)
      return
    }

    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
    port,
    seen,
    url: `http://127.0.0.1:${port}`,
  }
}

/** A CA and a leaf for 127.0.0.1 it signed, made by openssl for this test run only (two days valid). */
export function makeCa(name: string): {caFile: string; chain: string; key: string} {
  const dir = mkdtempSync(join(tmpdir(), 'errcode-proxy-ca-'))
  const file = (f: string) => join(dir, f)
  selfSigned(dir, 'ca', `/CN=${name}`)
  issued(dir, 'ca', 'leaf', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE')
  const ca = readFileSync(file('ca.pem'), 'utf8')
  return {
    caFile: file('ca.pem'),
    chain: readFileSync(file('leaf.pem'), 'utf8') + ca,
    key: readFileSync(file('leaf.key'), 'utf8'),
  }
}
