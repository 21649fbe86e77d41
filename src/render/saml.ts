/** decode's human output for a SAML message: what a service provider checks, one row each. */
import type {DecodedError} from '../decode/types.js'

interface Time {
  date: string
  relative: string
}

interface Summary {
  assertions: {
    audiences: string[]
    encrypted: boolean
    issuer: null | string
    nameId: null | string
    notBefore: null | Time
    notOnOrAfter: null | Time
    recipient: null | string
  }[]
  assertionConsumerServiceURL?: string
  destination: null | string
  id: null | string
  inResponseTo: null | string
  issuer: null | string
  signatures: {algorithm: null | string; certificate: null | {notAfter: string; subject: string}; on: string}[]
  status: null | {code: string; message: null | string; subCode: null | string}
  type: string
}

const short = (uri: null | string | undefined) =>
  uri
    ?.replace(/^urn:oasis:names:tc:SAML:2\.0:status:/, '')
    .replace(/^http:\/\/www\.w3\.org\/\d{4}\/\d{2}\/xmldsig(?:-more)?#/, '') ?? null
const when = (t: null | Time) => (t ? `${t.date} (${t.relative})` : null)

export function samlRows(e: DecodedError): [string, null | string][] {
  const s = e.fields.saml as Summary | undefined
  if (!s || typeof s !== 'object') return []
  const a = s.assertions[0]
  const status = s.status ? [short(s.status.code), short(s.status.subCode)].filter(Boolean).join(' / ') : null
  return [
    ['Message', `${s.type}${s.id ? ` ${s.id}` : ''}`],
    ['Issuer', s.issuer],
    ['Status', status],
    ['StatusMessage', s.status?.message ?? null],
    ['InResponseTo', s.inResponseTo],
    ['Destination', s.destination],
    ['ACS URL', s.assertionConsumerServiceURL ?? null],
    [
      'Assertion',
      a
        ? a.encrypted
          ? 'encrypted (only the service provider can read it)'
          : 'plain'
        : s.type === 'Response'
          ? 'none'
          : null,
    ],
    ['Subject', a?.nameId ?? null],
    ['Audience', a?.audiences.join(', ') || null],
    ['Recipient', a?.recipient ?? null],
    ['NotBefore', when(a?.notBefore ?? null)],
    ['NotOnOrAfter', when(a?.notOnOrAfter ?? null)],
    [
      'Signatures',
      s.signatures.length === 0
        ? 'none'
        : s.signatures.map((g) => `${g.on} (${short(g.algorithm) ?? 'unknown algorithm'})`).join(', '),
    ],
    ...s.signatures
      .filter((g) => g.certificate)
      .map((g): [string, string] => [
        'Certificate',
        `${g.certificate!.subject}, valid until ${g.certificate!.notAfter}`,
      ]),
  ]
}
