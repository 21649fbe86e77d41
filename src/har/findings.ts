/** Cross-step findings of an OAuth 2.0 / OIDC flow: what one step said that another contradicts. */
import {createHash} from 'node:crypto'

import {callbackParam, type Flow, type FlowStep} from './flows.js'
import {bearerToken, endpointOf, jsonBody, jwt, param, parseUrl, responseTime} from './params.js'
import {header} from './read.js'
import type {FindingId, HarFinding} from './types.js'

export type Draft = Omit<HarFinding, 'explanation'> & {code?: string}

const CLOCK_SKEW_MS = 60_000

export function oauthFindings(flow: Flow, at: (s: FlowStep) => number): Draft[] {
  const out: Draft[] = []
  const push = (id: FindingId, severity: Draft['severity'], message: string, steps: FlowStep[], code?: string) =>
    out.push({code, id, message, severity, steps: steps.map(at)})
  const req = flow.request
  const authorize = flow.steps.find((s) => s.role === 'authorize' || s.role === 'par')
  const callback = flow.steps.find((s) => s.role === 'callback')
  const tokens = flow.steps.filter((s) => s.role === 'token' && param(s.x, 'grant_type') === 'authorization_code')

  if (authorize) {
    const sent = req.get('state')
    const back = callback ? callbackParam(callback, 'state') : undefined
    if (sent === undefined)
      push(
        'state-missing',
        'warning',
        'The authorization request sent no state, so the callback cannot be tied to it (CSRF protection is off).',
        [authorize],
      )
    else if (callback && back === undefined)
      push(
        'state-missing',
        'error',
        `The authorization request sent state "${sent}" but the callback came back without one.`,
        [authorize, callback],
      )
    else if (callback && back !== sent)
      push(
        'state-mismatch',
        'error',
        `The authorization request sent state "${sent}" but the callback came back with "${back}": the client will reject it (a changed, stale or second login's state).`,
        [authorize, callback],
      )
  }

  const codes = new Map<string, FlowStep>()
  for (const t of tokens) {
    const asked = req.get('redirect_uri')
    const used = param(t.x, 'redirect_uri')
    if (authorize && asked !== undefined && used !== asked)
      push(
        'redirect-uri-mismatch',
        'error',
        used === undefined
          ? `The authorization request used redirect_uri ${asked} but the token request sent none; it must repeat the same value.`
          : `The authorization request used redirect_uri ${asked} but the token request sent ${used}${difference(asked, used)}; they must be identical.`,
        [authorize, t],
        'invalid_grant',
      )
    const challenge = req.get('code_challenge')
    const verifier = param(t.x, 'code_verifier')
    if (authorize && challenge && verifier === undefined)
      push(
        'pkce-verifier-missing',
        'error',
        'The authorization request sent a code_challenge but the token request has no code_verifier.',
        [authorize, t],
        'invalid_grant',
      )
    if (authorize && challenge && verifier) {
      const method = req.get('code_challenge_method') ?? 'plain'
      const s256 = createHash('sha256').update(verifier).digest('base64url')
      if (method === 'S256' && s256 !== challenge && verifier === challenge)
        push(
          'pkce-method-mismatch',
          'error',
          'The code_challenge is the verifier itself (plain) but code_challenge_method says S256.',
          [authorize, t],
          'invalid_grant',
        )
      if (method === 'plain' && verifier !== challenge && s256 === challenge)
        push(
          'pkce-method-mismatch',
          'error',
          `The code_challenge is the S256 hash of the verifier but the request ${req.has('code_challenge_method') ? 'says plain' : 'sent no code_challenge_method (plain is the default)'}.`,
          [authorize, t],
          'invalid_grant',
        )
    }

    const code = param(t.x, 'code')
    if (code && codes.has(code))
      push(
        'code-reused',
        'error',
        'The same authorization code was sent to the token endpoint twice; a code works once (the second use may also revoke the tokens of the first).',
        [codes.get(code)!, t],
        'invalid_grant',
      )
    else if (code) codes.set(code, t)
  }

  const nonce = req.get('nonce')
  const requested = new Set((req.get('scope') ?? '').split(/\s+/).filter(Boolean))
  for (const t of flow.steps.filter((s) => s.role === 'token' || s.role === 'refresh')) {
    const body = t.x.status < 300 ? jsonBody(t.x) : null
    if (!body) continue
    const idToken = typeof body.id_token === 'string' ? jwt(body.id_token, 0) : null
    if (idToken && authorize && nonce !== undefined && t.role === 'token' && idToken.claims.nonce !== nonce)
      push(
        'nonce-mismatch',
        'error',
        `The authorization request sent nonce "${nonce}" but the ID token carries ${idToken.claims.nonce === undefined ? 'none' : `"${String(idToken.claims.nonce)}"`}.`,
        [authorize, t],
      )
    if (idToken) timeWindow(idToken.claims, responseTime(t.x), 'The ID token', [t], push)
    if (typeof body.scope === 'string' && requested.size > 0 && t.role === 'token' && authorize) {
      const granted = new Set(body.scope.split(/\s+/))
      const missing = [...requested].filter((s) => !granted.has(s))
      if (missing.length > 0)
        push(
          'scope-narrowed',
          'warning',
          `Scopes requested but not granted: ${missing.join(', ')} (granted: ${body.scope || 'none'}).`,
          [authorize, t],
        )
    }
  }

  tokenUse(flow, push)
  corsChecks(flow, push)
  if (authorize && callback && req.get('prompt') === 'none') {
    const error = callbackParam(callback, 'error')
    if (error === 'login_required' || error === 'interaction_required' || error === 'consent_required') {
      const iframe = header(authorize.x.reqHeaders, 'sec-fetch-dest') === 'iframe'
      push(
        'third-party-cookies',
        'warning',
        `Silent authentication (prompt=none${iframe ? ', in an iframe' : ''}) came back with ${error}: the browser most likely did not send the identity provider's session cookie to a third-party frame. Use refresh tokens, or a top-level redirect.`,
        [authorize, callback],
        error,
      )
    }
  }

  return out
}

