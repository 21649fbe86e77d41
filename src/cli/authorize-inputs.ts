import {UsageError} from '../errors.js'
import {AUTHORIZE_CHECK_IDS} from '../probe/authorize-ids.js'
import type {AuthorizePlan} from '../probe/checks/authorize-request.js'
import type {CheckId} from '../probe/types.js'
import {parseUrlFlag, type ProbeFlags} from './probe-inputs.js'

const MAX_URI = 2048

/**
 * A redirect URI from a flag: any absolute URI (native apps use private-use schemes such as com.example.app:/cb,
 * RFC 8252 §7.1), as typed, since the server compares it character for character.
 */
function parseRedirectFlag(name: string, value: string | undefined): null | string {
  if (value === undefined) return null
  // Control characters would reach the terminal in every finding that quotes the URI.
  if (value.length > MAX_URI || /[\u0000-\u001F\u007F]/.test(value))
    throw new UsageError(`${name} must be a URI of at most ${MAX_URI} characters without control characters`)
  try {
    new URL(value)
  } catch {
    throw new UsageError(`${name} must be an absolute URI, got "${value.slice(0, 80)}"`, [
      'errcode probe --issuer https://login.example.com --client-id my-app --redirect-uri http://127.0.0.1:8080/callback',
    ])
  }

  return value
}

/**
 * The authorization-endpoint checks' inputs, or null when the run does not ask for them: --authorize-url, or
 * --redirect-uri with --issuer (discovery names the endpoint), or --only naming one of them.
 */
export function readAuthorizeInputs(flags: ProbeFlags, only: CheckId[] | undefined): AuthorizePlan | null {
  const authorizeUrl = parseUrlFlag('--authorize-url', flags['authorize-url']) ?? null
  const redirectUri = parseRedirectFlag('--redirect-uri', flags['redirect-uri'])
  const registeredRedirectUri = parseRedirectFlag('--registered-redirect-uri', flags['registered-redirect-uri'])
  if (authorizeUrl && !redirectUri)
    throw new UsageError('--authorize-url needs --redirect-uri URI (the redirect URI your app sends)')
  if (registeredRedirectUri && !redirectUri)
    throw new UsageError('--registered-redirect-uri needs --redirect-uri URI (the one your app sends) to compare with')
  const asked =
    Boolean(authorizeUrl) ||
    (Boolean(redirectUri) && Boolean(flags.issuer)) ||
    Boolean(only?.some((id) => (AUTHORIZE_CHECK_IDS as readonly string[]).includes(id)))
  return asked ? {authorizeUrl, redirectUri, registeredRedirectUri} : null
}
