/** Findings about cookies, header sizes and redirect loops (any flow), and the checks of a SAML flow. */
import type {SamlMessage} from '../decode/saml.js'
import type {Draft} from './findings.js'
import type {Flow, FlowStep} from './flows.js'
import {endpointOf, parseUrl, requestCookies, responseTime, setCookies} from './params.js'
import {type Exchange, header} from './read.js'
import type {FindingId} from './types.js'

type Push = (id: FindingId, severity: Draft['severity'], message: string, steps: FlowStep[], code?: string) => void

function pusher(out: Draft[], at: (s: FlowStep) => number): Push {
  return (id, severity, message, steps, code) => out.push({code, id, message, severity, steps: steps.map(at)})
}

const LOGIN_COOKIE = /correlation|nonce|state|oidc|pkce|verifier|auth/i

export function httpFindings(flow: Flow, all: Exchange[], at: (s: FlowStep) => number): Draft[] {
  const out: Draft[] = []
  const push = pusher(out, at)
  const reported = new Set<string>()
  for (const s of flow.steps) {
    for (const c of setCookies(s.x)) {
      if (c.sameSite === 'none' && !c.attributes.has('secure') && !reported.has(c.name)) {
        reported.add(c.name)
        push(
          'cookie-samesite-none-insecure',
          'warning',
          `Cookie ${c.name} is set with SameSite=None but without Secure: browsers reject it, so it never comes back on the cross-site redirect.`,
          [s],
        )
      }
    }

    const headerBytes = s.x.reqHeaders.reduce((n, h) => n + h.name.length + h.value.length + 4, 0)
    if (s.x.status === 431 || s.x.status === 494 || (s.x.status === 400 && headerBytes > 8192)) {
      const cookie = (header(s.x.reqHeaders, 'cookie') ?? '').length
      push(
        'header-too-large',
        'error',
        `The server refused the request's headers as too large (status ${s.x.status}; ${headerBytes} bytes of headers${cookie ? `, ${cookie} of them in Cookie` : ''}). Clear the site's cookies, or keep fewer or smaller ones (chunked auth cookies add up).`,
        [s],
        String(s.x.status),
      )
    }
  }

  // A login cookie the app set before the redirect, missing when the browser came back to the callback.
  const callback = flow.steps.find((s) => s.role === 'callback')
  const cookiesKept = all.some((x) => header(x.reqHeaders, 'cookie') !== undefined)
  if (callback && cookiesKept) {
    const app = parseUrl(callback.x.url)?.host
    const sent = requestCookies(callback.x)
    for (const x of all) {
      if (x.startedMs > callback.x.startedMs) break
      if (parseUrl(x.url)?.host !== app) continue
      for (const c of setCookies(x))
        if (LOGIN_COOKIE.test(c.name) && !sent.has(c.name) && !reported.has(`missing:${c.name}`)) {
          reported.add(`missing:${c.name}`)
          push(
            'cookie-missing-at-callback',
            'error',
            `Cookie ${c.name}, set by ${app} before the login (entry ${x.entry}), was not sent back with the callback: the app cannot match the response to its request ("correlation failed"). Check its SameSite, Secure, Path and Domain.`,
            [callback],
          )
        }
    }
  }

  // The same endpoint redirecting three times or more in one flow: a loop between the app and the provider.
  const visits = new Map<string, FlowStep[]>()
  for (const s of flow.steps) {
    if (s.x.status < 300 || s.x.status >= 400) continue
    const key = `${s.x.method} ${endpointOf(s.x.url)}`
    visits.set(key, [...(visits.get(key) ?? []), s])
  }

  for (const [key, steps] of visits)
    if (steps.length >= 3)
      push('redirect-loop', 'error', `${key} redirected ${steps.length} times in one login: a redirect loop.`, steps)
  return out
}

/** Several logins of the same client started within a short time, each sent back to the app: the app keeps restarting the login. */
export function loopAcrossFlows(flows: Flow[]): Map<Flow, Draft> {
  const out = new Map<Flow, Draft>()
  const byClient = new Map<string, Flow[]>()
  for (const f of flows) {
    const key = `${f.request.get('client_id') ?? ''} ${f.request.get('redirect_uri') ?? ''}`
    if (f.kind !== 'saml' && f.request.has('client_id')) byClient.set(key, [...(byClient.get(key) ?? []), f])
  }

  for (const list of byClient.values()) {
    if (list.length < 3) continue
    const first = list[0].steps[0]?.x.startedMs ?? 0
    const last = list.at(-1)!
    if ((last.steps[0]?.x.startedMs ?? 0) - first > 60_000) continue
    out.set(last, {
      id: 'redirect-loop',
      message: `${list.length} logins of client ${last.request.get('client_id')} started within a minute: the app keeps sending the browser back to the provider (often a session cookie it cannot set or read).`,
      severity: 'error',
      steps: [0],
    })
  }

  return out
}

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'

