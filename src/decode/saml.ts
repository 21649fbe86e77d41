/**
 * SAML 2.0 messages as pasted or captured: the base64 of the POST binding, the deflated base64 of the redirect
 * binding, a `SAMLResponse=` form or query string, or the XML itself. Read with a real XML parser (@xmldom/xmldom),
 * never with patterns; a document type declaration is refused before parsing (SAML has no use for one, and that
 * is where entity expansion lives), and the message is bounded in size before and after inflating.
 */
import type {Element} from '@xmldom/xmldom'
import {X509Certificate} from 'node:crypto'
import {createRequire} from 'node:module'
import {inflateRawSync} from 'node:zlib'

const MAX_XML = 512 * 1024

// Loaded on the first SAML message only: the parser costs more to load than a whole decode of a callback URL.
let dom: typeof import('@xmldom/xmldom') | undefined
export const xmldom = (): typeof import('@xmldom/xmldom') => (dom ??= createRequire(import.meta.url)('@xmldom/xmldom'))
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol'
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion'
const DSIG = 'http://www.w3.org/2000/09/xmldsig#'

export interface SamlSignature {
  /** The element the signature covers: Response, Assertion, AuthnRequest... */
  on: string
  algorithm: null | string
  digest: null | string
  certificate: null | {fingerprint: string; notAfter: string; subject: string}
}

export interface SamlAssertion {
  issuer: null | string
  encrypted: boolean
  nameId: null | string
  audiences: string[]
  notBefore: null | string
  notOnOrAfter: null | string
  recipient: null | string
  /** SubjectConfirmationData's InResponseTo and NotOnOrAfter (the bearer confirmation window). */
  confirmationInResponseTo: null | string
  confirmationNotOnOrAfter: null | string
  attributes: {name: string; values: string[]}[]
}

export interface SamlMessage {
  /** Response, AuthnRequest, LogoutRequest, LogoutResponse... */
  type: string
  id: null | string
  inResponseTo: null | string
  destination: null | string
  issueInstant: null | string
  issuer: null | string
  /** AuthnRequest: where the IdP must post the response. */
  acsUrl: null | string
  status: null | {code: string; subCode: null | string; message: null | string}
  assertions: SamlAssertion[]
  signatures: SamlSignature[]
  binding: 'post' | 'redirect' | 'xml'
}

