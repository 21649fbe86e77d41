/**
 * The `probe` tool: the probe command's flags built from what the agent may decide (the URL, the client id, the
 * checks), never from what it may not (a secret, --allow-http, --insecure, a CA file). The client secret comes only
 * from the server's environment, and only when the server was started with --allow-credentials naming the host of
 * the token endpoint: an agent steered by a hostile page could otherwise send the secret anywhere.
 */
import {CHECK_IDS, type CheckId, CREDENTIALED_CHECKS} from '../probe/types.js'
import {type ServerOptions} from './context.js'

export interface ProbeArgs {
  audience?: string
  auth?: 'auto' | 'basic' | 'none' | 'post'
  client_id?: string
  endpoint?: string
  issuer?: string
  only?: CheckId[]
  resource?: string
  scope?: string
  timeout_seconds?: number
}

export const PROBE_DEFAULT_TIMEOUT_S = 5
export const PROBE_MAX_TIMEOUT_S = 10

export const UNCREDENTIALED_CHECKS = CHECK_IDS.filter((id) => !CREDENTIALED_CHECKS.has(id))

function hostOf(url: string | undefined): null | string {
  if (!url) return null
  try {
    return new URL(url.trim()).hostname.toLowerCase()
  } catch {
    return null
  }
}

/** The flags for runProbe, and a note for the agent when the credentialed checks were left out (and why). */
export function probeFlags(args: ProbeArgs, options: ServerOptions) {
  const host = hostOf(args.endpoint)
  const credentialed =
    Boolean(args.client_id) &&
    args.auth !== 'none' &&
    host !== null &&
    options.credentialHosts.includes(host) &&
    (args.only === undefined || args.only.some((id) => CREDENTIALED_CHECKS.has(id)))
  let note: null | string = null
  if (!credentialed && args.client_id && args.auth !== 'none') {
    note =
      options.credentialHosts.length === 0
        ? 'Only the checks that send no credentials ran: the server was not started with --allow-credentials.'
        : `Only the checks that send no credentials ran: credentials go only to a token endpoint given as "endpoint" on ${options.credentialHosts.join(', ')} (the server's --allow-credentials).`
  }

  const requested = args.only ?? [...CHECK_IDS]
  const only = credentialed ? requested : requested.filter((id) => !CREDENTIALED_CHECKS.has(id))
  const flags = {
    audience: args.audience,
    // The command reads a client id without a secret as a public client (auth none), which skips wrong-secret.
    auth: args.auth ?? (args.client_id ? 'auto' : undefined),
    'client-id': args.client_id,
    'client-secret-env': credentialed ? options.secretEnv : undefined,
    endpoint: args.endpoint,
    issuer: args.issuer,
    only: only.length > 0 ? only : undefined,
    resource: args.resource,
    scope: args.scope,
    timeout: String(args.timeout_seconds ?? PROBE_DEFAULT_TIMEOUT_S),
    yes: true,
  }
  return {flags, note, nothingToRun: only.length === 0}
}
