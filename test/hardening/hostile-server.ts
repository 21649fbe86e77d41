/**
 * A hostile token endpoint and metadata server on 127.0.0.1: it reflects what it was sent in every encoding,
 * answers 400,000 levels deep, hands out tokens in forms a redactor might miss, writes terminal escapes into its
 * errors, and points discovery at URLs that are not URLs or at another server. Every request is recorded, so a
 * test can tell whether a secret was sent at all.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface Received {
  authorization?: string
  body: string
  path: string
}

export interface Hostile {
  close(): Promise<void>
  received: Received[]
  url: string
}

export const ISSUED = {
  access: 'at-Vq7Lm2Xc9Rt4Bn6Hs1Kd8Wp3Zy5',
  id: 'id-Gh3Jk8Lm1Np6Qr4St9Uv2Wx7Yz0',
  refresh: 'rt-Ab5Cd0Ef7Gh2Ij9Kl4Mn1Op6Qr3',
}

const ESC = '\u001B]52;c;ZWNobyBwd25lZA==\u0007\u001B]0;pwned\u0007\u001B[2J\u009B31m\u202E'
const formEncode = (s: string) => new URLSearchParams([['', s]]).toString().slice(1)
const strict = (s: string) => encodeURIComponent(s).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)

function secretOf(req: IncomingMessage, body: string): string {
  const form = new URLSearchParams(body).get('client_secret')
  if (form !== null) return form
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')
  if (!basic) return ''
  const pair = Buffer.from(basic[1], 'base64').toString('utf8')
  return decodeURIComponent(pair.slice(pair.indexOf(':') + 1).replaceAll('+', '%20'))
}

function answer(path: string, req: IncomingMessage, body: string, res: ServerResponse, base: string, other: string) {
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {'content-type': 'application/json', ...headers})
    res.end(typeof value === 'string' ? value : JSON.stringify(value))
  }

  const secret = secretOf(req, body)
  const [, scenario, rest] = /^\/([^/]+)(\/.*)?$/.exec(path) ?? []
  if (rest?.startsWith('/.well-known/')) {
    const endpoints: Record<string, string> = {
      'iss-bad': 'not a url at all',
      'iss-escape': `${base}/reflect-raw/token${ESC}`,
      'iss-file': 'file:///etc/passwd',
      'iss-js': 'javascript:alert(1)',
      'iss-other': `${other}/reflect-raw/token`,
      'iss-userinfo': `http://admin:hunter2hunter2@127.0.0.1:1/token`,
    }
    return json(200, {issuer: `${base}/${scenario}`, token_endpoint: endpoints[scenario] ?? `${base}/x/token`})
  }

  switch (scenario) {
    case 'deep':
      return json(400, `${'['.repeat(400_000)}${']'.repeat(400_000)}`)
    case 'escape':
      return json(
        400,
        {error: `invalid_client${ESC}`, error_description: `bad${ESC}client`, error_uri: `https://x.example/${ESC}`},
        {'x-request-id': '\u009B2J\u009D0;pwned\u009C'},
      )
    case 'reflect-raw':
      return json(401, {error: 'invalid_client', error_description: `got ${body} and ${req.headers.authorization}`})
    case 'reflect-decoded':
      return json(401, `{"error":"invalid_client","error_description":"secret ${secret}"}`)
    case 'reflect-json':
      return json(401, {error: 'invalid_client', error_description: `secret ${secret}`})
    case 'reflect-form':
      res.writeHead(401, {'content-type': 'application/x-www-form-urlencoded'})
      return res.end(`error=invalid_client&error_description=${formEncode(`secret ${secret}`)}&echo=${strict(secret)}`)
    case 'reflect-header':
      return json(
        401,
        {error: 'invalid_client'},
        {
          'set-cookie': `s=${formEncode(secret)}; Path=/`,
          'x-debug': `secret=${secret} auth=${req.headers.authorization}`,
        },
      )
    case 'proto':
      // Names of Object members as header names, JSON keys and error codes.
      res.setHeader('__proto__', 'p')
      res.setHeader('constructor', 'c')
      return json(
        400,
        '{"__proto__":{"error":"x"},"constructor":"y","error":"toString","error_description":"hasOwnProperty"}',
      )
    case 'tokens-camel':
      return json(200, {
        accessToken: ISSUED.access,
        expiresIn: 3600,
        idToken: ISSUED.id,
        refreshToken: ISSUED.refresh,
        tokenType: 'Bearer',
      })
    case 'tokens-form':
      res.writeHead(200, {'cache-control': 'no-store', 'content-type': 'application/x-www-form-urlencoded'})
      return res.end(`access_token=${ISSUED.access}&refresh_token=${ISSUED.refresh}&token_type=bearer&expires_in=3600`)
    case 'tokens-header':
      return json(
        200,
        {expires_in: 3600, token_type: 'Bearer'},
        {'x-access-token': ISSUED.access, 'x-refresh-token': ISSUED.refresh},
      )
    default:
      return json(404, {error: 'not_found'})
  }
}

/** Two servers: `url` and another one on its own port (another origin, for discovery pointing elsewhere). */
export async function startHostile(): Promise<{main: Hostile; other: Hostile}> {
  const start = async (peer: () => string): Promise<Hostile> => {
    const received: Received[] = []
    let base = ''
    const server: Server = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => {
        if (body.length < 100_000) body += d
      })
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0]
        received.push({authorization: req.headers.authorization, body, path})
        answer(path, req, body, res, base, peer())
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return {close: () => new Promise<void>((resolve) => server.close(() => resolve())), received, url: base}
  }

  let otherUrl = ''
  const other = await start(() => otherUrl)
  otherUrl = other.url
  const main = await start(() => other.url)
  return {main, other}
}
