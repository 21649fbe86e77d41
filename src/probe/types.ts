import type {LookupMatch} from '../catalog/search.js'
import {AUTHORIZE_CHECK_IDS, type AuthorizeCheckId} from './authorize-ids.js'

/** Check ids are part of the `probe --json` contract (README); this is also the order they are reported in. */
export const CHECK_IDS = [
  'discovery',
  'reachability',
  'method-get',
  'empty-post',
  'unsupported-grant',
  'json-body',
  'auth-basic',
  'auth-post',
  'wrong-secret',
  'token-response',
  'clock-skew',
  'refresh',
  'code-exchange',
  // Client authentication beyond secrets (RFC 7523, RFC 8705, RFC 9449): src/probe/checks/jwt.ts, mtls.ts, dpop.ts.
  'auth-jwt',
  'jwt-replay',
  'jwt-expired',
  'jwt-wrong-key',
  'auth-mtls',
  'dpop',
] as const

// Authorization-endpoint checks (issue 9): reported after CHECK_IDS, only in runs that ask for them.
export type CheckId = (typeof CHECK_IDS)[number] | AuthorizeCheckId
/** Every id --only accepts. */
export const ALL_CHECK_IDS: readonly CheckId[] = [...CHECK_IDS, ...AUTHORIZE_CHECK_IDS]
export type CheckStatus = 'fail' | 'pass' | 'skip' | 'warn'

/** Probes that send the real client secret, a refresh token or a code: opt-in in the interactive checklist. */
export const CREDENTIALED_CHECKS: ReadonlySet<CheckId> = new Set([
  'auth-basic',
  'auth-post',
  'refresh',
  'code-exchange',
  // Beyond secrets: a signed assertion, a client certificate, or a token request with a DPoP proof.
  'auth-jwt',
  'jwt-replay',
  'jwt-expired',
  'auth-mtls',
  'dpop',
])

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'
/** Client authentication beyond secrets (src/probe/key-auth.ts): a signed JWT or a TLS client certificate. */
export type KeyMethod = 'client_secret_jwt' | 'private_key_jwt' | 'self_signed_tls_client_auth' | 'tls_client_auth'
export type AuthChoice = 'auto' | 'basic' | 'none' | 'post' | KeyMethod
export type GrantChoice = 'authorization_code' | 'client_credentials' | 'refresh_token'
/** Where the grant came from: --grant, the refresh token or code given, or nothing (client_credentials as a test). */
export type GrantSource = 'code' | 'default' | 'flag' | 'refresh-token'

/** Environment variable names the curl export uses in place of secret values. */
export type SecretSlot =
  'client_assertion' | 'client_secret' | 'code' | 'code_verifier' | 'dpop_proof' | 'refresh_token'

/** One form parameter; `secret` names the slot its value comes from, so output and curl never carry the value. */
export interface FormParam {
  name: string
  secret?: SecretSlot
  value: string
}

/**
 * A request before it is sent. Kept structured (form parameters, Basic credentials) rather than as bytes so the
 * same request can be sent, shown redacted, and exported as curl with `$ERRCODE_CLIENT_SECRET`.
 */
export interface RequestSpec {
  basic?: {clientId: string; secret: string; secretSlot?: SecretSlot}
  form?: FormParam[]
  headers: Record<string, string>
  json?: Record<string, string>
  method: 'GET' | 'POST'
  url: string
  /** Headers whose value is a secret (a DPoP proof): the curl export reads them from that slot's variable. */
  headerSecrets?: Record<string, SecretSlot>
  /** Sent with the --cert / --key client certificate (RFC 8705); the key itself never enters the spec. */
  mtls?: boolean
}

/** A request or response as `--json` reports it (redacted). */
export interface WireRequest {
  body: null | string
  headers: Record<string, string>
  method: string
  url: string
}

export interface WireResponse {
  body: string
  headers: Record<string, string>
  status: number
}

export interface HttpResponse extends WireResponse {
  /** The parsed body when it is JSON, else undefined. */
  json: unknown
  /** Local time (ms) when the headers arrived; clock-skew compares the Date header with it. */
  receivedAt: number
  /** The body was larger than the cap; only the first part was read. */
  truncated: boolean
}

export type FailureKind = 'budget' | 'certificate' | 'dns' | 'protocol' | 'proxy' | 'reset' | 'tcp' | 'timeout' | 'tls'

/** Why no HTTP response came back. */
export interface NetworkFailure {
  code: null | string
  /** An untrusted certificate while a proxy was in use: most likely the proxy re-signs TLS. */
  interception?: boolean
  kind: FailureKind
  message: string
}

/** One request and what came of it. */
export interface Exchange {
  failure: NetworkFailure | null
  ms: number
  response: HttpResponse | null
  /** Seconds waited for Retry-After before the one retry of a 429, when there was one. */
  retriedAfter?: number
  spec: RequestSpec
}

/** One check in `probe --json`. */
export interface CheckResult {
  /** For a check that could not run or be judged because an earlier one failed: that check. */
  blockedBy?: CheckId
  explanation: LookupMatch | null
  finding: string
  id: CheckId
  ms: number
  request: WireRequest
  response: null | WireResponse
  status: CheckStatus
  title: string
}

/** What the server's metadata (OpenID discovery or RFC 8414) told us. */
export interface ServerMetadata {
  authMethods: string[]
  /** Whether the document listed auth methods itself (RFC 8414 §2 gives client_secret_basic as the default). */
  authMethodsListed: boolean
  grantTypes: string[]
  /** Whether the document listed grant_types_supported itself (else RFC 8414's default is assumed). */
  grantTypesListed?: boolean
  issuer: null | string
  source: 'oauth-authorization-server' | 'openid-configuration'
  tokenEndpoint: null | string
  /** Why a token_endpoint the document gave was refused (not an http(s) URL, or one with user:password). */
  tokenEndpointProblem?: string
  url: string
}

export type AuthOutcome = 'accepted' | 'rejected' | 'untested'
