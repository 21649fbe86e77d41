import {loadCatalog} from '../catalog/load.js'
import {UsageError} from '../errors.js'
import {basicAuthorization} from '../probe/client-auth.js'
import {TITLES} from '../probe/checks/common.js'
import {isLoopback} from '../probe/connect.js'
import {toCurl} from '../probe/curl.js'
import {discover, type DiscoveryOutcome, hostOfUrl} from '../probe/discovery.js'
import {createHttpClient} from '../probe/http.js'
import {planSecrets, type ProbePlan} from '../probe/plan.js'
import {
  askAuth,
  askChecks,
  askClientId,
  askSecret,
  askTarget,
  confirmSend,
  loadPrompter,
  type Prompter,
} from '../probe/prompts.js'
import {type ProbeReport, runProbes} from '../probe/run.js'
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
import {defaultChecks, keyCredentialWords, keyUnavailable, readKeyAuth} from './probe-key-inputs.js'

export type {ProbeFlags} from './probe-inputs.js'

export interface ProbeDeps {
  /** Force interactive mode on or off (tests); by default: stdin and stdout are terminals and CI is not set. */
  interactive?: boolean
  /** Answers for the prompts (tests); by default @inquirer/prompts, imported only when a prompt is shown. */
  prompter?: Prompter
  /** Where the live checklist goes (a spinner only when it is a terminal). */
  stderr?: {isTTY?: boolean; write(text: string): unknown}
}

/** `probe --json` with `--curl`: each check also carries its curl command (null when it sent nothing). */
export type ProbeOutput =
  ProbeReport | (Omit<ProbeReport, 'checks'> & {checks: (ProbeReport['checks'][number] & {curl: null | string})[]})

/** Replace every secret value in every string of a JSON-able value: the last line of defence before output. */
function redactDeep<T>(value: T, secrets: string[]): T {
  if (typeof value === 'string') return redactValues(value, secrets) as T
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T
  return value
}

/** par sends the secret too (RFC 9126 §2.1), when one is given; it is not in CREDENTIALED_CHECKS (the MCP tool's list). */
const sendsSecret = (id: CheckId) => CREDENTIALED_CHECKS.has(id) || id === 'par'

/** The checks that cannot run with what was given, and why (shown disabled in the checklist). */
function unavailableChecks(plan: {
  auth?: AuthChoice
  clientId: null | string
  clientSecret: null | string
  grant: string
  issuer: null | string
}) {
  const out: Partial<Record<CheckId, string>> = {}
  if (!plan.issuer) out.discovery = 'needs an issuer URL'
  if (!plan.clientSecret) {
    out['auth-basic'] = 'needs a client secret'
    out['auth-post'] = 'needs a client secret'
    out['token-response'] = 'reads the answer to auth-basic / auth-post'
  }

  if (!plan.clientId || plan.auth === 'none')
    out['wrong-secret'] = plan.clientId ? 'a public client has no secret' : 'needs a client id'
  if (plan.grant !== 'refresh_token') out.refresh = 'with --grant refresh_token'
  if (plan.grant !== 'authorization_code') out['code-exchange'] = 'with --grant authorization_code'
  return {...out, ...keyUnavailable(plan.auth)}
}

/**
 * `errcode probe`: resolve the inputs (flags, then prompts when interactive), run the probes against the token
 * endpoint, and return the report. Exit 0 when no check failed, 1 when one did; usage errors exit 2.
 */
