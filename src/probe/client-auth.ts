import type {AuthMethod, FormParam, RequestSpec, SecretSlot} from './types.js'

/** Every probe request asks for JSON: some servers (oidc-provider among them) answer errors with HTML otherwise. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/json',
  'user-agent': 'errcode-probe',
}
export const FORM_TYPE = 'application/x-www-form-urlencoded'

/**
 * application/x-www-form-urlencoded encoding of one value (the WHATWG serializer: space as '+', everything but
 * ALPHA / DIGIT / "*-._" percent-encoded). RFC 6749 §2.3.1 and Appendix B require it for the client id and secret
 * inside HTTP Basic credentials, which is where hand-rolled clients usually go wrong.
 */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1)
}

export function serializeForm(params: FormParam[]): string {
  return params.map((p) => `${formEncode(p.name)}=${formEncode(p.value)}`).join('&')
}

/** The Authorization header value for client_secret_basic (RFC 6749 §2.3.1, Appendix B). */
export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString('base64')}`
}

/** A token request (RFC 6749 §3.2: POST, form-encoded) without client authentication yet. */
export function tokenRequest(url: string, params: FormParam[]): RequestSpec {
  return {form: params, headers: {...BASE_HEADERS, 'content-type': FORM_TYPE}, method: 'POST', url}
}

export interface ClientCredentials {
  clientId: string
  secret: null | string
  /** Which slot the secret comes from in the curl export; the deliberately wrong secret has none. */
  secretSlot?: SecretSlot
}

/** A client-authentication strategy (oauth4webapi style): it adds the credentials to a token request. */
export type ClientAuthStrategy = (request: RequestSpec, credentials: ClientCredentials) => RequestSpec

/** client_secret_basic: HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1). */
export const clientSecretBasic: ClientAuthStrategy = (request, {clientId, secret, secretSlot}) => ({
  ...request,
  basic: {clientId, secret: secret ?? '', secretSlot},
})

/** client_secret_post: client_id and client_secret in the body (RFC 6749 §2.3.1, "NOT RECOMMENDED" but common). */
export const clientSecretPost: ClientAuthStrategy = (request, {clientId, secret, secretSlot}) => ({
  ...request,
  form: [
    ...(request.form ?? []),
    {name: 'client_id', value: clientId},
    {name: 'client_secret', secret: secretSlot, value: secret ?? ''},
  ],
})

/** A public client (RFC 6749 §2.1): only client_id in the body, as authorization_code and refresh_token allow. */
export const publicClient: ClientAuthStrategy = (request, {clientId}) => ({
  ...request,
  form: [...(request.form ?? []), {name: 'client_id', value: clientId}],
})

export const STRATEGIES: Record<AuthMethod, ClientAuthStrategy> = {
  client_secret_basic: clientSecretBasic,
  client_secret_post: clientSecretPost,
  none: publicClient,
}

/** The bytes that go on the wire: headers (with Authorization) and body. */
export function encodeRequest(spec: RequestSpec): {body: null | string; headers: Record<string, string>} {
  const headers = {...spec.headers}
  if (spec.basic) headers.authorization = basicAuthorization(spec.basic.clientId, spec.basic.secret)
  let body: null | string = null
  if (spec.form) body = serializeForm(spec.form)
  else if (spec.json) body = JSON.stringify(spec.json)
  return {body, headers}
}