/** A pasted or captured SAML value as XML: as it is, base64, or deflated base64. Null when it is none of these. */
export function samlXml(
  value: string,
  binding: 'auto' | 'post' | 'redirect' = 'auto',
): null | {binding: SamlMessage['binding']; xml: string} {
  const v = value.trim()
  if (v.startsWith('<')) return v.length <= MAX_XML ? {binding: 'xml', xml: v} : null
  const b64 = v.replace(/\s+/g, '')
  if (b64.length > MAX_XML * 2 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return null
  const bytes = Buffer.from(b64, 'base64')
  const plain = bytes.toString('utf8').trimStart()
  if (binding !== 'redirect' && plain.startsWith('<'))
    return plain.length <= MAX_XML ? {binding: 'post', xml: plain} : null
  try {
    const xml = inflateRawSync(bytes, {maxOutputLength: MAX_XML}).toString('utf8').trimStart()
    return xml.startsWith('<') ? {binding: 'redirect', xml} : null
  } catch {
    return null
  }
}

const attr = (e: Element | null | undefined, name: string): null | string =>
  e?.hasAttribute(name) ? e.getAttribute(name) : null
const textOf = (e: Element | null | undefined): null | string => e?.textContent?.trim() || null

function children(e: Element, ns: string, name: string): Element[] {
  const out: Element[] = []
  for (let n = e.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === ns)
      out.push(n as Element)
  return out
}

const child = (e: Element | null | undefined, ns: string, name: string): Element | null =>
  e ? (children(e, ns, name)[0] ?? null) : null
const descendants = (e: Element, ns: string, name: string): Element[] => [...e.getElementsByTagNameNS(ns, name)]

function certificate(b64: null | string): SamlSignature['certificate'] {
  if (!b64) return null
  try {
    const c = new X509Certificate(Buffer.from(b64.replace(/\s+/g, ''), 'base64'))
    return {
      fingerprint: c.fingerprint256,
      notAfter: new Date(c.validTo).toISOString(),
      subject: c.subject.replaceAll('\n', ', '),
    }
  } catch {
    return null
  }
}

function signature(s: Element): SamlSignature {
  const info = child(s, DSIG, 'SignedInfo')
  const ref = child(info, DSIG, 'Reference')
  const cert = descendants(s, DSIG, 'X509Certificate')[0]
  const parent = s.parentNode as Element | null
  return {
    algorithm: attr(child(info, DSIG, 'SignatureMethod'), 'Algorithm'),
    certificate: certificate(textOf(cert)),
    digest: attr(child(ref, DSIG, 'DigestMethod'), 'Algorithm'),
    on: parent?.localName ?? 'unknown',
  }
}

function assertion(a: Element): SamlAssertion {
  const subject = child(a, ASSERTION, 'Subject')
  const conf = child(child(subject, ASSERTION, 'SubjectConfirmation'), ASSERTION, 'SubjectConfirmationData')
  const conditions = child(a, ASSERTION, 'Conditions')
  const audiences = conditions
    ? children(conditions, ASSERTION, 'AudienceRestriction').flatMap((r) =>
        children(r, ASSERTION, 'Audience').map((x) => textOf(x) ?? ''),
      )
    : []
  const attributes = descendants(a, ASSERTION, 'Attribute').map((x) => ({
    name: attr(x, 'Name') ?? '',
    values: children(x, ASSERTION, 'AttributeValue').map((v) => textOf(v) ?? ''),
  }))
  return {
    attributes,
    audiences,
    confirmationInResponseTo: attr(conf, 'InResponseTo'),
    confirmationNotOnOrAfter: attr(conf, 'NotOnOrAfter'),
    encrypted: false,
    issuer: textOf(child(a, ASSERTION, 'Issuer')),
    nameId: textOf(child(subject, ASSERTION, 'NameID')),
    notBefore: attr(conditions, 'NotBefore'),
    notOnOrAfter: attr(conditions, 'NotOnOrAfter'),
    recipient: attr(conf, 'Recipient'),
  }
}

const ENCRYPTED: SamlAssertion = {
  attributes: [],
  audiences: [],
  confirmationInResponseTo: null,
  confirmationNotOnOrAfter: null,
  encrypted: true,
  issuer: null,
  nameId: null,
  notBefore: null,
  notOnOrAfter: null,
  recipient: null,
}

/** Parse SAML XML; null when it is not well-formed XML or not a SAML protocol message. */
export function parseSamlXml(xml: string, binding: SamlMessage['binding'] = 'xml'): null | SamlMessage {
  if (xml.length > MAX_XML || /<!DOCTYPE|<!ENTITY/i.test(xml)) return null
  let doc
  try {
    doc = new (xmldom().DOMParser)({
      onError(level) {
        if (level !== 'warning') throw new Error('malformed XML')
      },
    }).parseFromString(xml, 'text/xml')
  } catch {
    return null
  }

  const root = doc.documentElement
  if (!root || root.namespaceURI !== PROTOCOL) return null
  const status = child(root, PROTOCOL, 'Status')
  const top = child(status, PROTOCOL, 'StatusCode')
  const sub = child(top, PROTOCOL, 'StatusCode')
  return {
    acsUrl: attr(root, 'AssertionConsumerServiceURL'),
    assertions: [
      ...children(root, ASSERTION, 'Assertion').map(assertion),
      ...children(root, ASSERTION, 'EncryptedAssertion').map(() => ({...ENCRYPTED})),
    ],
    binding,
    destination: attr(root, 'Destination'),
    id: attr(root, 'ID'),
    inResponseTo: attr(root, 'InResponseTo'),
    issueInstant: attr(root, 'IssueInstant'),
    issuer: textOf(child(root, ASSERTION, 'Issuer')),
    signatures: descendants(root, DSIG, 'Signature').map(signature),
    status: top
      ? {
          code: attr(top, 'Value') ?? '',
          message: textOf(child(status, PROTOCOL, 'StatusMessage')),
          subCode: attr(sub, 'Value'),
        }
      : null,
    type: root.localName ?? 'unknown',
  }
}

/** A SAML value (any encoding) as a message, or null. */
export function readSaml(value: string, binding: 'auto' | 'post' | 'redirect' = 'auto'): null | SamlMessage {
  const x = samlXml(value, binding)
  return x ? parseSamlXml(x.xml, x.binding) : null
}
