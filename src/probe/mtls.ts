/**
 * tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2): the client authenticates with the certificate it
 * presents in the TLS handshake, and the token can be bound to it (§3, cnf "x5t#S256"). The private key never
 * leaves the TLS stack; only the certificate (public) and the handshake's signature go on the wire.
 */
import {createHash, X509Certificate} from 'node:crypto'

import {decodeJwt} from 'jose'

/** The certificate's SHA-256 thumbprint, base64url (RFC 8705 §3.1: the value of cnf "x5t#S256"). */
export function certificateThumbprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url')
}

/** What a bound access token says, when it is a JWT: the thumbprint it is bound to, or null. */
export function boundThumbprint(accessToken: string): null | string {
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(accessToken)) return null
  try {
    const cnf = decodeJwt(accessToken).cnf as Record<string, unknown> | undefined
    const value = cnf && Object.hasOwn(cnf, 'x5t#S256') ? cnf['x5t#S256'] : null
    return typeof value === 'string' ? value : null
  } catch {
    return null
  }
}

/** One line about a certificate for findings: its subject, who issued it, and its thumbprint. */
export function describeCertificate(pem: string): string {
  const cert = new X509Certificate(pem)
  const subject = cert.subject.replaceAll('\n', ', ')
  const issuer = cert.issuer === cert.subject ? 'self-signed' : `issued by ${cert.issuer.replaceAll('\n', ', ')}`
  return `"${subject.slice(0, 120)}" (${issuer.slice(0, 140)}, x5t#S256 ${certificateThumbprint(pem)})`
}
