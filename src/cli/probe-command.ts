import {loadCatalog} from '../catalog/load.js'
import {UsageError} from '../errors.js'
import {basicAuthorization} from '../probe/client-auth.js'
import {TITLES} from '../probe/checks/common.js'
import {isLoopback} from '../probe/connect.js'
import {toCurl} from '../probe/curl.js'
import {createHttpClient} from '../probe/http.js'
import {planSecrets} from '../probe/plan.js'
import {proxySettings} from '../probe/proxy.js'
import {runProbes} from '../probe/run.js'
import {
  ALL_CHECK_IDS,
  type AuthChoice,
  type CheckId,
  CREDENTIALED_CHECKS,
  type GrantChoice,
  type GrantSource,
} from '../probe/types.js'
import {AUTHORIZE_CHECK_IDS} from '../probe/authorize-ids.js'
import {KEY_METHODS} from '../probe/key-auth.js'
import {liveChecklist, renderProbe} from '../render/probe.js'
import {redactValues} from '../secrets.js'
import {readAuthorizeInputs} from './authorize-inputs.js'
import type {RunContext} from './context.js'
import type {Outcome} from './outcome.js'
import {askMissing, sendsSecret} from './probe-ask.js'
import {
  parseCallbackUrl,
  parseChoice,
  parseOnly,
  parseTimeout,
  parseUrlFlag,
  type ProbeFlags,
  readCaFile,
  readClientSecret,
  readRefreshToken,
} from './probe-inputs.js'
import {defaultChecks, readKeyAuth} from './probe-key-inputs.js'
import type {CommandRun, CommandStep, ProbeDeps, ProbeOutput} from './probe-run.js'

export type {ProbeFlags} from './probe-inputs.js'
export type {ProbeDeps, ProbeOutput} from './probe-run.js'

/** Replace every secret value in every string of a JSON-able value: the last line of defence before output. */
function redactDeep<T>(value: T, secrets: string[]): T {
  if (typeof value === 'string') return redactValues(value, secrets) as T
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T
  return value
}

