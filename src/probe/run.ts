import type {Catalog} from '../catalog/catalog.js'
import {AUTHORIZE_CHECK_IDS} from './authorize-ids.js'
import {checkAuthMethods, checkWrongSecret} from './checks/auth.js'
import {checkAuthorize} from './checks/authorize.js'
import {checkUnsupportedGrant} from './checks/basics.js'
import {skipped} from './checks/common.js'
import {checkBasics} from './checks/endpoint.js'
import {checkDpop} from './checks/dpop.js'
import {checkCodeExchange, checkRefresh} from './checks/grants.js'
import {checkJwtAuth, checkJwtExpired, checkJwtReplay, checkJwtWrongKey} from './checks/jwt.js'
import {checkDiscovery, checkReachability} from './checks/metadata.js'
import {checkMtls} from './checks/mtls.js'
import {checkPar} from './checks/par.js'
import {checkClockSkew, checkTokenResponse} from './checks/response.js'
import type {DiscoveryOutcome} from './discovery.js'
import type {HttpClient} from './http.js'
import type {ProbePlan, ProbeState} from './plan.js'
import {keyAuthOutcomes} from './key-summary.js'
import type {ProxySettings} from './proxy.js'
import {summarize} from './summary.js'
import {type AuthOutcome, CHECK_IDS, type CheckId, type CheckResult, type KeyMethod} from './types.js'

/** `errcode probe --json`. The shape is a contract (README). */
export interface ProbeReport {
  /** The key methods appear only when the run used one (--private-key, --cert, --auth client_secret_jwt). */
  authMethods: {client_secret_basic: AuthOutcome; client_secret_post: AuthOutcome} & Partial<
    Record<KeyMethod, AuthOutcome>
  >
  checks: CheckResult[]
  endpoint: null | string
  issuer: null | string
  summary: {fail: number; pass: number; skip: number; verdict: string; warn: number}
}

/** Live progress for the checklist on stderr: a step starts (one or two checks), then each check is done. */
export interface ProbeEvents {
  done?(result: CheckResult): void
  start?(ids: CheckId[]): void
}

export interface RunOptions {
  ca?: string
  catalog: Catalog | null
  discovery?: DiscoveryOutcome
  events?: ProbeEvents
  http: HttpClient
  insecure?: boolean
  /** The proxy variables of the run; reachability reports the proxy in use. */
  proxy?: null | ProxySettings
  timeoutMs: number
}

interface Step {
  ids: CheckId[]
  run(state: ProbeState): Promise<CheckResult | CheckResult[]>
}

/**
 * The order checks run in (the report lists them in CHECK_IDS order): what needs no credentials first, the real
 * credentials next, the wrong secret after them (so a lockout policy cannot spoil the real attempt), then the
 * checks that read earlier answers.
 */
function steps(options: RunOptions): Step[] {
  const tls = {ca: options.ca, insecure: options.insecure, proxy: options.proxy}
  return [
    {ids: ['discovery'], run: checkDiscovery},
    {ids: ['reachability'], run: (s) => checkReachability(s, tls)},
    {ids: ['method-get', 'empty-post', 'json-body'], run: checkBasics},
    {ids: ['auth-basic', 'auth-post'], run: checkAuthMethods},
    // Beyond secrets: the real assertion or certificate next to the secrets; the refusals after wrong-secret.
    {ids: ['auth-jwt'], run: checkJwtAuth},
    {ids: ['auth-mtls'], run: checkMtls},
    {ids: ['unsupported-grant'], run: checkUnsupportedGrant},
    {ids: ['wrong-secret'], run: checkWrongSecret},
    {ids: ['jwt-replay'], run: checkJwtReplay},
    {ids: ['jwt-expired'], run: checkJwtExpired},
    {ids: ['jwt-wrong-key'], run: checkJwtWrongKey},
    {ids: ['dpop'], run: checkDpop},
    {ids: ['token-response'], run: checkTokenResponse},
    {ids: ['refresh'], run: checkRefresh},
    {ids: ['code-exchange'], run: checkCodeExchange},
    {ids: ['clock-skew'], run: checkClockSkew},
    // The authorization endpoint (issue 9): after every token check, so none of theirs is spent on it.
    {
      ids: ['authorize-redirect-uri', 'authorize-response-type', 'authorize-pkce', 'authorize-scope'],
      run: checkAuthorize,
    },
    {ids: ['par'], run: checkPar},
  ]
}

/** Run the selected probes one at a time and build the report. */
export async function runProbes(
  plan: ProbePlan,
  options: RunOptions,
): Promise<{report: ProbeReport; state: ProbeState}> {
  const state: ProbeState = {
    authOutcome: {client_secret_basic: 'untested', client_secret_post: 'untested'},
    catalog: options.catalog,
    discovery: options.discovery,
    endpoint: plan.endpoint,
    exchanges: new Map(),
    http: options.http,
    metadata: null,
    plan,
    results: new Map(),
    stopped: null,
    timeoutMs: options.timeoutMs,
    unreachable: null,
  }
  for (const step of steps(options)) {
    // Discovery is how an --issuer-only run finds its token endpoint, so it runs even when not ticked.
    const needed =
      step.ids.some((id) => plan.checks.has(id)) ||
      (step.ids[0] === 'discovery' && !state.endpoint && Boolean(plan.issuer))
    if (!needed) {
      for (const id of step.ids) record(state, options, skipped(state, id, 'Not selected.'))
      continue
    }

    options.events?.start?.(step.ids)
    const out = await step.run(state)
    const results = Array.isArray(out) ? out : [out]
    for (const result of results) record(state, options, result)
    for (const id of step.ids) if (!state.results.has(id)) record(state, options, skipped(state, id, 'Not selected.'))
  }

  const checks = [...CHECK_IDS, ...(plan.authorize ? AUTHORIZE_CHECK_IDS : [])].map((id) => state.results.get(id)!)
  const report: ProbeReport = {
    authMethods: {...state.authOutcome, ...keyAuthOutcomes(state)},
    checks,
    endpoint: state.endpoint,
    issuer: plan.issuer,
    summary: summarize(state, checks),
  }
  return {report, state}
}

function record(state: ProbeState, options: RunOptions, result: CheckResult): void {
  state.results.set(result.id, result)
  options.events?.done?.(result)
}
