import {discover, hostOfUrl} from '../probe/discovery.js'
import {askAuth, askChecks, askClientId, askSecret, askTarget, confirmSend, loadPrompter} from '../probe/prompts.js'
import {AUTHORIZE_CHECK_IDS} from '../probe/authorize-ids.js'
import {type AuthChoice, type CheckId, CREDENTIALED_CHECKS} from '../probe/types.js'
import {parseCallbackUrl} from './probe-inputs.js'
import {keyCredentialWords, keyUnavailable} from './probe-key-inputs.js'
import type {CommandRun} from './probe-run.js'

/** par sends the secret too (RFC 9126 §2.1), when one is given; it is not in CREDENTIALED_CHECKS (the MCP tool's list). */
export const sendsSecret = (id: CheckId) => CREDENTIALED_CHECKS.has(id) || id === 'par'

/** The checks that cannot run with what was given, and why (shown disabled in the checklist). */
export function unavailableChecks(plan: {
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
 * The interactive step: ask for what is missing, let the user pick the probes, and confirm before any credential
 * leaves the machine. Runs only when something is missing on a terminal (never under --json, --yes or CI).
 */
export async function askMissing(run: CommandRun): Promise<void> {
  if (!run.askAnything) return
  const {inputs, missing} = run
  const p = run.deps.prompter ?? (await loadPrompter())
  const code = () => run.flags.code ?? inputs.callback?.code ?? null
  if (missing.target) ({endpoint: inputs.endpoint, issuer: inputs.issuer} = await askTarget(p))
  if (inputs.issuer) {
    run.discovery = await discover(inputs.issuer, run.http!)
    if (missing.target && !run.discovery.metadata && !run.discovery.exchanges.some((e) => e.failure)) {
      run.warnings.push(`no OpenID or RFC 8414 metadata at ${inputs.issuer}; probed it as the token endpoint`)
      ;[inputs.endpoint, inputs.issuer, run.discovery] = [inputs.issuer, null, undefined]
    }
  }

  if (!inputs.clientId && run.flags['client-id'] === undefined) inputs.clientId = await askClientId(p)
  if (inputs.clientId && !inputs.clientSecret && !inputs.noSecretNeeded) inputs.clientSecret = await askSecret(p)
  if (inputs.clientId && !inputs.auth)
    inputs.auth = inputs.clientSecret ? await askAuth(p, run.discovery?.metadata ?? null) : 'none'
  if (missing.refresh) inputs.refreshToken = await askSecret(p, 'Refresh token (shown as *):')
  if (missing.code)
    inputs.callback = parseCallbackUrl(
      await p.input({message: 'The callback URL the browser came back to (with ?code=...):'}),
    )
  const unavailable = unavailableChecks({...inputs, grant: inputs.grant})
  // Giving a secret means wanting it tested: its probes come ticked (the confirm below still guards sending).
  run.checks = new Set(
    inputs.only ??
      (await askChecks(p, unavailable, {
        credentials: Boolean(inputs.clientSecret || inputs.refreshToken || code() || inputs.keyAuth),
      })),
  )
  if (inputs.authorize && !inputs.only) for (const id of AUTHORIZE_CHECK_IDS) run.checks.add(id)
  const keyWords = keyCredentialWords(inputs.auth, inputs.clientId)
  const what = [
    keyWords ?? (inputs.clientSecret && `the client secret for "${inputs.clientId}"`),
    inputs.refreshToken && 'the refresh token',
    code() && 'the authorization code',
  ]
    .filter(Boolean)
    .join(', ')
  const host = inputs.endpoint ?? run.discovery?.metadata?.tokenEndpoint
  const credentialed = [...run.checks].some(sendsSecret)
  const hostName = host ? hostOfUrl(host) : null
  const otherHost = !inputs.endpoint && inputs.issuer && hostName && hostName !== hostOfUrl(inputs.issuer)
  const where = otherHost ? `${hostName} (WARNING: not the issuer's host ${hostOfUrl(inputs.issuer!)})` : hostName
  run.sendCredentials = credentialed && Boolean(what) && Boolean(hostName) && (await confirmSend(p, what, where!))
  run.otherHostAllowed ||= Boolean(otherHost) && run.sendCredentials
}
