/**
 * decode's reader for SAML: finds a SAMLResponse (or SAMLRequest) in a paste (the base64 value, a `SAMLResponse=`
 * form or URL, an auto-submitting HTML form, the deflated redirect binding, or the XML) and turns its status into an
 * error the catalog explains (SAML status codes are provider `saml`), with what a service provider checks beside it.
 */
import {relativeTime} from './jwt.js'
import {readSaml, type SamlMessage} from './saml.js'
import {type RawError, rawError} from './types.js'
import {hostOf} from './values.js'

const PARAM = /\bSAML(?:Response|Request)=([A-Za-z0-9+/=%_-]{20,})/
const INPUT = /name=["']SAML(?:Response|Request)["'][^>]{0,200}?value=["']([A-Za-z0-9+/=\s]{20,})["']/
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
const MAX = 1024 * 1024

/** The SAML value in a paste, or null. */
function candidate(text: string): null | string {
  const t = text.trim()
  if (t.length > MAX) return null
  if (t.startsWith('<') && /urn:oasis:names:tc:SAML:2\.0:protocol/.test(t) && !/<(?:html|form)\b/i.test(t)) return t
  const p = PARAM.exec(t)?.[1]
  if (p) {
    try {
      return decodeURIComponent(p)
    } catch {
      return p
    }
  }

  const i = t.includes('<') ? INPUT.exec(t)?.[1] : undefined
  if (i) return i
  return /^[A-Za-z0-9+/=\r\n]{40,}$/.test(t) ? t : null
}

const time = (value: null | string, now: number) => {
  const t = value ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(t)) return null
  return {
    date: value,
    relative: relativeTime(Math.round((t - now) / 1000)),
    secondsFromNow: Math.round((t - now) / 1000),
  }
}

/** The fields decode --json reports for a SAML message (attribute values are left out: they are personal data). */
function summary(m: SamlMessage, now: number): Record<string, unknown> {
  return {
    assertions: m.assertions.map((a) => ({
      attributes: a.attributes.map((x) => x.name),
      audiences: a.audiences,
      encrypted: a.encrypted,
      issuer: a.issuer,
      nameId: a.nameId,
      notBefore: time(a.notBefore, now),
      notOnOrAfter: time(a.notOnOrAfter ?? a.confirmationNotOnOrAfter, now),
      recipient: a.recipient,
    })),
    binding: m.binding,
    destination: m.destination,
    id: m.id,
    inResponseTo: m.inResponseTo,
    issueInstant: m.issueInstant,
    issuer: m.issuer,
    signatures: m.signatures,
    status: m.status,
    type: m.type,
    ...(m.acsUrl ? {assertionConsumerServiceURL: m.acsUrl} : {}),
  }
}

/** What a service provider would object to, as notes. */
function samlNotes(m: SamlMessage, now: number): string[] {
  const notes: string[] = []
  for (const a of m.assertions) {
    if (a.encrypted) {
      notes.push(
        'The assertion is encrypted: only the service provider (with its private key) can read its subject, audience and times.',
      )
      continue
    }

    const end = time(a.notOnOrAfter ?? a.confirmationNotOnOrAfter, now)
    const start = time(a.notBefore, now)
    if (end && end.secondsFromNow <= 0)
      notes.push(`The assertion expired ${end.relative} (NotOnOrAfter ${end.date}); a service provider rejects it now.`)
    if (start && start.secondsFromNow > 60)
      notes.push(
        `The assertion is valid only from ${start.date} (${start.relative}): the identity provider's clock is ahead.`,
      )
    if (a.audiences.length === 0) notes.push('The assertion has no AudienceRestriction.')
    else notes.push(`Audience: ${a.audiences.join(', ')}; it must equal the service provider's entity ID.`)
  }

  if (
    m.type === 'Response' &&
    m.status?.code === SUCCESS &&
    m.signatures.length === 0 &&
    !m.assertions.some((a) => a.encrypted)
  )
    notes.push('Neither the response nor its assertion is signed: a service provider must reject it.')
  for (const s of m.signatures) {
    if (s.algorithm?.endsWith('sha1') || s.digest?.endsWith('sha1'))
      notes.push(`The ${s.on} is signed with SHA-1, which many service providers refuse.`)
    const until = s.certificate ? time(s.certificate.notAfter, now) : null
    if (until && until.secondsFromNow <= 0)
      notes.push(`The signing certificate (${s.certificate!.subject}) expired ${until.relative}.`)
  }

  return notes
}

/**
 * A Status pasted on its own or inside a log (`<samlp:Status><samlp:StatusCode Value="…:Requester"><samlp:StatusCode
 * Value="…:InvalidNameIDPolicy"/>…`), no whole message to parse: its codes read as written, the nested one first.
 */
function statusFragment(text: string): RawError | null {
  const codes: {at: number; value: string}[] = []
  for (const m of text
    .slice(0, MAX)
    .matchAll(/StatusCode[ \t\r\n]+Value=["'](urn:oasis:names:tc:SAML:2\.0:status:\w{2,60})["']/g))
    if (codes.length < 2) codes.push({at: m.index, value: m[1]})
  const [top, sub] = codes
  if (!top || (top.value === SUCCESS && !sub)) return null
  const message = /StatusMessage>([^<]{1,1000})</.exec(text.slice(top.at, top.at + 20_000))?.[1]?.trim() ?? null
  return rawError('saml', top.at, {
    alternatives: sub ? [top.value] : [],
    code: sub?.value ?? top.value,
    description: message,
    fields: {statusCode: top.value, ...(sub ? {subStatusCode: sub.value} : {})},
    hints: [{kind: 'envelope', provider: 'saml', reason: 'a SAML 2.0 Status'}],
    strength: 0.9,
  })
}

export function samlErrors(text: string, now: number): {errors: RawError[]; notes: string[]} {
  const value = candidate(text)
  const m = value ? readSaml(value) : null
  if (!m || !value) {
    const fragment = text.includes('StatusCode') ? statusFragment(text) : null
    return {errors: fragment ? [fragment] : [], notes: []}
  }
  const top = m.status?.code ?? null
  const sub = m.status?.subCode ?? null
  const issuerHost = m.issuer ? hostOf(m.issuer) : null
  const error = rawError('saml', 0, {
    alternatives: sub && top ? [top] : [],
    code: sub ?? top,
    description: m.status?.message ?? null,
    fields: {saml: summary(m, now)},
    hints: [{kind: 'envelope', provider: 'saml', reason: `a SAML 2.0 ${m.type}`}],
    hosts: issuerHost ? [{host: issuerHost, role: 'issuer'}] : [],
    secrets: [value],
    strength: top && top !== SUCCESS ? 0.95 : 0.6,
  })
  return {errors: [error], notes: samlNotes(m, now)}
}
