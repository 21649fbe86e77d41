// A real authorization server for the probe tests and `npm run bench`: panva's oidc-provider 8 on 127.0.0.1, port 0.
// The issuer must be known before the Provider is built, so the port is bound first (upstream test_helper.js does
// the same). Plain JS so scripts/bench-probe.mjs can import it without a TypeScript step.
import {createServer} from 'node:http'

import Provider from 'oidc-provider'

/** The clients every test and the bench use. The secret with ':' '+' ' ' and 'é' checks RFC 6749 Appendix B encoding. */
export const OIDC_CLIENTS = {
  basic: {id: 'probe-basic', secret: 'basic-secret-7Hq2vX9pLm4Rt8Wz'},
  post: {id: 'probe-post', secret: 'post-secret-Kd3nB6yQe1Fs5Gu0'},
  odd: {id: 'probe odd:id', secret: 'odd s3cr:t+/%&=Yy81kQ~!'},
  noClientCredentials: {id: 'probe-code-only', secret: 'code-only-secret-Vb2Nm7Lp0Qw3'},
}

// ---- authorization endpoint and PAR (probe-authz) -------------------------------------------------------------
/** Clients for the authorize-* and par checks: redirect URIs to match against, a native loopback one, PAR required. */
export const AUTHZ_CLIENTS = {
  web: {
    id: 'authz-web',
    redirectUris: ['http://127.0.0.1:53123/callback', 'https://app.example.test/callback'],
    secret: 'Qm4Lr8Tz2Nw6-web-client-secret',
  },
  native: {id: 'authz-native', redirectUris: ['http://127.0.0.1/callback']},
  par: {id: 'authz-par', redirectUris: ['https://app.example.test/callback'], secret: 'Hc7Jv1Xs5Kp9-par-client-secret'},
}

const authzClients = () => [
  {
    client_id: AUTHZ_CLIENTS.web.id,
    client_secret: AUTHZ_CLIENTS.web.secret,
    grant_types: ['authorization_code'],
    redirect_uris: AUTHZ_CLIENTS.web.redirectUris,
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  },
  {
    // RFC 8252 §7.3: oidc-provider lets native clients use any port on a loopback redirect URI.
    application_type: 'native',
    client_id: AUTHZ_CLIENTS.native.id,
    grant_types: ['authorization_code'],
    redirect_uris: AUTHZ_CLIENTS.native.redirectUris,
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  },
  {
    client_id: AUTHZ_CLIENTS.par.id,
    client_secret: AUTHZ_CLIENTS.par.secret,
    grant_types: ['authorization_code'],
    redirect_uris: AUTHZ_CLIENTS.par.redirectUris,
    require_pushed_authorization_requests: true,
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  },
]
/**
 * An error page that names the registered redirect URIs, as passmower (built on oidc-provider) does since its #133
 * ("got: <uri>; registered: <uris>", https://github.com/passmower/passmower/issues/75). Otherwise oidc-provider's
 * own page: the same <pre> lines.
 */
async function namingRenderError(ctx, out) {
  const client = ctx.oidc?.client
  const escape = (v) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  const lines = {...out}
  if (out.error === 'invalid_redirect_uri' && client)
    lines.error_description = `${out.error_description} (got: ${ctx.oidc.params?.redirect_uri}; registered: ${client.redirectUris.join(', ')})`
  ctx.type = 'html'
  ctx.body = `<!DOCTYPE html><html><head><title>oops! something went wrong</title></head><body><h1>oops! something went wrong</h1>${Object.entries(
    lines,
  )
    .map(([k, v]) => `<pre><strong>${escape(k)}</strong>: ${escape(v)}</pre>`)
    .join('')}</body></html>`
}
// ---- end of the authorization endpoint block -------------------------------------------------------------------

/**
 * Start oidc-provider with client_credentials enabled. Resolves to {issuer, tokenUrl, close, events}; `events` collects
 * the internal reason of every token-endpoint error (grant.error's error_detail), which the wire response hides.
 */
export async function startOidcProvider(options = {}) {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address()
  const issuer = `http://127.0.0.1:${port}`
  const c = OIDC_CLIENTS
  const cc = (client, method) => ({
    client_id: client.id,
    client_secret: client.secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: method,
  })
  const provider = new Provider(issuer, {
    clients: [
      cc(c.basic, 'client_secret_basic'),
      cc(c.post, 'client_secret_post'),
      cc(c.odd, 'client_secret_basic'),
      {
        client_id: c.noClientCredentials.id,
        client_secret: c.noClientCredentials.secret,
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: ['http://127.0.0.1/callback'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      ...authzClients(),
    ],
    cookies: {keys: ['errcode-probe-tests']},
    features: {clientCredentials: {enabled: true}, devInteractions: {enabled: false}},
    // probe-authz: {namingErrors: true} for an error page that names the registered redirect URIs.
    ...(options.namingErrors ? {renderError: namingRenderError} : {}),
    // probe-authz: {lenientPkce: true} for a server that neither requires PKCE nor refuses plain.
    ...(options.lenientPkce ? {pkce: {methods: ['S256', 'plain'], required: () => false}} : {}),
  })
  const events = []
  provider.on('grant.error', (_ctx, error) => events.push(error.error_detail ?? error.message))
  server.on('request', provider.callback())
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.()
      server.close(() => resolve())
    })
  return {close, events, issuer, tokenUrl: `${issuer}/token`}
}