/** Read and check every flag; nothing is sent and nothing is asked yet. */
async function readFlags(flags: ProbeFlags, ctx: RunContext, deps: ProbeDeps): Promise<CommandRun> {
  const warnings: string[] = []
  const tty = Boolean(ctx.stdin.isTTY) && Boolean(process.stdout.isTTY)
  const interactive = !ctx.json && !flags.yes && !ctx.env.CI && (deps.interactive ?? tty)
  const endpoint = parseUrlFlag('TOKEN_URL', flags.endpoint) ?? null
  const issuer = parseUrlFlag('--issuer', flags.issuer) ?? null
  const timeoutMs = parseTimeout(flags.timeout)
  const only = parseOnly(flags.only)
  // The authorization-endpoint checks (issue 9); null when the run does not ask for them.
  const authorize = readAuthorizeInputs(flags, only)
  const ca = readCaFile(flags.ca)
  const grantFlag = parseChoice<GrantChoice>('--grant', flags.grant, [
    'client_credentials',
    'refresh_token',
    'authorization_code',
  ])
  // Beyond secrets (--private-key, --cert / --key, --dpop): read and checked here, before anything is sent.
  const keyAuth = readKeyAuth(
    flags,
    parseChoice<AuthChoice>('--auth', flags.auth, ['auto', 'basic', 'post', 'none', ...KEY_METHODS]),
  )
  const {auth} = keyAuth
  // A key or certificate replaces the secret, except for client_secret_jwt, which signs with it.
  const noSecretNeeded = auth === 'none' || Boolean(keyAuth.plan && auth !== 'client_secret_jwt' && auth !== 'auto')
  const clientId = flags['client-id']?.trim() || null
  const clientSecret = (await readClientSecret(flags, ctx.env, ctx.stdin, warnings)) ?? null
  const refreshToken = readRefreshToken(flags, ctx.env) ?? null
  if (flags.code && flags['callback-url'])
    throw new UsageError('give the authorization code one way: --callback-url or --code, not both')
  const callback = flags['callback-url'] ? parseCallbackUrl(flags['callback-url']) : null
  // The grant the inputs imply; client_credentials without them only tests the credentials (see token-response).
  const grantSource: GrantSource = grantFlag
    ? 'flag'
    : refreshToken
      ? 'refresh-token'
      : flags.code || flags['callback-url']
        ? 'code'
        : 'default'
  const grant: GrantChoice =
    grantFlag ??
    (grantSource === 'refresh-token'
      ? 'refresh_token'
      : grantSource === 'code'
        ? 'authorization_code'
        : 'client_credentials')
  if (keyAuth.plan && (flags['private-key'] || flags.cert) && !clientId && !interactive)
    throw new UsageError('a key or certificate was given without --client-id')
  if (clientSecret && !clientId && !interactive)
    throw new UsageError('a client secret was given without --client-id', [
      'errcode probe TOKEN_URL --client-id my-app --client-secret-env MY_SECRET',
    ])
  if (flags.insecure)
    warnings.push(
      'TLS certificate verification is OFF (--insecure): whoever sits between you and the server can read the secret. For a private CA use --ca FILE instead.',
    )

  const hasCode = Boolean(flags.code ?? callback?.code)
  const missing = {
    code: grant === 'authorization_code' && !hasCode && !callback?.error,
    refresh: grant === 'refresh_token' && !refreshToken,
    // A secret is missing only when a selected check would send it (--only wrong-secret needs just the client id).
    secret:
      Boolean(clientId) &&
      !clientSecret &&
      !noSecretNeeded &&
      (!only || only.some((id) => CREDENTIALED_CHECKS.has(id))) &&
      // The authorization request sends no secret: without one, the token checks run as for a public client.
      !authorize,
    target: !endpoint && !issuer && !authorize?.authorizeUrl,
  }
  const checks = new Set<CheckId>(only ?? [...defaultChecks(auth), ...(authorize ? AUTHORIZE_CHECK_IDS : [])])
  return {
    askAnything: interactive && (missing.target || !clientId || missing.secret || missing.refresh || missing.code),
    catalog: null,
    checks,
    ctx,
    deps,
    flags,
    http: null,
    inputs: {
      auth,
      authorize,
      ca,
      callback,
      clientId,
      clientSecret,
      endpoint,
      grant,
      grantSource,
      issuer,
      keyAuth: keyAuth.plan,
      noSecretNeeded,
      only,
      refreshToken,
      timeoutMs,
    },
    interactive,
    missing,
    otherHostAllowed: Boolean(flags.yes),
    outcome: null,
    plan: null,
    proxy: null,
    result: null,
    sendCredentials: [...checks].some(sendsSecret),
    warnings,
  }
}

/** Off a terminal (or under --json, --yes, CI) a missing input is a usage error naming the flag that gives it. */
function requireInputs(run: CommandRun): void {
  if (run.askAnything) return
  const {missing} = run
  if (missing.target)
    throw new UsageError('give the token endpoint URL (TOKEN_URL) or --issuer URL', [
      'errcode probe https://login.example.com/oauth2/token --client-id my-app --client-secret-env MY_SECRET',
      'errcode probe --issuer https://login.example.com',
    ])
  if (missing.secret)
    throw new UsageError(
      '--client-id was given without a secret: use --client-secret-env NAME or --client-secret-stdin (or --auth none for a public client)',
    )
  if (missing.refresh)
    throw new UsageError(
      '--grant refresh_token needs --refresh-token-env NAME (the variable that holds the refresh token)',
    )
  if (missing.code)
    throw new UsageError(
      '--grant authorization_code needs --callback-url URL (the URL the browser came back to) or --code CODE',
    )
}

function openTransport(run: CommandRun): void {
  const make = run.deps.transport ?? createHttpClient
  run.proxy = proxySettings(run.ctx.env)
  run.http = make({
    proxy: run.proxy,
    ca: run.inputs.ca,
    clientCertificate: run.inputs.keyAuth?.certificate,
    insecure: run.flags.insecure,
    now: run.deps.now,
    timeoutMs: run.inputs.timeoutMs,
  })
}

