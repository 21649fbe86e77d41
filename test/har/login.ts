/**
 * A real login for the HAR tests: oidc-provider 8 (development login and consent forms on) and a small app on
 * 127.0.0.1 that serves the callback, driven like a browser running a single-page app: authorization code + PKCE,
 * then the token request and a userinfo call from the app's origin. Options break the flow the ways users do.
 */
import {createHash, randomBytes} from 'node:crypto'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import Provider from 'oidc-provider'

import {Recorder} from './recorder.js'

export const SPA = 'har-spa'
/** Same app, access tokens valid for one second: the expired-token case. */
export const SHORT = 'har-short'

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

export interface LoginServers {
  appOrigin: string
  blockedOrigin: string
  close: () => Promise<void>
  issuer: string
  redirectUri: string
}

/**
 * `appPage`: an HTML page the app serves at / and at /callback instead of its plain pages, for a real browser to run
 * (scripts/record-chromium-har.ts drives Chromium through the same login with it).
 */
export async function startLoginServers(options: {appPage?: string} = {}): Promise<LoginServers> {
  // The app: /login sets its correlation cookie (or, for the oversized-header case, many large cookies) before the
  // login starts; /callback is where the provider sends the browser back. Node itself answers 431 to oversized headers.
  const app = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]
    if (options.appPage && (path === '/' || path === '/callback')) {
      res.writeHead(200, {'content-type': 'text/html; charset=utf-8'}).end(options.appPage)
      return
    }

    const query = new URL(req.url ?? '/', 'http://x').searchParams
    const mode = query.get('cookie')
    const part = query.get('part') ?? ''
    if (req.url?.startsWith('/login')) {
      const cookies =
        mode === 'huge'
          ? Array.from({length: 10}, (_, i) => `app.chunk${part}${i}=${'x'.repeat(1000)}; Path=/; SameSite=Lax`)
          : [
              `app.correlation=${randomBytes(16).toString('hex')}; Path=/; HttpOnly; SameSite=${mode === 'strict' ? 'Strict' : 'Lax'}`,
            ]
      res.writeHead(200, {'content-type': 'text/html', 'set-cookie': cookies}).end('<p>login</p>')
    } else res.writeHead(200, {'content-type': 'text/html'}).end('<!doctype html><p>Signing you in...</p>')
  })
  const appOrigin = `http://127.0.0.1:${await listen(app)}`
  const idp = createServer()
  const issuer = `http://127.0.0.1:${await listen(idp)}`
  const redirectUri = `${appOrigin}/callback`
  const blockedOrigin = 'http://localhost:1'
  const client = (client_id: string) => ({
    client_id,
    grant_types: ['authorization_code'],
    redirect_uris: [redirectUri],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  })
  const provider = new Provider(issuer, {
    clientBasedCORS: (_ctx, origin) => origin === appOrigin,
    // No grace period: a one-second token must really be expired two seconds later.
    clockTolerance: 0,
    clients: [client(SPA), client(SHORT)],
    cookies: {keys: ['errcode-har-tests']},
    features: {devInteractions: {enabled: true}},
    pkce: {methods: ['S256'], required: () => true},
    ttl: {AccessToken: (_ctx, _token, c) => (c.clientId === SHORT ? 1 : 600)},
  })
  idp.on('request', provider.callback())
  const stop = (s: Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections()
      s.close(() => resolve())
    })
  return {
    appOrigin,
    blockedOrigin,
    close: async () => {
      await stop(app)
      await stop(idp)
    },
    issuer,
    redirectUri,
  }
}

export interface Breakage {
  client?: string
  /** The token request's redirect_uri (default: the authorization request's). */
  tokenRedirectUri?: string
  omitVerifier?: boolean
  reuseCode?: boolean
  /** Change the state in the redirect back to the app. */
  tamperState?: boolean
  /** The origin the app's calls come from. */
  origin?: string
  waitBeforeUserinfoMs?: number
  /** prompt=none from an iframe: silent renew. */
  silent?: boolean
  /** The verifier itself as the S256 challenge (a plain challenge under the wrong method). */
  plainChallenge?: boolean
  noState?: boolean
  /** Start at the app's /login, which sets a cookie: lax (kept), strict (left home on the way back), huge (431). */
  appCookie?: 'huge' | 'lax' | 'strict'
  responseMode?: 'form_post' | 'fragment'
}

