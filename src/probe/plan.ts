import type {Catalog} from '../catalog/catalog.js'
import type {AuthorizePlan} from './checks/authorize-request.js'
import type {DiscoveryOutcome} from './discovery.js'
import type {HttpClient} from './http.js'
import {isKeyMethod, type KeyAuthPlan, keyAuthSecrets, type KeyAuthState} from './key-auth.js'
import type {
  AuthChoice,
  AuthMethod,
  AuthOutcome,
  CheckId,
  CheckResult,
  Exchange,
  GrantChoice,
  GrantSource,
  ServerMetadata,
} from './types.js'

/** Everything a probe run needs, resolved from flags and prompts. Secrets live only here, never in results. */
export interface ProbePlan {
  allowHttp: boolean
  audience?: string
  auth: AuthChoice
  /** The authorization-endpoint checks' inputs (--redirect-uri with --authorize-url or --issuer); absent: not asked. */
  authorize?: AuthorizePlan | null
  /** An `error` that came back in --callback-url instead of a code (the authorization response failed). */
  callbackError?: {description: null | string; error: string} | null
  /** The checks to run; the others are reported as skipped ("not selected"). */
  checks: ReadonlySet<CheckId>
  clientId: null | string
  clientSecret: null | string
  code?: null | string
  codeVerifier?: null | string
  endpoint: null | string
  grant: GrantChoice
  /** Absent means 'flag' (callers that build a plan by hand). */
  grantSource?: GrantSource
  issuer: null | string
  redirectUri?: null | string
  refreshToken?: null | string
  resource?: string
  scope?: string
  /** False when the user declined, at the confirm prompt, to let credentials leave the machine. */
  sendCredentials: boolean
  /** True when the user agreed (at the prompt, or with --yes) to send them to a token endpoint on another host. */
  otherHostAllowed?: boolean
  /** Client authentication beyond secrets: --private-key, --cert / --key, --dpop (src/probe/key-auth.ts). */
  keyAuth?: KeyAuthPlan
}

/** What the checks share while a run goes on. */
export interface ProbeState {
  /** What auth-basic and auth-post found out (the `authMethods` of the report). */
  authOutcome: Record<'client_secret_basic' | 'client_secret_post', AuthOutcome>
  catalog: Catalog | null
  /** Discovery may run before the prompts (to mark the server's auth methods); its outcome is reused. */
  discovery?: DiscoveryOutcome
  /** The token endpoint in use: the URL given, else the one discovery found. */
  endpoint: null | string
  /** Each check's own request, for the curl export and for the checks that read another's response. */
  exchanges: Map<CheckId, Exchange>
  http: HttpClient
  metadata: null | ServerMetadata
  plan: ProbePlan
  results: Map<CheckId, CheckResult>
  /** Set when the endpoint stopped answering (a timeout): later requests would only wait again. */
  stopped: null | string
  timeoutMs: number
  /** Set when the answers show the URL is not a token endpoint: the credentialed probes are blocked by `by`. */
  wrongEndpoint?: null | {by: CheckId; finding: string; use: null | string}
  /** Set when reachability failed: nothing else can be sent. */
  unreachable: null | string
  /** Set when discovery named a token endpoint on another host than the issuer's: the host it named. */
  otherHost?: null | string
  /** What the checks beyond secrets found (auth-jwt, auth-mtls, dpop). */
  keyAuth?: KeyAuthState
}

/** The values that must never appear in output, for the final redaction pass. */
export function planSecrets(plan: ProbePlan): string[] {
  return [plan.clientSecret, plan.refreshToken, plan.code, plan.codeVerifier, ...keyAuthSecrets(plan)].filter(
    (s): s is string => Boolean(s),
  )
}

/** The method the user's app uses (--auth), or for auto the one the server accepted (Basic preferred). */
export function effectiveMethod(state: ProbeState): AuthMethod {
  const {auth} = state.plan
  if (auth === 'basic') return 'client_secret_basic'
  if (auth === 'post') return 'client_secret_post'
  // A key method is not a secret strategy: the grant checks ask src/probe/key-auth-request.ts for the request.
  if (auth === 'none' || !state.plan.clientSecret || isKeyMethod(auth)) return 'none'
  if (state.authOutcome.client_secret_basic === 'accepted') return 'client_secret_basic'
  if (state.authOutcome.client_secret_post === 'accepted') return 'client_secret_post'
  const listed = state.metadata?.authMethods ?? []
  return listed.includes('client_secret_post') && !listed.includes('client_secret_basic')
    ? 'client_secret_post'
    : 'client_secret_basic'
}
