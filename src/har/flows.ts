/**
 * Rebuild the logins in a HAR: each authorization request (or PAR, or SAML AuthnRequest) opens a flow; the pages
 * in between, the callback, the token request and the calls made with the tokens join the flow they belong to,
 * linked by the values they share (state, code, request_uri, tokens, InResponseTo, RelayState) and, failing that,
 * by the redirect chain and the hosts involved. Several flows in one file (a retry, a silent renew in an iframe)
 * stay apart because each has its own state.
 */
import {readSaml, type SamlMessage} from '../decode/saml.js'
import {classify, type Discovery, discoveryOf, type Known} from './classify.js'
import {bearerToken, endpointOf, jsonBody, locationOf, param, type Params, parseUrl, formParams} from './params.js'
import type {Exchange} from './read.js'
import type {Role} from './types.js'

export interface FlowStep {
  x: Exchange
  role: Role
  /** Parameters delivered to a callback in a fragment (the browser never sends them; the redirect carried them). */
  delivered?: Params
  saml?: SamlMessage
}

export interface Flow {
  kind: 'oauth2' | 'oidc' | 'saml'
  steps: FlowStep[]
  /** The authorization request's parameters (from the PAR body when the request went by reference). */
  request: Params
  discovery: Discovery | null
  idpOrigin: null | string
  nextUrl: null | string
  codes: Set<string>
  tokens: Set<string>
  refreshTokens: Set<string>
  samlRequestId: null | string
  relayState: null | string
  ended: boolean
}

/** Bounds for hostile files: flows kept (each exchange is matched against them), entries a preflight looks ahead. */
export const MAX_FLOWS = 200
const LOOKAHEAD = 200

const origin = (url: string) => parseUrl(url)?.origin ?? null
const withoutFragment = (url: string) => url.split('#', 1)[0]

function newFlow(kind: Flow['kind'], x: Exchange, request: Params, discovery: Discovery | null): Flow {
  return {
    codes: new Set(),
    discovery,
    ended: false,
    idpOrigin: origin(x.url),
    kind,
    nextUrl: null,
    refreshTokens: new Set(),
    relayState: null,
    request,
    samlRequestId: null,
    steps: [],
    tokens: new Set(),
  }
}

/** A parameter of a callback as delivered: the query or form, else the fragment of the redirect that led there. */
export function callbackParam(step: FlowStep, name: string): string | undefined {
  return param(step.x, name) ?? step.delivered?.get(name)
}

