/**
 * A small node:http token endpoint for what oidc-provider cannot show: a server that takes only one client
 * authentication method, answers errors with 200, forgets no-store, sends expires_in as a string, fails with an
 * HTML page, rate limits, redirects, never answers, sends a huge body, or resets the connection. Each behaviour
 * lives under its own path prefix: http://127.0.0.1:PORT/<scenario>/token. Also what a wrong URL looks like (a JSON
 * or HTML 404 for everything) and a client allowed only authorization_code.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'

export const STUB = {
  clientId: 'stub-client',
  code: 'stub-code-Q8r2Lx5Vn1Ws7Jd4',
  codeVerifier: 'stub-verifier-Zp4Mh9Tc2Yb6Ke1Rg3Nq8Uw5',
  redirectUri: 'http://127.0.0.1/callback',
  refreshToken: 'stub-refresh-Hs6Dk2Pv9Ln4Qx7Bt1Mz',
  secret: 'stub-secret-Wm3Fq8Xc5Rj1Tn6Ga',
  token: 'stub-access-token-Ey7Uo2Ai9Sd4Fg1Hj6Kl3',
}

type Scenario =
  | 'accept-any'
  | 'basic-only'
  | 'echo'
  | 'both'
  | 'code-only'
  | 'error-200'
  | 'form-200'
  | 'hang'
  | 'html-404'
  | 'html-500'
  | 'huge'
  | 'json-404'
  | 'no-cc'
  | 'no-store'
  | 'post-only'
  | 'rate-limit'
  | 'rate-limit-long'
  | 'redirect'
  | 'reset'
  | 'skewed'
  | 'string-expires'

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, {'cache-control': 'no-store', 'content-type': 'application/json', ...headers})
  res.end(JSON.stringify(body))
}

const oauthError = (
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
) => json(res, status, {error, error_description: description}, headers)

/** RFC 6749 Appendix B: the id and secret inside Basic are form-encoded. */
function readBasic(header: string | undefined): null | {id: string; secret: string} {
  const m = /^Basic (.+)$/i.exec(header ?? '')
  if (!m) return null
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const i = decoded.indexOf(':')
  const unform = (s: string) => decodeURIComponent(s.replaceAll('+', '%20'))
  return i < 0 ? null : {id: unform(decoded.slice(0, i)), secret: unform(decoded.slice(i + 1))}
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = ''
  for await (const chunk of req) body += chunk
  return body
}

function issue(res: ServerResponse, scenario: Scenario, extra: Record<string, unknown> = {}) {
  const headers: Record<string, string> = {}
  if (scenario === 'skewed') headers.date = new Date(Date.now() - 10 * 60_000).toUTCString()
  const body = {
    access_token: STUB.token,
    expires_in: scenario === 'string-expires' ? '3600' : 3600,
    token_type: 'Bearer',
    ...extra,
  }
  if (scenario === 'form-200') {
    // GitHub's token endpoint answers form-encoded unless asked for JSON
    // (https://github.com/googleworkspace/apps-script-oauth2/issues/6): a success with no JSON to read.
    res.writeHead(200, {'cache-control': 'no-store', 'content-type': 'application/x-www-form-urlencoded'})
    res.end(new URLSearchParams(body as Record<string, string>).toString())
  } else if (scenario === 'no-store') {
    res.writeHead(200, {'content-type': 'application/json'})
    res.end(JSON.stringify(body))
  } else json(res, 200, body, headers)
}

async function tokenEndpoint(scenario: Scenario, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'POST') {
    res.writeHead(405, {allow: 'POST', 'content-type': 'application/json'})
    res.end(JSON.stringify({error: 'invalid_request', error_description: 'use POST'}))
    return
  }

  const raw = await readBody(req)
  if (scenario === 'echo') {
    // A careless server that echoes what it got: the secret must still never reach errcode's output.
    const sent = new URLSearchParams(raw).get('client_secret') ?? readBasic(req.headers.authorization)?.secret ?? ''
    return oauthError(res, 401, 'invalid_client', `bad client secret "${sent}" in ${raw}`, {
      'x-debug-authorization': req.headers.authorization ?? '',
    })
  }

  if (scenario === 'error-200')
    return json(res, 200, {error: 'invalid_client', error_description: 'Bad client credentials'})
  if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
    return oauthError(res, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded')
  }

  const form = new URLSearchParams(raw)
  const basic = readBasic(req.headers.authorization)
  const post = form.has('client_secret')
    ? {id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? ''}
    : null
  if (!basic && !post) return oauthError(res, 400, 'invalid_request', 'missing client authentication')
  const challenge = basic ? {'www-authenticate': 'Basic realm="stub", error="invalid_client"'} : undefined
  if (basic && scenario === 'post-only')
    return oauthError(res, 401, 'invalid_client', 'client_secret_basic is not allowed for this client', challenge)
  if (post && scenario === 'basic-only')
    return oauthError(res, 401, 'invalid_client', 'client_secret_post is not allowed for this client')
  const creds = basic ?? post!
  const good =
    scenario === 'accept-any' ? creds.id === STUB.clientId : creds.id === STUB.clientId && creds.secret === STUB.secret
  if (!good) return oauthError(res, 401, 'invalid_client', 'client authentication failed', challenge)
  switch (form.get('grant_type')) {
    case null: {
      return oauthError(res, 400, 'invalid_request', 'grant_type is required')
    }

    case 'authorization_code': {
      const ok =
        form.get('code') === STUB.code &&
        form.get('redirect_uri') === STUB.redirectUri &&
        form.get('code_verifier') === STUB.codeVerifier
      return ok
        ? issue(res, scenario, {id_token: 'x.y.z'})
        : oauthError(res, 400, 'invalid_grant', 'authorization code is invalid or expired')
    }

    case 'client_credentials': {
      return scenario === 'no-cc' || scenario === 'code-only'
        ? oauthError(res, 400, 'unauthorized_client', 'client_credentials is not allowed for this client')
        : issue(res, scenario)
    }

    case 'refresh_token': {
      if (scenario === 'code-only')
        return oauthError(res, 400, 'unauthorized_client', 'refresh_token is not allowed for this client')
      return form.get('refresh_token') === STUB.refreshToken
        ? issue(res, scenario, {refresh_token: `${STUB.refreshToken}-rotated`})
        : oauthError(res, 400, 'invalid_grant', 'refresh token is invalid')
    }

    default: {
      return oauthError(res, 400, 'unsupported_grant_type', 'grant type not supported')
    }
  }
}