function makePlan(run: CommandRun): void {
  const {flags, inputs} = run
  run.plan = {
    allowHttp: Boolean(flags['allow-http']),
    audience: flags.audience,
    auth: inputs.auth ?? (inputs.clientId && !inputs.clientSecret ? 'none' : 'auto'),
    authorize: inputs.authorize,
    callbackError: inputs.callback?.error ?? null,
    checks: run.checks,
    clientId: inputs.clientId,
    clientSecret: inputs.clientSecret,
    code: flags.code ?? inputs.callback?.code ?? null,
    codeVerifier: flags['code-verifier'] ?? null,
    endpoint: inputs.endpoint,
    grant: inputs.grant,
    grantSource: inputs.grantSource,
    issuer: inputs.issuer,
    keyAuth: inputs.keyAuth,
    redirectUri: flags['redirect-uri'] ?? inputs.callback?.redirectUri ?? null,
    refreshToken: inputs.refreshToken,
    resource: flags.resource,
    scope: flags.scope,
    otherHostAllowed: run.otherHostAllowed,
    sendCredentials: run.sendCredentials,
  }
}

async function loadExplanations(run: CommandRun): Promise<void> {
  try {
    run.catalog = (await loadCatalog({configDir: run.ctx.configDir, env: run.ctx.env})).catalog
  } catch {
    // Explanations are a bonus; a broken team catalog must not stop the probe.
  }
}

async function runChecks(run: CommandRun): Promise<void> {
  const {ctx} = run
  const events = ctx.json ? {} : liveChecklist(run.deps.stderr ?? process.stderr, ctx.chalk, ctx.width)
  run.result = await runProbes(run.plan!, {
    ca: run.inputs.ca,
    catalog: run.catalog,
    discovery: run.discovery,
    events,
    http: run.http!,
    insecure: run.flags.insecure,
    proxy: run.proxy,
    timeoutMs: run.inputs.timeoutMs,
  })
}

/** The report as text or JSON, the curl export, warnings; every secret masked on the way out. */
function present(run: CommandRun): void {
  const {ctx, flags, inputs, warnings} = run
  const {report, state} = run.result!
  const plain = state.endpoint ? new URL(state.endpoint) : null
  if (flags['allow-http'] && plain?.protocol === 'http:' && !isLoopback(plain.hostname))
    warnings.push(`--allow-http: credentials were allowed to travel unencrypted to ${plain.host}`)
  const curl = new Map<CheckId, string>()
  if (flags.curl) {
    const options = {caFile: flags.ca, insecure: flags.insecure, timeoutSeconds: Math.ceil(inputs.timeoutMs / 1000)}
    for (const id of ALL_CHECK_IDS) {
      const exchange = state.exchanges.get(id)
      if (exchange) curl.set(id, `# ${id}: ${TITLES[id]}\n${toCurl(exchange.spec, options)}`)
    }
  }

  const secrets = [...planSecrets(run.plan!), ...(run.proxy?.secrets ?? [])]
  if (inputs.clientId && inputs.clientSecret)
    secrets.push(basicAuthorization(inputs.clientId, inputs.clientSecret).slice(6))
  // Masked before rendering: wrapping breaks a value at its spaces, and a broken value no longer matches.
  const safe = redactDeep(report, secrets)
  const data: ProbeOutput =
    flags.curl && ctx.json ? {...safe, checks: safe.checks.map((c) => ({...c, curl: curl.get(c.id) ?? null}))} : safe
  const text = ctx.json ? '' : renderProbe(safe, ctx, {curl: [...curl.values()], verbose: flags.verbose})
  run.outcome = {
    data: redactDeep(data, secrets),
    exit: report.summary.fail > 0 ? 1 : 0,
    text: redactValues(text, secrets),
    warnings: warnings.map((w) => redactValues(w, secrets)),
  }
}

/** What `errcode probe` does after reading its flags, in order; each step reads what the earlier ones left. */
export const PROBE_STEPS: readonly CommandStep[] = [
  requireInputs,
  openTransport,
  askMissing,
  makePlan,
  loadExplanations,
  runChecks,
  present,
]

/**
 * `errcode probe`: resolve the inputs (flags, then prompts when interactive), run the probes against the token
 * endpoint, and return the report. Exit 0 when no check failed, 1 when one did; usage errors exit 2.
 */
export async function runProbe(
  flags: ProbeFlags,
  ctx: RunContext,
  deps: ProbeDeps = {},
): Promise<Outcome<ProbeOutput>> {
  const run = await readFlags(flags, ctx, deps)
  try {
    for (const step of PROBE_STEPS) await step(run)
    return run.outcome!
  } finally {
    run.http?.close()
  }
}