export function buildFlows(exchanges: Exchange[]): {flows: Flow[]; truncated: boolean; unplaced: number} {
  const known: Known = {discoveries: [], redirectUris: new Set()}
  for (const x of exchanges) {
    const d = discoveryOf(x)
    if (d) known.discoveries.push(d)
  }

  const flows: Flow[] = []
  const pending: FlowStep[] = [] // discovery and JWKS before the flow that uses them
  const fragments = new Map<string, Params>() // redirect target -> parameters its fragment carried
  const latest = (pred: (f: Flow) => boolean): Flow | undefined => {
    for (let i = flows.length - 1; i >= 0; i--) if (pred(flows[i])) return flows[i]
    return undefined
  }
  const discoveryFor = (url: string) => known.discoveries.find((d) => origin(d.issuer) === origin(url)) ?? null
  const add = (f: Flow, step: FlowStep) => {
    f.steps.push(step)
    const loc = locationOf(step.x)
    f.nextUrl = loc ? withoutFragment(loc) : null
    if (loc?.includes('#')) fragments.set(withoutFragment(loc), formParams(loc.split('#')[1]))
  }

  let unplaced = 0
  let truncated = false
  for (const [at, x] of exchanges.entries()) {
    if (x.isStatic) continue
    let role = classify(x, known)
    if (flows.length >= MAX_FLOWS && (role === 'authorize' || role === 'par' || role === 'saml-request')) {
      truncated = true
      break
    }

    if (role === 'discovery' || role === 'jwks') {
      pending.push({role, x})
      continue
    }

    const open = (f: Flow) => !f.ended
    const viaRedirect = latest((f) => f.nextUrl === withoutFragment(x.url))
    const delivered = fragments.get(withoutFragment(x.url))
    if (!role && delivered && viaRedirect) role = 'callback'
    let flow: Flow | undefined
    const step: FlowStep = {role: role ?? 'login', x}
    switch (role) {
      case 'par':
      case 'authorize': {
        const requestUri = param(x, 'request_uri')
        flow = requestUri
          ? latest((f) => f.steps.some((s) => s.role === 'par' && parResponse(s.x) === requestUri))
          : undefined
        if (!flow) {
          const p = new Map([
            ...new URLSearchParams(role === 'par' ? (x.reqBody() ?? '') : (parseUrl(x.url)?.search ?? '')),
          ])
          flow = newFlow(/\bopenid\b/.test(p.get('scope') ?? '') ? 'oidc' : 'oauth2', x, p, discoveryFor(x.url))
          flows.push(flow)
        } else flow.idpOrigin = origin(x.url)

        const ru = flow.request.get('redirect_uri')
        if (ru) known.redirectUris.add(endpointOf(ru))
        break
      }

      case 'callback': {
        step.delivered = delivered
        const state = param(x, 'state') ?? delivered?.get('state')
        flow =
          (state !== undefined
            ? latest((f) => f.request.get('state') === state && !f.steps.some((s) => s.role === 'callback'))
            : undefined) ??
          viaRedirect ??
          latest((f) => open(f) && endpointOf(f.request.get('redirect_uri') ?? '') === endpointOf(x.url)) ??
          latest(open)
        const code = param(x, 'code') ?? delivered?.get('code')
        if (flow && code) flow.codes.add(code)
        break
      }

      case 'token': {
        const code = param(x, 'code')
        flow =
          (code ? latest((f) => f.codes.has(code)) : undefined) ??
          latest(
            (f) =>
              f.steps.some((s) => s.role === 'callback') &&
              f.request.get('client_id') === (param(x, 'client_id') ?? f.request.get('client_id')),
          )
        break
      }

      case 'refresh': {
        const rt = param(x, 'refresh_token')
        flow = (rt ? latest((f) => f.refreshTokens.has(rt)) : undefined) ?? latest((f) => f.tokens.size > 0)
        break
      }

      case 'userinfo':
      case 'api': {
        const t = bearerToken(x)
        flow = t ? latest((f) => f.tokens.has(t)) : undefined
        if (!flow && role === 'userinfo') flow = latest((f) => f.tokens.size > 0)
        break
      }

      case 'logout':
        flow = latest((f) => f.idpOrigin === origin(x.url)) ?? latest(() => true)
        break

      case 'preflight': {
        // Joins the flow of the request it announced: the next one to the same URL.
        const next = exchanges.slice(at + 1, at + 1 + LOOKAHEAD).find((y) => y.method !== 'OPTIONS' && y.url === x.url)
        pending.push({role, x})
        if (next) continue
        flow = latest(() => true)
        pending.pop()
        break
      }

      case 'saml-request':
      case 'saml-response': {
        const name = role === 'saml-request' ? 'SAMLRequest' : 'SAMLResponse'
        const value = param(x, name) ?? ''
        step.saml = readSaml(value, x.method === 'GET' ? 'redirect' : 'post') ?? undefined
        const relay = param(x, 'RelayState') ?? null
        if (role === 'saml-request') {
          flow = newFlow('saml', x, new Map(), null)
          flow.samlRequestId = step.saml?.id ?? null
          flow.relayState = relay
          flows.push(flow)
        } else {
          const irt = step.saml?.inResponseTo
          flow =
            (irt ? latest((f) => f.samlRequestId === irt) : undefined) ??
            (relay ? latest((f) => f.kind === 'saml' && f.relayState === relay) : undefined) ??
            latest((f) => f.kind === 'saml' && open(f))
          if (!flow) {
            // IdP-initiated: a response with no request.
            flow = newFlow('saml', x, new Map(), null)
            flows.push(flow)
          }

          flow.ended = true
        }

        break
      }

      default: {
        flow =
          viaRedirect ??
          latest(
            (f) =>
              open(f) &&
              f.idpOrigin === origin(x.url) &&
              f.steps.some((s) => s.role === 'authorize' || s.role === 'saml-request'),
          )
        if (flow) step.role = x.method === 'GET' && x.status >= 300 && x.status < 400 ? 'redirect' : 'login'
      }
    }

    if (!flow) {
      unplaced++
      continue
    }

    // Steps waiting for this flow: discovery and JWKS of its issuer, a preflight of this request.
    for (let i = 0; i < pending.length; i++) {
      const s = pending[i]
      const mine =
        s.role === 'preflight'
          ? s.x.url === x.url
          : origin(s.x.url) === flow.idpOrigin || origin(s.x.url) === origin(x.url)
      if (mine) {
        flow.steps.push(s)
        pending.splice(i--, 1)
      }
    }

    add(flow, step)
    collectTokens(flow, step)
    if (step.role === 'callback') flow.ended = true
  }

  for (const f of flows) f.steps.sort((a, b) => a.x.startedMs - b.x.startedMs || a.x.entry - b.x.entry)
  return {flows, truncated, unplaced}
}

function parResponse(x: Exchange): string | undefined {
  const v = jsonBody(x)?.request_uri
  return typeof v === 'string' ? v : undefined
}

/** Remember the tokens a token response issued, so the API calls that use them join this flow. */
function collectTokens(flow: Flow, step: FlowStep): void {
  if (step.role !== 'token' && step.role !== 'refresh' && step.role !== 'callback') return
  const values =
    step.role === 'callback' ? {access_token: callbackParam(step, 'access_token')} : (jsonBody(step.x) ?? {})
  if (typeof values.access_token === 'string') flow.tokens.add(values.access_token)
  if (typeof (values as Record<string, unknown>).refresh_token === 'string')
    flow.refreshTokens.add((values as Record<string, string>).refresh_token)
  if (typeof (values as Record<string, unknown>).id_token === 'string' && flow.kind === 'oauth2') flow.kind = 'oidc'
}