const formOf = (html: string) => /<form[^>]*action="([^"]+)"/.exec(html)?.[1]

/** Drive one login; returns the recorder (its HAR) and what the app saw. */
export async function login(s: LoginServers, b: Breakage = {}, rec = new Recorder()) {
  const verifier = randomBytes(32).toString('base64url')
  const state = randomBytes(12).toString('base64url')
  const nonce = randomBytes(12).toString('base64url')
  const clientId = b.client ?? SPA
  // Twice for the oversized case: one response may carry only so many headers (undici stops at 16 kB).
  if (b.appCookie) await rec.send(`${s.appOrigin}/login?cookie=${b.appCookie}&part=a`)
  if (b.appCookie === 'huge') await rec.send(`${s.appOrigin}/login?cookie=${b.appCookie}&part=b`)
  await rec.send(`${s.issuer}/.well-known/openid-configuration`, {headers: {origin: b.origin ?? s.appOrigin}})
  const authorize = new URL(`${s.issuer}/auth`)
  for (const [k, v] of Object.entries({
    client_id: clientId,
    code_challenge: b.plainChallenge ? verifier : createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    nonce,
    redirect_uri: s.redirectUri,
    response_type: 'code',
    scope: 'openid email',
    ...(b.noState ? {} : {state}),
    ...(b.silent ? {prompt: 'none'} : {}),
    ...(b.responseMode ? {response_mode: b.responseMode} : {}),
  }))
    authorize.searchParams.set(k, v)
  let page = await rec.follow(authorize.toString(), b.silent ? {headers: {'sec-fetch-dest': 'iframe'}} : {})
  const tamper = (next: string) =>
    b.tamperState && next.startsWith(s.redirectUri) ? next.replace(`state=${state}`, 'state=tampered-by-a-proxy') : next
  const atApp = () => rec.entries.at(-1)!.request.url.startsWith(s.redirectUri)
  for (let form = 0; form < 3 && !atApp(); form++) {
    const action = formOf(page.body)
    if (!action) throw new Error(`no form on the page: ${page.body.slice(0, 200)}`)
    // The form's own fields (hidden ones carry the prompt), with the development login's user and password typed in.
    const fields = new URLSearchParams()
    for (const m of page.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g))
      fields.set(m[1], /value="([^"]*)"/.exec(m[0])?.[1] ?? '')
    if (fields.has('login')) fields.set('login', 'alice@example.test')
    if (fields.has('password')) fields.set('password', 'correct-horse-battery')
    const body = fields.toString()
    page = await rec.follow(new URL(action, s.issuer).toString(), {body}, tamper)
  }

  // The code as the app received it: in the query, the form_post body, or the fragment of the redirect.
  const last = rec.entries.at(-1)!
  const before = rec.entries.at(-2)!
  const code =
    new URL(last.request.url).searchParams.get('code') ??
    new URLSearchParams(last.request.postData?.text ?? '').get('code') ??
    new URLSearchParams(before.response.redirectURL.split('#')[1] ?? '').get('code') ??
    ''
  if (!code || rec.entries.at(-1)!.response.status >= 400) return {accessToken: null, code, rec, state, verifier}
  const origin = b.origin ?? s.appOrigin
  const token = () =>
    rec.send(`${s.issuer}/token`, {
      body: new URLSearchParams({
        client_id: clientId,
        code,
        ...(b.omitVerifier ? {} : {code_verifier: verifier}),
        grant_type: 'authorization_code',
        redirect_uri: b.tokenRedirectUri ?? s.redirectUri,
      }).toString(),
      headers: {accept: 'application/json', origin},
    })
  let tokens = await token()
  if (b.reuseCode) tokens = await token()
  const accessToken = tokens.status === 200 ? (JSON.parse(tokens.body) as {access_token: string}).access_token : null
  if (accessToken) {
    if (b.waitBeforeUserinfoMs) await new Promise((r) => setTimeout(r, b.waitBeforeUserinfoMs))
    await rec.send(`${s.issuer}/me`, {
      headers: {accept: 'application/json', authorization: `Bearer ${accessToken}`, origin},
    })
  }

  return {accessToken, code, rec, state, verifier}
}
