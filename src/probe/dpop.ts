/**
 * DPoP proofs (RFC 9449 §4): a JWT signed by a key made for this run only, naming the request's method and URL,
 * with the public key in its header. The server binds the token to that key, so a stolen token alone is useless.
 * Built with panva's jose; a proof is masked like a secret (it is one for its short life).
 */
import {randomUUID} from 'node:crypto'

import {exportJWK, generateKeyPair, type JWK, SignJWT} from 'jose'

/** What errcode can make an ephemeral key for, in the order it prefers them. */
const SUPPORTED = ['ES256', 'EdDSA', 'Ed25519', 'ES384', 'PS256', 'RS256']

/** The algorithm to use: the first one the server lists that errcode supports; ES256 when it lists none. */
export function chooseDpopAlg(advertised: null | string[]): null | string {
  if (!advertised || advertised.length === 0) return 'ES256'
  return SUPPORTED.find((alg) => advertised.includes(alg)) ?? null
}

export interface DpopKey {
  alg: string
  jwk: JWK
  privateKey: CryptoKey
}

export async function ephemeralDpopKey(alg: string): Promise<DpopKey> {
  const {privateKey, publicKey} = await generateKeyPair(alg)
  const {crv, e, kty, n, x, y} = await exportJWK(publicKey)
  // Only the public members: exportJWK of a public key has no "d", but the header must carry nothing else either.
  const jwk = Object.fromEntries(Object.entries({crv, e, kty, n, x, y}).filter(([, v]) => v !== undefined)) as JWK
  return {alg, jwk, privateKey}
}

/** One proof for one request (RFC 9449 §4.2): htm, htu without query or fragment, a fresh jti, iat, the nonce. */
export async function dpopProof(key: DpopKey, method: string, url: string, nonce?: string): Promise<string> {
  const htu = new URL(url)
  htu.search = ''
  htu.hash = ''
  return new SignJWT({htm: method, htu: htu.href, jti: randomUUID(), ...(nonce ? {nonce} : {})})
    .setProtectedHeader({alg: key.alg, jwk: key.jwk, typ: 'dpop+jwt'})
    .setIssuedAt()
    .sign(key.privateKey)
}
