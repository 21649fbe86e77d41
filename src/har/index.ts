/**
 * diagnoseHar(text): the logins in a browser's HAR, rebuilt as flows of steps, each failing step explained by
 * decode() like any paste, and the findings that need two steps side by side. Used by `errcode har`,
 * `errcode decode --file x.har` and the MCP server.
 */
import type {Catalog} from '../catalog/catalog.js'
import {builtinCatalog} from '../catalog/load.js'
import {explain} from '../decode/explain.js'
import {decode} from '../decode/index.js'
import {isSecretName, maskSecret} from '../secrets.js'
import {type Draft, oauthFindings} from './findings.js'
import {httpFindings, loopAcrossFlows, samlFindings} from './findings-more.js'
import {buildFlows, callbackParam, type Flow, type FlowStep, MAX_FLOWS} from './flows.js'
import {endpointOf, jsonBody, param} from './params.js'
import {type Exchange, header, parseHar} from './read.js'
import type {HarFinding, HarFlow, HarOptions, HarReport, HarStep} from './types.js'

export type {HarFinding, HarFlow, HarOptions, HarReport, HarStep} from './types.js'

const MAX_DECODED = 40
const MAX_PASTE = 64 * 1024
const SAML_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
const MASKED_PARAMS = new Set(['samlrequest', 'samlresponse', 'signature'])

