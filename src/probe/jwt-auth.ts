/**
 * private_key_jwt and client_secret_jwt (RFC 7523 §2.2 and §3, OpenID Connect Core §9): the client proves who it
 * is with a short JWT signed by its private key or, for client_secret_jwt, with HMAC over its secret. Built with
 * panva's jose. The assertion is a credential for as long as it lives, so it is masked like a secret.
 */
import {createPrivateKey, generateKeyPairSync, type KeyObject, randomUUID} from 'node:crypto'

import {SignJWT} from 'jose'

import type {ClientKey} from './key-auth.js'
import type {FormParam, RequestSpec} from './types.js'

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
/** Short, as RFC 7523 §3 item 4 advises: long enough for one request and a slow server, no longer. */
export const ASSERTION_LIFETIME_S = 60

/** The JWS algorithms each key type can sign with, the usual one first (RFC 7518 §3.1, RFC 8037). */
export function algorithmsFor(key: KeyObject): string[] {
  const type = key.asymmetricKeyType
  if (type === 'rsa') return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']
  if (type === 'rsa-pss') return ['PS256', 'PS384', 'PS512']
  if (type === 'ed25519') return ['EdDSA', 'Ed25519']
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve
    if (curve === 'prime256v1' || curve === 'P-256') return ['ES256']
    if (curve === 'secp384r1' || curve === 'P-384') return ['ES384']
    if (curve === 'secp521r1' || curve === 'P-521') return ['ES512']
  }

  return []
}

export const HMAC_ALGS = ['HS256', 'HS384', 'HS512']

export interface AssertionClaims {
  aud: string
  clientId: string
  /** Seconds from now; negative makes an assertion that has already expired (jwt-expired). */
  expiresIn?: number
}

export type AssertionKey = {alg: string; kid: null | string; key: KeyObject} | {alg: string; secret: string}

/** The key an assertion is signed with: --private-key, or the client secret for client_secret_jwt. */
export function assertionKey(privateKey: ClientKey | undefined, secret: null | string, alg?: string): AssertionKey {
  if (privateKey) return privateKey
  return {alg: alg ?? 'HS256', secret: secret ?? ''}
}

/**
 * One client assertion: iss and sub are the client id, aud the server, a fresh jti, iat now and exp a minute
 * later (RFC 7523 §3; OIDC Core §9 requires the same five).
 */
export async function buildAssertion(claims: AssertionClaims, key: AssertionKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const header = 'secret' in key ? {alg: key.alg} : {alg: key.alg, ...(key.kid ? {kid: key.kid} : {})}
  const exp = now + (claims.expiresIn ?? ASSERTION_LIFETIME_S)
  const jwt = new SignJWT({jti: randomUUID()})
    .setProtectedHeader({...header, typ: 'JWT'})
    .setIssuer(claims.clientId)
    .setSubject(claims.clientId)
    .setAudience(claims.aud)
    // An expired assertion was also issued in the past: iat after exp would be refused for the wrong reason.
    .setIssuedAt(Math.min(now, exp - ASSERTION_LIFETIME_S))
    .setExpirationTime(exp)
  return jwt.sign('secret' in key ? new TextEncoder().encode(key.secret) : key.key)
}

/** A throwaway key of the same kind as the client's (jwt-wrong-key): the server must not take its signature. */
export function strangerKey(key: AssertionKey): AssertionKey {
  if ('secret' in key) return {alg: key.alg, secret: `errcode-wrong-${randomUUID()}`}
  const type = key.key.asymmetricKeyType
  const details = key.key.asymmetricKeyDetails
  let pem: string
  if (type === 'ec') pem = generate('ec', {namedCurve: details?.namedCurve ?? 'prime256v1'})
  else if (type === 'ed25519') pem = generate('ed25519', {})
  else pem = generate('rsa', {modulusLength: 2048})
  return {alg: key.alg, key: createPrivateKey(pem), kid: key.kid}
}

function generate(type: 'ec' | 'ed25519' | 'rsa', options: object): string {
  const {privateKey} = (generateKeyPairSync as (t: string, o: object) => {privateKey: KeyObject})(type, options)
  return privateKey.export({format: 'pem', type: 'pkcs8'}) as string
}

/** The assertion in a token request: client_assertion_type and client_assertion in the body (RFC 7523 §2.2). */
export function withAssertion(request: RequestSpec, clientId: string, assertion: string): RequestSpec {
  const params: FormParam[] = [
    ...(request.form ?? []),
    // client_id is optional here (RFC 7523 §3) but most servers accept it and some need it to find the client.
    {name: 'client_id', value: clientId},
    {name: 'client_assertion_type', value: ASSERTION_TYPE},
    {name: 'client_assertion', secret: 'client_assertion', value: assertion},
  ]
  return {...request, form: params}
}