export async function runProbe(
  flags: ProbeFlags,
  ctx: RunContext,
  deps: ProbeDeps = {},
): Promise<Outcome<ProbeOutput>> {
  const warnings: string[] = []
  const tty = Boolean(ctx.stdin.isTTY) && Boolean(process.stdout.isTTY)
  const interactive = !ctx.json && !flags.yes && !ctx.env.CI && (deps.interactive ?? tty)
  let endpoint = parseUrlFlag('TOKEN_URL', flags.endpoint) ?? null
  let issuer = parseUrlFlag('--issuer', flags.issuer) ?? null
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
  let auth = parseChoice<AuthChoice>('--auth', flags.auth, ['auto', 'basic', 'post', 'none', ...KEY_METHODS])
  // Beyond secrets (--private-key, --cert / --key, --dpop): read and checked here, before anything is sent.
  const keyAuth = readKeyAuth(flags, auth)
  auth = keyAuth.auth
  // A key or certificate replaces the secret, except for client_secret_jwt, which signs with it.
  const noSecretNeeded = auth === 'none' || Boolean(keyAuth.plan && auth !== 'client_secret_jwt' && auth !== 'auto')
  let clientId = flags['client-id']?.trim() || null
  let clientSecret = (await readClientSecret(flags, ctx.env, ctx.stdin, warnings)) ?? null
  let refreshToken = readRefreshToken(flags, ctx.env) ?? null
  if (flags.code && flags['callback-url'])
    throw new UsageError('give the authorization code one way: --callback-url or --code, not both')
  let callback = flags['callback-url'] ? parseCallbackUrl(flags['callback-url']) : null
  const code = () => flags.code ?? callback?.code ?? null
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

  const missing = {
    code: grant === 'authorization_code' && !code() && !callback?.error,
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
  const askAnything = interactive && (missing.target || !clientId || missing.secret || missing.refresh || missing.code)
  if (!askAnything) {
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

  const http = createHttpClient({
    ca,
    clientCertificate: keyAuth.plan?.certificate,
    insecure: flags.insecure,
    timeoutMs,
  })
  try {
    let discovery: DiscoveryOutcome | undefined
    let checks = new Set<CheckId>(only ?? [...defaultChecks(auth), ...(authorize ? AUTHORIZE_CHECK_IDS : [])])
    let sendCredentials = [...checks].some(sendsSecret)
    let otherHostAllowed = Boolean(flags.yes)
    if (askAnything) {
      const p = deps.prompter ?? (await loadPrompter())
      const askedTarget = missing.target
      if (askedTarget) ({endpoint, issuer} = await askTarget(p))
      if (issuer) {
        discovery = await discover(issuer, http)
        if (askedTarget && !discovery.metadata && !discovery.exchanges.some((e) => e.failure)) {
          warnings.push(`no OpenID or RFC 8414 metadata at ${issuer}; probed it as the token endpoint`)
          ;[endpoint, issuer, discovery] = [issuer, null, undefined]
        }
      }

      if (!clientId && flags['client-id'] === undefined) clientId = await askClientId(p)
      if (clientId && !clientSecret && !noSecretNeeded) clientSecret = await askSecret(p)
      if (clientId && !auth) auth = clientSecret ? await askAuth(p, discovery?.metadata ?? null) : 'none'
      if (missing.refresh) refreshToken = await askSecret(p, 'Refresh token (shown as *):')
      if (missing.code)
        callback = parseCallbackUrl(
          await p.input({message: 'The callback URL the browser came back to (with ?code=...):'}),
        )
      const unavailable = unavailableChecks({auth, clientId, clientSecret, grant, issuer})
      // Giving a secret means wanting it tested: its probes come ticked (the confirm below still guards sending).
      checks = new Set(
        only ??
          (await askChecks(p, unavailable, {
            credentials: Boolean(clientSecret || refreshToken || code() || keyAuth.plan),
          })),
      )
      if (authorize && !only) for (const id of AUTHORIZE_CHECK_IDS) checks.add(id)
      const keyWords = keyCredentialWords(auth, clientId)
      const what = [
        keyWords ?? (clientSecret && `the client secret for "${clientId}"`),
        refreshToken && 'the refresh token',
        code() && 'the authorization code',
      ]
        .filter(Boolean)
        .join(', ')
      const host = endpoint ?? discovery?.metadata?.tokenEndpoint
      const credentialed = [...checks].some(sendsSecret)
      const hostName = host ? hostOfUrl(host) : null
      const otherHost = !endpoint && issuer && hostName && hostName !== hostOfUrl(issuer)
      const where = otherHost ? `${hostName} (WARNING: not the issuer's host ${hostOfUrl(issuer!)})` : hostName
      sendCredentials = credentialed && Boolean(what) && Boolean(hostName) && (await confirmSend(p, what, where!))
      otherHostAllowed ||= Boolean(otherHost) && sendCredentials
    }

    const plan: ProbePlan = {
      allowHttp: Boolean(flags['allow-http']),
      audience: flags.audience,
      auth: auth ?? (clientId && !clientSecret ? 'none' : 'auto'),
      authorize,
      callbackError: callback?.error ?? null,
      checks,
      clientId,
      clientSecret,
      code: code(),
      codeVerifier: flags['code-verifier'] ?? null,
      endpoint,
      grant,
      grantSource,
      issuer,
      redirectUri: flags['redirect-uri'] ?? callback?.redirectUri ?? null,
      refreshToken,
      resource: flags.resource,
      scope: flags.scope,
      otherHostAllowed,
      sendCredentials,
      keyAuth: keyAuth.plan,
    }
    let catalog = null
    try {
      catalog = (await loadCatalog({configDir: ctx.configDir, env: ctx.env})).catalog
    } catch {
      // Explanations are a bonus; a broken team catalog must not stop the probe.
    }

    const events = ctx.json ? {} : liveChecklist(deps.stderr ?? process.stderr, ctx.chalk, ctx.width)
    const {report, state} = await runProbes(plan, {
      ca,
      catalog,
      discovery,
      events,
      http,
      insecure: flags.insecure,
      timeoutMs,
    })
    const plain = state.endpoint ? new URL(state.endpoint) : null
    if (flags['allow-http'] && plain?.protocol === 'http:' && !isLoopback(plain.hostname)) {
      warnings.push(`--allow-http: credentials were allowed to travel unencrypted to ${plain.host}`)
    }
    const curl = new Map<CheckId, string>()
    if (flags.curl) {
      for (const id of ALL_CHECK_IDS) {
        const exchange = state.exchanges.get(id)
        if (exchange)
          curl.set(
            id,
            `# ${id}: ${TITLES[id]}\n${toCurl(exchange.spec, {caFile: flags.ca, insecure: flags.insecure, timeoutSeconds: Math.ceil(timeoutMs / 1000)})}`,
          )
      }
    }

    const secrets = planSecrets(plan)
    if (clientId && clientSecret) secrets.push(basicAuthorization(clientId, clientSecret).slice(6))
    // Masked before rendering: wrapping breaks a value at its spaces, and a broken value no longer matches.
    const safe = redactDeep(report, secrets)
    const data: ProbeOutput =
      flags.curl && ctx.json ? {...safe, checks: safe.checks.map((c) => ({...c, curl: curl.get(c.id) ?? null}))} : safe
    const text = ctx.json ? '' : renderProbe(safe, ctx, {curl: [...curl.values()], verbose: flags.verbose})
    return {
      data: redactDeep(data, secrets),
      exit: report.summary.fail > 0 ? 1 : 0,
      text: redactValues(text, secrets),
      warnings: warnings.map((w) => redactValues(w, secrets)),
    }
  } finally {
    http.close()
  }
}