/** A URL with the values of secret parameters (code, tokens, SAML messages) masked. */
export function maskUrl(url: string): string {
  return url.replace(/([?&#])([^=&#]+)=([^&#]*)/g, (all, sep: string, name: string, value: string) => {
    let key = name
    try {
      key = decodeURIComponent(name)
    } catch {
      // A malformed escape: judge the name as written.
    }
    // A scrubbed copy's placeholders (redacted-code-1) are no secret, and they are what a reader compares.
    const secret = (isSecretName(key) || MASKED_PARAMS.has(key.toLowerCase())) && !/^redacted-[a-z_]+-\d+$/.test(value)
    return value && secret ? `${sep}${name}=${maskSecret(value)}` : all
  })
}

/** Did this step fail, as a browser or the client would see it? */
function failed(s: FlowStep): boolean {
  const x = s.x
  if (x.status === 0 || x.status >= 400) return true
  if (s.role === 'callback') return callbackParam(s, 'error') !== undefined
  if (s.role === 'saml-response') return Boolean(s.saml?.status && s.saml.status.code !== SAML_SUCCESS)
  return false
}

/** The step as a paste for decode(): the callback URL, the SAML message, or the exchange as curl -v prints it. */
function pasteOf(s: FlowStep): string {
  const x = s.x
  if (s.role === 'callback') {
    const extra = new URLSearchParams([
      ...(s.delivered ?? new Map()),
      ...new URLSearchParams(x.method === 'POST' ? (x.reqBody() ?? '') : ''),
    ])
    const tail = extra.toString()
    return tail ? `${x.url}${x.url.includes('?') ? '&' : '?'}${tail}` : x.url
  }

  if (s.role === 'saml-response') return param(x, 'SAMLResponse') ?? ''
  const u = new URL(x.url)
  const lines = [
    `> ${x.method} ${u.pathname}${u.search} HTTP/1.1`,
    `> Host: ${u.host}`,
    '>',
    `< HTTP/1.1 ${x.status} ${x.statusText}`.trimEnd(),
  ]
  for (const h of x.resHeaders) if (h.name !== 'set-cookie') lines.push(`< ${h.name}: ${h.value}`)
  lines.push('<', (x.resBody() ?? '').slice(0, MAX_PASTE))
  return lines.join('\n')
}

interface Ctx {
  catalog: Catalog
  now?: number
  showSecrets?: boolean
}

function toStep(s: FlowStep, index: number, ctx: Ctx, budget: {left: number}): HarStep {
  let error = null
  if (failed(s) && budget.left > 0) {
    budget.left--
    error = decode(pasteOf(s), {catalog: ctx.catalog, now: ctx.now, showSecrets: ctx.showSecrets}).errors[0] ?? null
  }

  return {
    index,
    entry: s.x.entry,
    startedDateTime: s.x.startedDateTime,
    method: s.x.method,
    url: ctx.showSecrets ? s.x.url : maskUrl(s.x.url),
    status: s.x.status,
    role: s.role,
    error,
  }
}

function explainDraft(d: Draft, flow: Flow, steps: HarStep[], catalog: Catalog): HarFinding {
  const {code} = d
  let explanation = null
  if (code) {
    const failing = d.steps.map((i) => steps[i]?.error).find((e) => e?.matches[0] && e.code === code)
    explanation =
      failing?.matches[0] ??
      explain(catalog, {
        alternatives: [],
        code,
        description: null,
        http: null,
        location: null,
        provider: flow.kind === 'saml' ? 'saml' : 'oauth',
      })[0] ??
      null
  }

  return {id: d.id, severity: d.severity, message: d.message, steps: d.steps, explanation}
}

function issuerOf(flow: Flow): null | string {
  if (flow.kind === 'saml')
    return flow.steps.find((s) => s.role === 'saml-response' && s.saml?.issuer)?.saml?.issuer ?? null
  if (flow.discovery) return flow.discovery.issuer
  for (const s of flow.steps) {
    const iss = param(s.x, 'iss') ?? (s.role === 'callback' ? callbackParam(s, 'iss') : undefined)
    if (iss) return iss
  }

  return flow.idpOrigin
}

/** The provider as decode() names it: from the first failure, else from an ID token or the SAML response. */
function providerOf(flow: Flow, steps: HarStep[], ctx: Ctx): string {
  const fromError = steps.find((s) => s.error && s.error.provider !== 'unknown')?.error?.provider
  if (fromError) return fromError
  for (const s of flow.steps) {
    const idToken = s.role === 'token' ? jsonBody(s.x)?.id_token : undefined
    if (typeof idToken === 'string') {
      const p = decode(idToken, {catalog: ctx.catalog, now: ctx.now}).errors[0]?.provider
      if (p && p !== 'unknown') return p
    }
  }

  return flow.kind === 'saml' ? 'saml' : 'unknown'
}

function flowReport(flow: Flow, all: Exchange[], ctx: Ctx, budget: {left: number}, loop?: Draft): HarFlow {
  const at = (s: FlowStep) => flow.steps.indexOf(s)
  const steps = flow.steps.map((s, i) => toStep(s, i, ctx, budget))
  const drafts: Draft[] = [
    ...(flow.kind === 'saml' ? samlFindings(flow, at) : oauthFindings(flow, at)),
    ...httpFindings(flow, all, at),
  ]
  if (loop) drafts.push(loop)
  const findings = drafts.map((d) => explainDraft(d, flow, steps, ctx.catalog))
  for (const s of steps) {
    if (!s.error?.code) continue
    const where = `${s.role} step ${s.index} (${s.method} ${endpointOf(s.url)})`
    findings.push({
      id: 'error-response',
      severity: 'error',
      message: `The ${where} returned ${s.error.code}${s.error.description ? `: ${s.error.description}` : ''}${s.status ? ` (HTTP ${s.status})` : ''}.`,
      steps: [s.index],
      explanation: s.error.matches[0] ?? null,
    })
  }

  // A step fails on the wire, or an error finding blames it: the last step it compared (the callback that brought
  // back another state, the browser call CORS blocked).
  const blamed = new Set(
    findings.filter((f) => f.severity === 'error' && f.steps.length > 0).map((f) => f.steps.at(-1)!),
  )
  const first = steps.find((s) => failed(flow.steps[s.index]) || blamed.has(s.index))
  const order = {error: 0, info: 2, warning: 1}
  findings.sort((a, b) => order[a.severity] - order[b.severity] || (a.steps[0] ?? 0) - (b.steps[0] ?? 0))
  return {
    kind: flow.kind,
    issuer: issuerOf(flow),
    provider: providerOf(flow, steps, ctx),
    clientId:
      flow.kind === 'saml'
        ? (flow.steps.find((s) => s.saml?.type === 'AuthnRequest')?.saml?.issuer ?? null)
        : (flow.request.get('client_id') ?? null),
    steps,
    firstFailure: first ? first.index : null,
    findings,
  }
}

export function diagnoseHar(text: string, options: HarOptions = {}): HarReport {
  const file = options.file ?? 'input'
  const har = parseHar(text, file)
  const catalog = options.catalog ?? builtinCatalog()
  const ctx: Ctx = {catalog, now: options.now, showSecrets: options.showSecrets}
  const {flows, truncated, unplaced} = buildFlows(har.exchanges)
  const loops = loopAcrossFlows(flows)
  const budget = {left: MAX_DECODED}
  const notes: string[] = []
  const statics = har.exchanges.filter((x) => x.isStatic).length
  notes.push(
    `${har.exchanges.length} entries${har.creator ? ` recorded by ${har.creator}` : ''}; ${statics} static assets skipped; ${flows.length} login flow(s).`,
  )
  if (unplaced > 0 && flows.length > 0) notes.push(`${unplaced} other request(s) belong to no login and are not shown.`)
  if (truncated) notes.push(`The HAR holds more than ${MAX_FLOWS} logins; errcode read it up to the ${MAX_FLOWS}th.`)
  if (flows.length === 0)
    notes.push(
      'No OAuth, OIDC or SAML login found: record the HAR from before the login starts ("Preserve log" on), through the failure.',
    )
  if (
    !har.exchanges.some(
      (x) => header(x.reqHeaders, 'cookie') !== undefined || header(x.resHeaders, 'set-cookie') !== undefined,
    )
  )
    notes.push('The HAR has no cookies (a "sanitized" export strips them): the cookie checks could not run.')
  if (budget.left <= 0) notes.push(`Only the first ${MAX_DECODED} failing steps were explained.`)
  return {file, flows: flows.map((f) => flowReport(f, har.exchanges, ctx, budget, loops.get(f))), notes}
}
