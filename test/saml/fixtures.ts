/**
 * Signed SAML 2.0 responses made at test time: a key and a self-signed certificate from openssl, the XML signed with
 * xml-crypto (RSA-SHA256, exclusive canonicalisation, an enveloped signature on the assertion, as identity
 * providers sign them), and xml-crypto's own verification as the check that the signature is real.
 */
import {execFileSync} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {deflateRawSync} from 'node:zlib'
import {SignedXml} from 'xml-crypto'

export interface Keys {
  cert: string
  key: string
}

let keys: Keys | undefined
export function signingKeys(): Keys {
  if (keys) return keys
  const dir = mkdtempSync(join(tmpdir(), 'errcode-saml-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=idp.errcode.test/O=errcode tests',
    ],
    {stdio: 'ignore'},
  )
  keys = {cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8')}
  rmSync(dir, {force: true, recursive: true})
  return keys
}

export interface ResponseSpec {
  acs: string
  audience: string
  idp: string
  inResponseTo?: string
  /** Assertion validity, from now, in seconds (negative: already over). */
  validFor?: number
  status?: string
  subStatus?: string
  message?: string
  sign?: boolean
  destination?: string
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const P = 'urn:oasis:names:tc:SAML:2.0:status:'

export function samlResponse(spec: ResponseSpec, now = Date.now()): string {
  const validFor = spec.validFor ?? 300
  const status = spec.status ?? 'Success'
  const irt = spec.inResponseTo ? ` InResponseTo="${spec.inResponseTo}"` : ''
  const ok = status === 'Success'
  const assertion = ok
    ? `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${spec.idp}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.test</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${iso(now + validFor * 1000)}" Recipient="${spec.acs}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${iso(now + validFor * 1000)}"><saml:AudienceRestriction><saml:Audience>${spec.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(now)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="email"><saml:AttributeValue>alice@example.test</saml:AttributeValue></saml:Attribute><saml:Attribute Name="displayName"><saml:AttributeValue>Alice Liddell</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`
    : ''
  const sub = spec.subStatus ? `<samlp:StatusCode Value="${P}${spec.subStatus}"/>` : ''
  const message = spec.message ? `<samlp:StatusMessage>${spec.message}</samlp:StatusMessage>` : ''
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${spec.destination ?? spec.acs}"${irt}><saml:Issuer>${spec.idp}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${P}${status}">${sub}</samlp:StatusCode>${message}</samlp:Status>${assertion}</samlp:Response>`
  if (!ok || spec.sign === false) return xml
  const {cert, key} = signingKeys()
  const sig = new SignedXml({
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    privateKey: key,
    publicCert: cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  })
  sig.addReference({
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    xpath: "//*[local-name(.)='Assertion']",
  })
  sig.computeSignature(xml, {
    location: {action: 'after', reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']"},
  })
  return sig.getSignedXml()
}

export function authnRequest(spec: {acs: string; sp: string; id: string; idpSso: string}, now = Date.now()): string {
  return `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${spec.id}" Version="2.0" IssueInstant="${iso(now)}" Destination="${spec.idpSso}" AssertionConsumerServiceURL="${spec.acs}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>${spec.sp}</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/></samlp:AuthnRequest>`
}

/** The HTTP-Redirect binding: deflate, base64 (then URL-encode as a query parameter). */
export const redirectBinding = (xml: string) => deflateRawSync(Buffer.from(xml)).toString('base64')
export const postBinding = (xml: string) => Buffer.from(xml).toString('base64')

/** Verify with xml-crypto: true when the assertion's signature checks out against the certificate. */
export function verifies(xml: string): boolean {
  const v = new SignedXml({publicCert: signingKeys().cert})
  const signature = /<(?:\w+:)?Signature\b[\s\S]*?<\/(?:\w+:)?Signature>/.exec(xml)?.[0]
  if (!signature) return false
  v.loadSignature(signature)
  try {
    return v.checkSignature(xml)
  } catch {
    return false
  }
}