export function samlFindings(flow: Flow, at: (s: FlowStep) => number): Draft[] {
  const out: Draft[] = []
  const push = pusher(out, at)
  const request = flow.steps.find((s) => s.role === 'saml-request' && s.saml?.type === 'AuthnRequest')
  const sp: SamlMessage | undefined = request?.saml
  for (const s of flow.steps) {
    const m = s.saml
    if (s.role !== 'saml-response' || !m || m.type !== 'Response') continue
    const ok = m.status?.code === SUCCESS
    if (!ok) {
      const code = m.status?.subCode ?? m.status?.code ?? 'unknown'
      push(
        'saml-status',
        'error',
        `The identity provider answered ${short(m.status?.code)}${m.status?.subCode ? ` / ${short(m.status.subCode)}` : ''}${m.status?.message ? `: ${m.status.message}` : ''}.`,
        [s],
        code,
      )
    }

    const posted = endpointOf(s.x.url)
    if (m.destination && endpointOf(m.destination) !== posted)
      push(
        'saml-destination',
        'error',
        `The response's Destination is ${m.destination} but it was posted to ${posted}.`,
        [s],
      )
    if (sp?.acsUrl && endpointOf(sp.acsUrl) !== posted)
      push(
        'saml-destination',
        'error',
        `The AuthnRequest asked for the response at ${sp.acsUrl} but it was posted to ${posted}.`,
        [request!, s],
      )
    if (request && sp?.id && m.inResponseTo !== sp.id)
      push(
        'saml-in-response-to',
        'error',
        m.inResponseTo
          ? `The response answers request ${m.inResponseTo}, not the AuthnRequest ${sp.id} of this login (a second tab, a retry, or a stale session).`
          : `The AuthnRequest ${sp.id} got an unsolicited response (no InResponseTo).`,
        [request, s],
      )
    if (!request && m.inResponseTo)
      push(
        'saml-in-response-to',
        'info',
        `The response answers request ${m.inResponseTo}, which is not in this HAR (recorded after the login started?).`,
        [s],
      )
    const when = responseTime(s.x)
    for (const a of m.assertions) {
      if (a.encrypted) continue
      const audienceSteps = request ? [request, s] : [s]
      if (sp?.issuer && a.audiences.length > 0 && !a.audiences.includes(sp.issuer))
        push(
          'saml-audience',
          'error',
          `The assertion is for audience ${a.audiences.join(', ')} but the service provider is ${sp.issuer} (its entity ID in the AuthnRequest).`,
          audienceSteps,
        )
      if (a.audiences.length === 0 && ok)
        push(
          'saml-audience',
          'warning',
          'The assertion has no AudienceRestriction: any service provider would accept it.',
          [s],
        )
      const nb = a.notBefore ? Date.parse(a.notBefore) : Number.NaN
      const end = [a.notOnOrAfter, a.confirmationNotOnOrAfter]
        .map((v) => (v ? Date.parse(v) : Number.NaN))
        .filter(Number.isFinite)
      const stamp = new Date(when).toISOString()
      if (end.length > 0 && Math.min(...end) <= when)
        push(
          'saml-expired',
          'error',
          `The assertion was valid until ${new Date(Math.min(...end)).toISOString()}, and it reached the service provider at ${stamp}.`,
          [s],
        )
      else if (Number.isFinite(nb) && nb > when + 60_000)
        push(
          'saml-expired',
          'error',
          `The assertion is valid only from ${a.notBefore}, after it reached the service provider at ${stamp}: the identity provider's clock is ahead.`,
          [s],
        )
    }

    const signed = m.signatures.some((g) => g.on === 'Response' || g.on === 'Assertion')
    if (ok && !signed && !m.assertions.some((a) => a.encrypted))
      push(
        'saml-unsigned',
        'error',
        'Neither the response nor its assertion is signed: a service provider must reject it.',
        [s],
      )
    for (const g of m.signatures)
      if (g.algorithm?.endsWith('rsa-sha1') || g.digest?.endsWith('sha1'))
        push('saml-unsigned', 'warning', `The ${g.on} is signed with SHA-1, which many service providers now refuse.`, [
          s,
        ])
  }

  return out
}

const short = (urn: null | string | undefined) =>
  urn ? urn.replace(/^urn:oasis:names:tc:SAML:2\.0:status:/, '') : 'no status'
