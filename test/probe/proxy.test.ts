/**
 * probe behind proxies (issue 9, "Networks as they are"): which proxy a URL uses (HTTPS_PROXY, HTTP_PROXY,
 * NO_PROXY as curl reads them), CONNECT tunnels and absolute-form http through a real proxy on 127.0.0.1, a 407,
 * a proxy that re-signs TLS, and the catalog's fix named for TLS failures.
 */
import {readFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {UsageError} from '../../src/errors.js'
import {proxyFor, proxySettings} from '../../src/probe/proxy.js'
import {check, findLeaks, probe, recordOutput} from './helpers.js'
import {makeCa, startProxy, type TestProxy} from './proxy-server.js'
import {startStub, STUB, type Stub} from './stub-server.js'

const via = (env: Record<string, string>, url: string) => {
  const p = proxyFor(proxySettings(env), new URL(url))
  return p ? `${p.host}:${p.port} ${p.source}` : null
}

describe('which proxy a URL goes through', () => {
  it('https uses HTTPS_PROXY, http uses HTTP_PROXY; lower case first, as curl; ALL_PROXY as the fallback', () => {
    const env = {HTTP_PROXY: 'http://h.example:3128', HTTPS_PROXY: 'http://s.example:8080'}
    expect(via(env, 'https://idp.example/token')).toBe('s.example:8080 HTTPS_PROXY')
    expect(via(env, 'http://idp.example/token')).toBe('h.example:3128 HTTP_PROXY')
    expect(via({...env, https_proxy: 'http://lower.example:1'}, 'https://idp.example/')).toBe(
      'lower.example:1 https_proxy',
    )
    expect(via({ALL_PROXY: 'all.example:9'}, 'https://idp.example/')).toBe('all.example:9 ALL_PROXY')
    expect(via({HTTPS_PROXY: 'bare.example'}, 'https://idp.example/')).toBe('bare.example:1080 HTTPS_PROXY')
    expect(via({HTTP_PROXY: 'http://h.example:3128'}, 'https://idp.example/')).toBeNull()
    expect(via({}, 'https://idp.example/')).toBeNull()
  })

  it('NO_PROXY: domains and their subdomains, a leading dot or *., host:port, IPs and CIDR ranges, *', () => {
    const P = {HTTPS_PROXY: 'http://p.example:8080'}
    const noProxy = (list: string, url: string) => via({...P, NO_PROXY: list}, url) === null
    expect(noProxy('example.com', 'https://example.com/')).toBe(true)
    expect(noProxy('example.com', 'https://login.example.com/')).toBe(true)
    expect(noProxy('example.com', 'https://notexample.com/')).toBe(false)
    expect(noProxy('.example.com', 'https://example.com/')).toBe(true)
    expect(noProxy('*.example.com', 'https://a.b.example.com/')).toBe(true)
    expect(noProxy('idp.example:8443', 'https://idp.example:8443/')).toBe(true)
    expect(noProxy('idp.example:8443', 'https://idp.example/')).toBe(false)
    expect(noProxy('10.0.0.0/8, 192.168.1.5', 'https://10.20.30.40/')).toBe(true)
    expect(noProxy('10.0.0.0/8, 192.168.1.5', 'https://192.168.1.5/')).toBe(true)
    expect(noProxy('10.0.0.0/8', 'https://11.0.0.1/')).toBe(false)
    expect(noProxy('fd00::/8', 'https://[fd12::1]/')).toBe(true)
    expect(noProxy('::1', 'https://[::1]:8443/')).toBe(true)
    expect(noProxy('*', 'https://anything.example/')).toBe(true)
    expect(via({...P, no_proxy: 'other.example', NO_PROXY: 'idp.example'}, 'https://idp.example/')).not.toBeNull()
  })

  it('loopback goes through the proxy unless NO_PROXY lists it, as curl does', () => {
    const P = {HTTPS_PROXY: 'http://p.example:8080'}
    expect(via(P, 'https://127.0.0.1:8443/')).toBe('p.example:8080 HTTPS_PROXY')
    expect(via(P, 'https://localhost/')).toBe('p.example:8080 HTTPS_PROXY')
    expect(via({...P, NO_PROXY: 'localhost,127.0.0.1'}, 'https://127.0.0.1:8443/')).toBeNull()
  })

  it('a proxy URL errcode cannot use is a usage error that names the variable, never its password', () => {
    const read = (value: string) => () => proxySettings({HTTPS_PROXY: value})
    expect(read('socks5://u:hunter2-secret@p.example:1080')).toThrow(UsageError)
    expect(read('socks5://u:hunter2-secret@p.example:1080')).toThrow(
      /HTTPS_PROXY: errcode speaks to http:\/\/ proxies only/,
    )
    expect(read('http://u:hunter2-secret@[bad')).toThrow(/^HTTPS_PROXY is not a proxy URL/)
    for (const bad of ['socks5://u:hunter2-secret@p.example:1080', 'http://u:hunter2-secret@[bad']) {
      try {
        read(bad)()
      } catch (error) {
        expect(JSON.stringify({m: (error as Error).message, s: (error as UsageError).suggestions})).not.toContain(
          'hunter2',
        )
      }
    }
  })
})

const SERVER_CA = makeCa('errcode test server CA')
const INSPECTION_CA = makeCa('Inspecting Proxy Root CA')
const PROXY_USER = 'probe-user'
const PROXY_PASSWORD = 'pr0xy-pa55word'

let https: Stub
let http: Stub
let open: TestProxy
let guarded: TestProxy
let inspecting: TestProxy
beforeAll(async () => {
  ;[https, http, open, guarded, inspecting] = await Promise.all([
    startStub({cert: SERVER_CA.chain, key: SERVER_CA.key}),
    startStub(),
    startProxy(),
    startProxy({credentials: `${PROXY_USER}:${PROXY_PASSWORD}`}),
    startProxy({reSign: {cert: INSPECTION_CA.chain, key: INSPECTION_CA.key}}),
  ])
})
afterAll(() => Promise.all([https, http, open, guarded, inspecting].map((s) => s.close())))

const creds = (endpoint: string, env: Record<string, string>, flags: Record<string, unknown> = {}) =>
  probe({'client-id': STUB.clientId, 'client-secret-env': 'S', endpoint, ...flags}, {env: {S: STUB.secret, ...env}})

describe('through a proxy on loopback', () => {
  it('https: a CONNECT tunnel, TLS to the server inside it, and reachability names the proxy', async () => {
    const endpoint = `${https.base}/both/token`
    const r = await creds(endpoint, {HTTPS_PROXY: open.url}, {ca: SERVER_CA.caFile})
    const {host} = new URL(endpoint)
    expect(open.seen).toContain(`CONNECT ${host}`)
    expect(check(r.report, 'reachability').status).toBe('pass')
    expect(check(r.report, 'reachability').finding).toContain(
      `CONNECT ${host} through the proxy 127.0.0.1:${open.port} (from HTTPS_PROXY): tunnel open`,
    )
    expect(check(r.report, 'reachability').request).toMatchObject({method: 'CONNECT', url: host})
    expect(r.report.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'accepted'})
    expect(r.exit).toBe(0)
  })

  it('http: absolute-form requests to the proxy (no CONNECT)', async () => {
    const before = open.seen.length
    const endpoint = `${http.base}/basic-only/token`
    const r = await creds(endpoint, {http_proxy: open.url}, {only: ['reachability', 'empty-post', 'auth-basic']})
    const seen = open.seen.slice(before)
    expect(seen).toContain(`POST ${endpoint}`)
    expect(seen.some((line) => line.startsWith('CONNECT'))).toBe(false)
    expect(check(r.report, 'reachability').finding).toContain(
      `TCP connection to the proxy 127.0.0.1:${open.port} (from http_proxy)`,
    )
    expect(check(r.report, 'auth-basic').status).toBe('pass')
  })

  it('NO_PROXY listing the host: straight to the server, and reachability says why', async () => {
    const before = open.seen.length
    const r = await creds(
      `${https.base}/both/token`,
      {HTTPS_PROXY: open.url, NO_PROXY: '127.0.0.1'},
      {ca: SERVER_CA.caFile},
    )
    expect(open.seen.length).toBe(before)
    expect(check(r.report, 'reachability').finding).toMatch(/^Not through the proxy: NO_PROXY lists 127\.0\.0\.1\. /)
    expect(r.report.authMethods.client_secret_basic).toBe('accepted')
  })

  it('407 without credentials: "the proxy wants credentials", the catalog\'s 407 entry, nothing else sent', async () => {
    const r = await creds(`${https.base}/both/token`, {HTTPS_PROXY: guarded.url}, {ca: SERVER_CA.caFile})
    const reach = check(r.report, 'reachability')
    expect(reach.status).toBe('fail')
    expect(reach.finding).toBe(
      `The proxy wants credentials (HTTP 407 from 127.0.0.1:${guarded.port}, Basic): put them in HTTPS_PROXY as http://user:pass@host:port.`,
    )
    expect(reach.explanation?.id).toBe('transport/407')
    expect(check(r.report, 'auth-basic').status).toBe('skip')
    expect(r.exit).toBe(1)
  })

  it('without reachability, each request still names the proxy: a 407 or a proxy that is not there', async () => {
    const endpoint = `${https.base}/both/token`
    const r = await creds(endpoint, {HTTPS_PROXY: guarded.url}, {ca: SERVER_CA.caFile, only: ['auth-basic']})
    expect(check(r.report, 'auth-basic').status).toBe('fail')
    expect(check(r.report, 'auth-basic').finding).toContain(
      `the proxy wants credentials (HTTP 407 from 127.0.0.1:${guarded.port}, Basic): put them in HTTPS_PROXY`,
    )
    expect(check(r.report, 'auth-basic').explanation?.id).toBe('transport/407')
    const inspected = await creds(endpoint, {HTTPS_PROXY: inspecting.url}, {only: ['auth-basic']})
    expect(check(inspected.report, 'auth-basic').finding).toContain('your proxy re-signs TLS')
    expect(check(inspected.report, 'auth-basic').explanation?.id).toBe('transport/tls-interception')
    const tunnels = open.seen.filter((line) => line.startsWith('CONNECT')).length
    const through = await creds(
      endpoint,
      {HTTPS_PROXY: open.url},
      {ca: SERVER_CA.caFile, only: ['auth-basic', 'auth-post']},
    )
    expect(through.report.authMethods).toEqual({client_secret_basic: 'accepted', client_secret_post: 'accepted'})
    // One tunnel carries both requests (keep-alive), as a browser or curl would reuse it.
    expect(open.seen.filter((line) => line.startsWith('CONNECT')).length - tunnels).toBe(1)
  })

  it('credentials in HTTPS_PROXY open the tunnel; wrong ones are named as wrong; neither is ever printed', async () => {
    const good = `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${guarded.port}`
    const ok = await creds(`${https.base}/both/token`, {HTTPS_PROXY: good}, {ca: SERVER_CA.caFile, verbose: true})
    expect(check(ok.report, 'reachability').status).toBe('pass')
    expect(ok.report.authMethods.client_secret_basic).toBe('accepted')
    expect(check(ok.report, 'reachability').finding).not.toContain(PROXY_USER)

    const bad = `http://${PROXY_USER}:not-the-password@127.0.0.1:${guarded.port}`
    const refused = await creds(`${https.base}/both/token`, {HTTPS_PROXY: bad})
    expect(check(refused.report, 'reachability').finding).toContain(
      `refused the credentials in HTTPS_PROXY (HTTP 407, Basic)`,
    )

    const plain = await creds(
      `${http.base}/both/token`,
      {HTTP_PROXY: `http://127.0.0.1:${guarded.port}`},
      {
        only: ['empty-post'],
      },
    )
    expect(check(plain.report, 'empty-post').finding).toContain('the proxy wants credentials (HTTP 407')
    expect(check(plain.report, 'empty-post').finding).toContain('put them in HTTP_PROXY')
  })

  it('a proxy that re-signs TLS: "your proxy re-signs TLS: pass its root with --ca", then --ca with its root works', async () => {
    const endpoint = `${https.base}/both/token`
    const r = await creds(endpoint, {HTTPS_PROXY: inspecting.url})
    const reach = check(r.report, 'reachability')
    expect(reach.status).toBe('fail')
    expect(reach.finding).toContain('issued by Inspecting Proxy Root CA')
    expect(reach.finding).toContain('(SELF_SIGNED_CERT_IN_CHAIN) and a proxy is in use (HTTPS_PROXY)')
    expect(reach.finding).toContain('your proxy re-signs TLS: pass its root with --ca FILE')
    expect(reach.explanation?.id).toBe('transport/tls-interception')
    // The Node fix, as the catalog's chain-error entry words it.
    expect(reach.finding).toMatch(/For a Node app: NODE_EXTRA_CA_CERTS=/)

    const trusted = await creds(endpoint, {HTTPS_PROXY: inspecting.url}, {ca: INSPECTION_CA.caFile})
    expect(check(trusted.report, 'reachability').status).toBe('pass')
    expect(trusted.report.authMethods.client_secret_basic).toBe('accepted')
  })

  it("a proxy that refuses the host (403): the tunnel is named as refused, with the catalog's tunnel entry", async () => {
    // Never resolved here: through a proxy, only the proxy looks the name up (and this one refuses it).
    const r = await creds('https://idp.example.test/oauth2/token', {HTTPS_PROXY: open.url})
    const reach = check(r.report, 'reachability')
    expect(open.seen).toContain('CONNECT idp.example.test:443')
    expect(reach.finding).toBe(
      `The proxy 127.0.0.1:${open.port} (from HTTPS_PROXY) refused the tunnel (HTTP 403): it may not allow this host; ask for it to be allowed, or list the host in NO_PROXY if it is reachable without the proxy.`,
    )
    expect(reach.explanation?.id).toBe('transport/tunneling socket could not be established')
  })

  it('a proxy that never answers CONNECT: a timeout through the proxy, within --timeout', async () => {
    const held: import('node:net').Socket[] = []
    const silent = createServer((socket) => held.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const {port} = silent.address() as {port: number}
    try {
      const r = await creds(`${https.base}/both/token`, {HTTPS_PROXY: `http://127.0.0.1:${port}`}, {timeout: '0.5'})
      expect(check(r.report, 'reachability').finding).toBe(
        `No connection through the proxy 127.0.0.1:${port} (from HTTPS_PROXY) within 0.5 s (--timeout).`,
      )
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('a proxy that is not there: named as the proxy, with the variable to check', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const {port} = closed.address() as {port: number}
    await new Promise((resolve) => closed.close(resolve))
    const r = await creds(`${https.base}/both/token`, {HTTPS_PROXY: `http://127.0.0.1:${port}`})
    expect(check(r.report, 'reachability').finding).toBe(
      `The proxy 127.0.0.1:${port} (from HTTPS_PROXY) refused the connection (ECONNREFUSED): check HTTPS_PROXY, or whether the proxy runs.`,
    )
  })
})

describe('TLS failures name the fix from the catalog', () => {
  it('a self-signed server without a proxy: the transport entry, and its Node fix in the finding', async () => {
    const r = await creds(`${https.base}/both/token`, {})
    const reach = check(r.report, 'reachability')
    // The server sends its CA along: the chain ends in a root this run does not trust.
    expect(reach.finding).toContain('(SELF_SIGNED_CERT_IN_CHAIN); use --ca FILE for a private CA')
    expect(reach.explanation?.id).toBe('transport/SELF_SIGNED_CERT_IN_CHAIN')
    const nodeFix = reach.explanation!.fixes.find((f) => f.startsWith('Node:'))
    expect(nodeFix).toBeDefined()
    expect(reach.finding).toContain(`For a Node app: ${nodeFix!.replace(/^Node:\s*/, '')}`)
    expect(reach.finding).not.toContain('re-signs')
  })
})

it('never prints the proxy credentials or the client secret: every output of this file is scanned', () => {
  expect(readFileSync(INSPECTION_CA.caFile, 'utf8')).toContain('BEGIN CERTIFICATE')
  recordOutput('seen by the proxies', [...open.seen, ...guarded.seen, ...inspecting.seen].join('\n'))
  expect(
    findLeaks([
      {id: PROXY_USER, value: PROXY_PASSWORD},
      {id: STUB.clientId, value: STUB.secret},
    ]),
  ).toEqual([])
})