type Push = (id: FindingId, severity: Draft['severity'], message: string, steps: FlowStep[], code?: string) => void

function difference(a: string, b: string): string {
  if (a.replace(/\/$/, '') === b.replace(/\/$/, '')) return ' (a trailing slash differs)'
  const ua = parseUrl(a)
  const ub = parseUrl(b)
  if (ua && ub && ua.protocol !== ub.protocol) return ' (the scheme differs)'
  if (ua && ub && ua.host !== ub.host) return ' (the host differs)'
  if (decodeURIComponent(a) === decodeURIComponent(b)) return ' (the URL encoding differs)'
  return ''
}

function timeWindow(
  claims: Record<string, unknown>,
  at: number,
  label: string,
  steps: FlowStep[],
  push: Push,
  failed = false,
): void {
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : null
  const nbf =
    typeof claims.nbf === 'number' ? claims.nbf * 1000 : typeof claims.iat === 'number' ? claims.iat * 1000 : null
  const when = new Date(at).toISOString()
  if (exp !== null && exp <= at)
    push(
      'token-expired',
      failed ? 'error' : 'warning',
      `${label} expired at ${new Date(exp).toISOString()}, before ${when} (the response's Date).`,
      steps,
      'invalid_token',
    )
  else if (nbf !== null && nbf > at + CLOCK_SKEW_MS)
    push(
      'token-not-yet-valid',
      'error',
      `${label} is valid only from ${new Date(nbf).toISOString()}, after ${when} (the response's Date): a clock is wrong.`,
      steps,
      'invalid_token',
    )
}

/** Tokens sent to the userinfo endpoint and APIs: expired (JWT exp, or the token response's expires_in) or not yet valid. */
function tokenUse(flow: Flow, push: Push): void {
  const issued = new Map<string, {expiresAt: null | number; step: FlowStep}>()
  for (const s of flow.steps) {
    if ((s.role === 'token' || s.role === 'refresh') && s.x.status < 300) {
      const body = jsonBody(s.x)
      if (body && typeof body.access_token === 'string') {
        const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in)
        issued.set(body.access_token, {
          expiresAt: Number.isFinite(expiresIn) ? responseTime(s.x) + expiresIn * 1000 : null,
          step: s,
        })
      }
    }

    if (s.role !== 'userinfo' && s.role !== 'api') continue
    const token = bearerToken(s.x)
    if (!token) continue
    const at = responseTime(s.x)
    const failed = s.x.status === 401
    const origin = issued.get(token)
    const claims = jwt(token, 0)?.claims
    const steps = origin ? [origin.step, s] : [s]
    if (claims) timeWindow(claims, at, 'The access token sent to this API', steps, push, failed)
    else if (origin?.expiresAt != null && origin.expiresAt <= at)
      push(
        'token-expired',
        failed ? 'error' : 'warning',
        `The access token was issued for ${Math.round((origin.expiresAt - responseTime(origin.step.x)) / 1000)} s (expires_in) and used ${Math.round((at - responseTime(origin.step.x)) / 1000)} s later.`,
        steps,
        'invalid_token',
      )
  }
}

/** Browser calls to the token, userinfo and API endpoints need CORS: a failed preflight or a response without Access-Control-Allow-Origin. */
function corsChecks(flow: Flow, push: Push): void {
  for (const s of flow.steps) {
    const origin = header(s.x.reqHeaders, 'origin')
    const target = parseUrl(s.x.url)?.origin
    if (!origin || origin === target || origin === 'null') continue
    const allowed = header(s.x.resHeaders, 'access-control-allow-origin')
    const ok = allowed === '*' || allowed === origin
    if (s.role === 'preflight' && (s.x.status >= 400 || s.x.status === 0 || !ok))
      push(
        'cors-blocked',
        'error',
        `The CORS preflight from ${origin} to ${endpointOf(s.x.url)} failed (status ${s.x.status}${ok ? '' : ', no matching Access-Control-Allow-Origin'}).`,
        [s],
      )
    else if (s.role !== 'preflight' && ['token', 'refresh', 'userinfo', 'api'].includes(s.role)) {
      if (s.x.status === 0)
        push(
          'cors-blocked',
          'error',
          `The browser call from ${origin} to ${endpointOf(s.x.url)} got no response (status 0${s.x.failure ? `, ${s.x.failure}` : ''}): most often CORS.`,
          [s],
        )
      else if (!ok)
        push(
          'cors-blocked',
          'error',
          `The response of ${endpointOf(s.x.url)} to a browser call from ${origin} has ${allowed ? `Access-Control-Allow-Origin ${allowed}` : 'no Access-Control-Allow-Origin'}: the browser hides it from the page. Register the origin with the provider (web origins / allowed origins), or make this call from a backend.`,
          [s],
        )
    }
  }
}
