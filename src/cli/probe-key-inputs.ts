/**
 * probe's flags for client authentication beyond secrets: --private-key (PEM or JWK), --kid, --alg, --cert,
 * --key, --dpop. Key files are read only when they are regular files under a size cap, and their content never
 * appears in a message: a bad file is named, never quoted.
 */
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs'
import {createPrivateKey, type KeyObject, X509Certificate} from 'node:crypto'

import {UsageError} from '../errors.js'
import {algorithmsFor, HMAC_ALGS} from '../probe/jwt-auth.js'
import {type ClientKey, isKeyMethod, JWT_METHODS, type KeyAuthPlan, MTLS_METHODS} from '../probe/key-auth.js'
import {type AuthChoice, CHECK_IDS, type CheckId} from '../probe/types.js'

export interface KeyAuthFlags {
  alg?: string
  cert?: string
  dpop?: boolean
  key?: string
  kid?: string
  'private-key'?: string
}

/** A key or certificate file is a few KB; a chain a few more. Anything larger is the wrong file. */
export const MAX_KEY_FILE_BYTES = 64 * 1024

/** The file's text, when it is a regular file no larger than the cap; else a usage error naming the flag. */
export function readKeyFile(flag: string, path: string): string {
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO must not hang; fstat below refuses it anyway.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path} (${(error as {code?: string}).code ?? 'unreadable'})`)
  }

  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw new UsageError(`${flag}: ${path} is not a regular file`)
    if (stat.size > MAX_KEY_FILE_BYTES)
      throw new UsageError(`${flag}: ${path} is larger than 64 KB, which is not a key or certificate file`)
    const buffer = Buffer.alloc(MAX_KEY_FILE_BYTES + 1)
    const n = readSync(fd, buffer, 0, buffer.length, 0)
    if (n > MAX_KEY_FILE_BYTES) throw new UsageError(`${flag}: ${path} is larger than 64 KB`)
    return buffer.subarray(0, n).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** JWK members that hold private key material: masked if anything ever echoes them. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']

/** A JWK file, or a JWKS with one private key (or the one --kid names). */
function pickJwk(text: string, kid: string | undefined, path: string): Record<string, unknown> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new UsageError(`--private-key: ${path} is neither a PEM key nor JSON (a JWK)`)
  }

  const keys =
    json && typeof json === 'object' && Array.isArray((json as {keys?: unknown}).keys)
      ? ((json as {keys: unknown[]}).keys as Record<string, unknown>[])
      : [json as Record<string, unknown>]
  const candidates = keys.filter((k) => k && typeof k === 'object' && typeof k.d === 'string')
  const chosen = kid ? candidates.filter((k) => k.kid === kid) : candidates
  if (chosen.length === 1) return chosen[0]
  if (candidates.length === 0)
    throw new UsageError(
      `--private-key: ${path} holds no private JWK (no "d" member): give the private key, not the public one`,
    )
  throw new UsageError(
    kid
      ? `--private-key: no private key with kid "${kid}" in ${path}`
      : `--private-key: ${path} holds ${candidates.length} private keys; choose one with --kid`,
  )
}

/** --private-key as a key object with its alg and kid, or a usage error that never quotes the file. */
export function readPrivateKey(path: string, flags: KeyAuthFlags, material: string[]): ClientKey {
  const text = readKeyFile('--private-key', path)
  material.push(text)
  let key: KeyObject
  let jwk: null | Record<string, unknown> = null
  try {
    if (text.includes('-----BEGIN')) {
      if (text.includes('ENCRYPTED'))
        throw new UsageError(`--private-key: ${path} is encrypted; decrypt it first (openssl pkey -in FILE -out PLAIN)`)
      if (!/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/.test(text))
        throw new UsageError(`--private-key: ${path} is not a private key (a certificate or public key?)`)
      key = createPrivateKey({format: 'pem', key: text})
    } else {
      jwk = pickJwk(text, flags.kid, path)
      for (const m of PRIVATE_MEMBERS) if (typeof jwk[m] === 'string') material.push(jwk[m] as string)
      if (jwk.kty === 'oct')
        throw new UsageError('--private-key: a symmetric JWK is a secret: use --auth client_secret_jwt with the secret')
      key = createPrivateKey({format: 'jwk', key: jwk as never})
    }
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`--private-key: ${path} could not be read as a private key`)
  }

  const possible = algorithmsFor(key)
  if (possible.length === 0)
    throw new UsageError(
      `--private-key: errcode cannot sign with a ${key.asymmetricKeyType} key (RSA, EC P-256/384/521, Ed25519)`,
    )
  const alg = flags.alg ?? (typeof jwk?.alg === 'string' ? jwk.alg : possible[0])
  if (!possible.includes(alg))
    throw new UsageError(
      `--alg ${alg} does not fit this ${key.asymmetricKeyType} key; it signs with ${possible.join(', ')}`,
    )
  const kid = flags.kid ?? (typeof jwk?.kid === 'string' ? jwk.kid : null)
  const file = path.split(/[\\/]/).pop() ?? path
  return {alg, describe: `${jwk ? 'JWK' : 'PEM'} key ${file.slice(0, 80)}`, key, kid}
}

/**
 * The key-auth part of the plan and the --auth the inputs imply: --private-key means private_key_jwt, a
 * certificate means tls_client_auth (self_signed_tls_client_auth when it is self-signed). Null when none of
 * these flags was given.
 */
export function readKeyAuth(
  flags: KeyAuthFlags,
  auth: AuthChoice | undefined,
): {auth: AuthChoice | undefined; plan: KeyAuthPlan | undefined} {
  const given = Boolean(flags['private-key'] || flags.cert || flags.key || flags.dpop || isKeyMethod(auth))
  if (!given) {
    if (flags.kid || flags.alg)
      throw new UsageError('--kid and --alg go with --private-key (or --auth client_secret_jwt)')
    return {auth, plan: undefined}
  }

  const plan: KeyAuthPlan = {dpop: Boolean(flags.dpop), generated: [], material: []}
  if (flags['private-key']) {
    if (auth && auth !== 'auto' && auth !== 'private_key_jwt')
      throw new UsageError(`--private-key signs a private_key_jwt assertion; it does not go with --auth ${auth}`)
    plan.privateKey = readPrivateKey(flags['private-key'], flags, plan.material)
    auth = 'private_key_jwt'
  } else if (auth === 'private_key_jwt')
    throw new UsageError('--auth private_key_jwt needs --private-key FILE (PEM or JWK)')

  if (auth === 'client_secret_jwt' && flags.alg) {
    if (!HMAC_ALGS.includes(flags.alg))
      throw new UsageError(`--alg for client_secret_jwt is one of ${HMAC_ALGS.join(', ')}`)
    plan.hmacAlg = flags.alg
  }
  if (flags.cert || flags.key) {
    if (!flags.cert || !flags.key)
      throw new UsageError('give the client certificate as --cert FILE and its key as --key FILE')
    if (auth && auth !== 'auto' && !MTLS_METHODS.has(auth))
      throw new UsageError(`--cert and --key authenticate with tls_client_auth; they do not go with --auth ${auth}`)
    const cert = readKeyFile('--cert', flags.cert)
    const key = readKeyFile('--key', flags.key)
    plan.material.push(key)
    let x509: X509Certificate
    try {
      x509 = new X509Certificate(cert)
      createPrivateKey(key)
    } catch {
      throw new UsageError('--cert must be a PEM certificate and --key its PEM private key (unencrypted)')
    }

    if (!x509.checkPrivateKey(createPrivateKey(key)))
      throw new UsageError(`--key ${flags.key} is not the private key of the certificate in ${flags.cert}`)
    const selfSigned = x509.issuer === x509.subject
    plan.certificate = {cert, certFile: flags.cert, key, keyFile: flags.key, selfSigned, subject: x509.subject}
    if (!auth || auth === 'auto') auth = selfSigned ? 'self_signed_tls_client_auth' : 'tls_client_auth'
  } else if (auth && MTLS_METHODS.has(auth))
    throw new UsageError(`--auth ${auth} needs the client certificate: --cert FILE --key FILE`)
  if (flags.kid && !JWT_METHODS.has(auth ?? '')) throw new UsageError('--kid goes with --private-key')
  return {auth, plan}
}

const KEY_CHECKS: ReadonlySet<CheckId> = new Set([
  'auth-jwt',
  'jwt-replay',
  'jwt-expired',
  'jwt-wrong-key',
  'auth-mtls',
])

/**
 * The checks a run selects by default: all but the key-auth ones that cannot apply (a run with a secret lists
 * them once as not selected instead of five skips). dpop stays: it runs when the metadata advertises DPoP.
 */
export function defaultChecks(auth: AuthChoice | undefined): CheckId[] {
  const jwt = JWT_METHODS.has(auth ?? '')
  const mtls = MTLS_METHODS.has(auth ?? '')
  return CHECK_IDS.filter((id) => !KEY_CHECKS.has(id) || (id === 'auth-mtls' ? mtls : jwt))
}

/** The key-auth checks the interactive checklist shows disabled, and why. */
export function keyUnavailable(auth: AuthChoice | undefined): Partial<Record<CheckId, string>> {
  const out: Partial<Record<CheckId, string>> = {}
  if (!JWT_METHODS.has(auth ?? ''))
    for (const id of ['auth-jwt', 'jwt-replay', 'jwt-expired', 'jwt-wrong-key'] as const)
      out[id] = 'with --private-key FILE'
  if (!MTLS_METHODS.has(auth ?? '')) out['auth-mtls'] = 'with --cert FILE --key FILE'
  return out
}

/** What a key method sends, for the confirm before anything leaves the machine; null for secret methods. */
export function keyCredentialWords(auth: AuthChoice | undefined, clientId: null | string): null | string {
  if (!isKeyMethod(auth)) return null
  if (auth === 'client_secret_jwt') return `assertions signed with the client secret for "${clientId}"`
  if (auth === 'private_key_jwt') return `assertions signed with your private key for "${clientId}"`
  return `requests with your client certificate for "${clientId}"`
}
