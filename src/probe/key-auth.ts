/**
 * Client authentication beyond secrets: what the plan carries (a private key, a client certificate, --dpop), what
 * the checks share, and what the server's metadata says about it. The checks are in checks/jwt.ts, checks/mtls.ts
 * and checks/dpop.ts; the assertion in jwt-auth.ts, the proof in dpop.ts, the certificate in mtls.ts.
 */
import type {KeyObject} from 'node:crypto'

import {checkEndpointUrl} from './discovery.js'
import type {ProbePlan, ProbeState} from './plan.js'
import type {AuthChoice, AuthOutcome, CheckId, KeyMethod} from './types.js'

export const KEY_METHODS: readonly KeyMethod[] = [
  'private_key_jwt',
  'client_secret_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
]
export const JWT_METHODS: ReadonlySet<string> = new Set(['client_secret_jwt', 'private_key_jwt'])
export const MTLS_METHODS: ReadonlySet<string> = new Set(['self_signed_tls_client_auth', 'tls_client_auth'])

export const isKeyMethod = (auth: AuthChoice | undefined): auth is KeyMethod =>
  (KEY_METHODS as readonly string[]).includes(auth ?? '')

/** A --private-key, read and checked (src/cli/probe-key-inputs.ts). */
export interface ClientKey {
  /** The JWS algorithm: --alg, else the JWK's "alg", else the usual one for the key type. */
  alg: string
  /** Where it came from, for findings: "PEM" or "JWK", and the file name. */
  describe: string
  key: KeyObject
  /** --kid, else the JWK's "kid"; null sends no kid (servers then try every registered key). */
  kid: null | string
}

/** A --cert / --key pair (RFC 8705), read and checked. */
export interface ClientCertificate {
  cert: string
  certFile: string
  key: string
  keyFile: string
  /** Issuer and subject are the same: the self_signed_tls_client_auth kind. */
  selfSigned: boolean
  subject: string
}

/** What the plan carries for these methods. Key material lives only here and is never written to any output. */
export interface KeyAuthPlan {
  certificate?: ClientCertificate
  /** --dpop: send DPoP proofs even when the metadata does not advertise DPoP. */
  dpop: boolean
  /** Assertions and proofs made during the run: secrets for output purposes, masked like the client secret. */
  generated: string[]
  /** The key files' text and the private JWK members: never printed, masked if anything echoes them. */
  material: string[]
  privateKey?: ClientKey
  /** --alg for client_secret_jwt (HS256 unless given or the metadata lists only others). */
  hmacAlg?: string
}

/** What the key-auth checks found out, shared with the summary and DPoP. */
export interface KeyAuthState {
  /** The assertion auth-jwt got accepted with, for jwt-replay (RFC 7523 §3 item 7: jti). */
  acceptedAssertion?: {aud: string; value: string}
  /** Which aud values the server took: the token endpoint URL, the issuer. */
  audiences: {aud: string; outcome: AuthOutcome; what: 'issuer' | 'token endpoint'}[]
  outcome: Map<KeyMethod, AuthOutcome>
}

export function keyAuthState(state: ProbeState): KeyAuthState {
  state.keyAuth ??= {audiences: [], outcome: new Map()}
  return state.keyAuth
}

/** Secrets for the final redaction pass (planSecrets). */
export function keyAuthSecrets(plan: ProbePlan): string[] {
  const k = plan.keyAuth
  return k ? [...k.material, ...k.generated] : []
}

/** The discovery document as the server sent it, for the members ServerMetadata does not carry. */
export function metadataDocument(state: ProbeState): null | Record<string, unknown> {
  if (!state.metadata) return null
  const json = state.discovery?.exchanges.at(-1)?.response?.json
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null
}

export function metadataStrings(state: ProbeState, name: string): null | string[] {
  const v = metadataDocument(state)?.[name]
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null
}

/**
 * The token endpoint for mTLS requests: mtls_endpoint_aliases.token_endpoint (RFC 8705 §5) when the metadata
 * names a usable https URL, else the token endpoint. A bad alias is reported, not used.
 */
export function mtlsTokenEndpoint(state: ProbeState): {note: null | string; url: null | string} {
  const aliases = metadataDocument(state)?.mtls_endpoint_aliases
  const alias =
    aliases && typeof aliases === 'object' && !Array.isArray(aliases) && Object.hasOwn(aliases, 'token_endpoint')
      ? (aliases as Record<string, unknown>).token_endpoint
      : undefined
  if (typeof alias !== 'string' || state.plan.endpoint)
    return {
      note:
        typeof alias === 'string' && state.plan.endpoint
          ? `TOKEN_URL is used as given; the metadata's mtls_endpoint_aliases names ${alias.slice(0, 200)}.`
          : null,
      url: state.endpoint,
    }
  const checked = checkEndpointUrl(alias)
  if ('problem' in checked || !alias.startsWith('https:'))
    return {
      note: `mtls_endpoint_aliases.token_endpoint ${'problem' in checked ? checked.problem : 'is not https'}, so it is not used.`,
      url: state.endpoint,
    }
  return {note: `mtls_endpoint_aliases.token_endpoint (RFC 8705 §5): ${alias}.`, url: alias}
}

/** Which key-auth check stands for a method, for "blocked by" and the summary. */
export const METHOD_CHECK: Record<KeyMethod, CheckId> = {
  client_secret_jwt: 'auth-jwt',
  private_key_jwt: 'auth-jwt',
  self_signed_tls_client_auth: 'auth-mtls',
  tls_client_auth: 'auth-mtls',
}

/** The interactive checklist's lines for these checks. */
export const KEY_CHECKLIST: Record<keyof typeof KEY_TITLES, string> = {
  'auth-jwt': 'a signed client assertion (private_key_jwt)',
  'auth-mtls': 'your TLS client certificate',
  dpop: 'a DPoP proof gets a DPoP token',
  'jwt-expired': 'an expired assertion is refused',
  'jwt-replay': 'a replayed assertion is refused',
  'jwt-wrong-key': 'an assertion from another key is refused',
}

export const KEY_TITLES: Record<
  'auth-jwt' | 'auth-mtls' | 'dpop' | 'jwt-expired' | 'jwt-replay' | 'jwt-wrong-key',
  string
> = {
  'auth-jwt': 'A signed client assertion (private_key_jwt / client_secret_jwt, RFC 7523)',
  'auth-mtls': 'A TLS client certificate (tls_client_auth / self_signed_tls_client_auth, RFC 8705)',
  dpop: 'A DPoP proof gets a DPoP-bound token (RFC 9449)',
  'jwt-expired': 'An expired client assertion is refused',
  'jwt-replay': 'The same client assertion twice: the replay is refused',
  'jwt-wrong-key': 'An assertion signed with another key is refused',
}
