import type {DiscoveryOutcome} from '../probe/discovery.js'
import type {HttpClient, TransportOptions} from '../probe/http.js'
import type {AuthorizePlan} from '../probe/checks/authorize-request.js'
import type {KeyAuthPlan} from '../probe/key-auth.js'
import type {ProbePlan, ProbeState} from '../probe/plan.js'
import type {Prompter} from '../probe/prompts.js'
import type {ProxySettings} from '../probe/proxy.js'
import type {ProbeReport} from '../probe/run.js'
import type {AuthChoice, CheckId, GrantChoice, GrantSource} from '../probe/types.js'
import type {Catalog} from '../catalog/catalog.js'
import type {RunContext} from './context.js'
import type {Outcome} from './outcome.js'
import type {parseCallbackUrl, ProbeFlags} from './probe-inputs.js'

/**
 * What `errcode probe` takes from its surroundings. The command builds the defaults (a terminal's prompts,
 * process.stderr, node:http); tests hand in their own through the command's constructor or runProbe's argument.
 */
export interface ProbeDeps {
  /** Force interactive mode on or off (tests); by default: stdin and stdout are terminals and CI is not set. */
  interactive?: boolean
  /** Local time in ms; clock-skew compares the server's Date header with it. */
  now?: () => number
  /** Answers for the prompts (tests); by default @inquirer/prompts, imported only when a prompt is shown. */
  prompter?: Prompter
  /** Where the live checklist goes (a spinner only when it is a terminal). */
  stderr?: {isTTY?: boolean; write(text: string): unknown}
  /** Makes the client every probe request goes through; by default node:http(s) with the proxy from the env. */
  transport?: (options: TransportOptions) => HttpClient
}

/** `probe --json` with `--curl`: each check also carries its curl command (null when it sent nothing). */
export type ProbeOutput =
  ProbeReport | (Omit<ProbeReport, 'checks'> & {checks: (ProbeReport['checks'][number] & {curl: null | string})[]})

/** The inputs as read from the flags, then completed by the prompts. */
export interface ProbeInputs {
  auth: AuthChoice | undefined
  /** The authorization-endpoint checks' inputs; null when the run does not ask for them. */
  authorize: AuthorizePlan | null
  ca: string | undefined
  callback: null | ReturnType<typeof parseCallbackUrl>
  clientId: null | string
  clientSecret: null | string
  endpoint: null | string
  grant: GrantChoice
  grantSource: GrantSource
  issuer: null | string
  /** --private-key, --cert / --key, --dpop; undefined when none was given. */
  keyAuth: KeyAuthPlan | undefined
  /** A key or certificate replaces the secret (not for client_secret_jwt), as does --auth none. */
  noSecretNeeded: boolean
  only: CheckId[] | undefined
  refreshToken: null | string
  timeoutMs: number
}

/** Which inputs are still missing after the flags (asked for on a terminal, a usage error off one). */
export interface Missing {
  code: boolean
  refresh: boolean
  secret: boolean
  target: boolean
}

/**
 * One `errcode probe` run: every step reads what the earlier ones left here and adds its own part, so the
 * command is the list of steps in src/cli/probe-command.ts and each step can be read (and tested) on its own.
 */
export interface CommandRun {
  /** Whether any prompt will be shown (interactive and something is missing). */
  askAnything: boolean
  catalog: Catalog | null
  /** The checks to run (all, --only, or the ones ticked in the checklist). */
  checks: Set<CheckId>
  ctx: RunContext
  deps: ProbeDeps
  /** Discovery run before the prompts (to mark the server's auth methods), reused by the discovery check. */
  discovery?: DiscoveryOutcome
  flags: ProbeFlags
  http: HttpClient | null
  inputs: ProbeInputs
  interactive: boolean
  missing: Missing
  otherHostAllowed: boolean
  outcome: null | Outcome<ProbeOutput>
  plan: null | ProbePlan
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as this run reads them (their credentials are secrets). */
  proxy: null | ProxySettings
  result: null | {report: ProbeReport; state: ProbeState}
  sendCredentials: boolean
  warnings: string[]
}

export type CommandStep = (run: CommandRun) => Promise<void> | void