function metadata(res: ServerResponse, base: string, name: string) {
  // /issuer-basic names the basic-only endpoint; /issuer-mismatch claims an issuer with a trailing slash;
  // /issuer-code is a server without client_credentials; /issuer-wrong names a URL that answers 404; '' is the origin's own document (startStub's option).
  const issuer = name === 'issuer-mismatch' ? `${base}/${name}/` : name ? `${base}/${name}` : base
  const codeOnly = name === 'issuer-code'
  json(res, 200, {
    grant_types_supported: codeOnly ? ['authorization_code', 'refresh_token'] : ['client_credentials', 'refresh_token'],
    issuer,
    token_endpoint: `${base}/${codeOnly ? 'code-only' : name === 'issuer-wrong' ? 'json-404' : name ? 'basic-only' : 'both'}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
  })
}

export interface Stub {
  base: string
  close(): Promise<void>
  /** Requests seen per scenario (the rate-limit scenario answers 429 only to its first). */
  hits: Map<string, number>
}

/** Start the stub on 127.0.0.1, port 0; with `tls` it serves https with that key and certificate. */
export async function startStub(
  tls?: {cert: string; key: string},
  options: {originMetadata?: boolean} = {},
): Promise<Stub> {
  const hits = new Map<string, number>()
  let base = ''
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base)
    // issuer-basic publishes OpenID discovery; issuer-8414 and issuer-mismatch only RFC 8414 metadata.
    const rfc8414 = /^\/\.well-known\/oauth-authorization-server\/(issuer-8414|issuer-mismatch)$/.exec(url.pathname)
    if (rfc8414) return metadata(res, base, rfc8414[1])
    const [, name, ...rest] = url.pathname.split('/')
    if (options.originMetadata && url.pathname === '/.well-known/openid-configuration') return metadata(res, base, '')
    if (url.pathname.includes('/.well-known/')) {
      const published = ['issuer-basic', 'issuer-code', 'issuer-wrong'].includes(name)
      if (published && rest.join('/') === '.well-known/openid-configuration') return metadata(res, base, name)
      return oauthError(res, 404, 'invalid_request', 'no such document')
    }

    const scenario = name as Scenario
    const n = (hits.get(scenario) ?? 0) + 1
    hits.set(scenario, n)
    switch (scenario) {
      case 'hang': {
        return // never answer; closeAllConnections() ends it
      }

      case 'reset': {
        req.socket.destroy()
        return
      }

      case 'json-404': {
        // What Spring Boot's error controller sends for a path it does not map: JSON, with an "error" that is a
        // reason phrase, not an OAuth code.
        const body = {error: 'Not Found', path: url.pathname, status: 404, timestamp: new Date().toISOString()}
        return json(res, 404, body)
      }

      case 'html-404': {
        res.writeHead(404, {'content-type': 'text/html; charset=utf-8'})
        return res.end(
          '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>',
        )
      }

      case 'html-500': {
        res.writeHead(500, {'content-type': 'text/html'})
        return res.end('<html><body><h1>Internal Server Error</h1><p>Something went wrong.</p></body></html>')
      }

      case 'huge': {
        res.writeHead(200, {'content-type': 'text/plain'})
        const chunk = 'x'.repeat(64 * 1024)
        for (let i = 0; i < 40; i++) res.write(chunk) // 2.5 MB, more than the 1 MB cap
        return res.end()
      }

      case 'redirect': {
        res.writeHead(307, {location: `${base}/both/token`})
        return res.end()
      }

      case 'rate-limit': {
        if (n === 1) return oauthError(res, 429, 'slow_down', 'too many requests', {'retry-after': '1'})
        return tokenEndpoint('both', req, res)
      }

      case 'rate-limit-long': {
        return oauthError(res, 429, 'slow_down', 'too many requests', {'retry-after': '120'})
      }

      default: {
        return tokenEndpoint(scenario, req, res)
      }
    }
  }

  const server: Server = tls ? createHttpsServer(tls, handler) : createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    hits,
  }
}
