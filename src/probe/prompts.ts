import {UsageError} from '../errors.js'
import {AUTHORIZE_CHECKLIST} from './authorize-ids.js'
import {KEY_CHECKLIST} from './key-auth.js'
import {CHECK_IDS, type AuthChoice, type CheckId, CREDENTIALED_CHECKS, type ServerMetadata} from './types.js'

/**
 * The prompts the interactive probe uses: the subset of @inquirer/prompts it needs, so a test can hand in answers
 * and the real module is imported only when a prompt is really shown (it costs ~150 ms to load).
 */
export interface Prompter {
  checkbox(config: {
    choices: {checked?: boolean; disabled?: boolean | string; name: string; short?: string; value: CheckId}[]
    message: string
    pageSize?: number
  }): Promise<CheckId[]>
  confirm(config: {default?: boolean; message: string}): Promise<boolean>
  input(config: {default?: string; message: string; validate?: (value: string) => boolean | string}): Promise<string>
  password(config: {
    mask?: boolean | string
    message: string
    validate?: (value: string) => boolean | string
  }): Promise<string>
  select(config: {
    choices: {description?: string; name: string; value: string}[]
    default?: string
    message: string
  }): Promise<string>
}

export async function loadPrompter(): Promise<Prompter> {
  const prompts = await import('@inquirer/prompts')
  return {
    checkbox: (config) => prompts.checkbox(config),
    confirm: (config) => prompts.confirm(config),
    input: (config) => prompts.input(config),
    password: (config) => prompts.password(config),
    select: (config) => prompts.select(config),
  }
}

const validUrl = (value: string): boolean | string => {
  try {
    const u = new URL(value.trim())
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'an http:// or https:// URL'
    // Never sent, never printed: Node would turn user:password in the URL into Basic credentials.
    return u.username || u.password ? 'a URL without user:password (the client id and secret are asked next)' : true
  } catch {
    return 'a URL such as https://login.example.com/oauth2/token'
  }
}

/** The endpoint-or-issuer question. A URL whose last path segment names a token endpoint is taken as one. */
export async function askTarget(p: Prompter): Promise<{endpoint: null | string; issuer: null | string}> {
  const answer = (await p.input({message: 'Token endpoint or issuer URL:', validate: validUrl})).trim()
  const problem = validUrl(answer)
  if (problem !== true) throw new UsageError(`the token endpoint or issuer must be ${problem}`)
  const last = new URL(answer).pathname.split('/').filter(Boolean).at(-1) ?? ''
  return /token/i.test(last) ? {endpoint: answer, issuer: null} : {endpoint: null, issuer: answer}
}

export async function askClientId(p: Prompter): Promise<null | string> {
  const id = (await p.input({message: 'Client id (leave empty to probe without credentials):'})).trim()
  return id || null
}

export async function askSecret(
  p: Prompter,
  message = 'Client secret (shown as *; empty for a public client):',
): Promise<null | string> {
  const secret = await p.password({mask: '*', message})
  return secret === '' ? null : secret
}

/** How the app sends its credentials, with the methods the server's metadata lists marked. */
export async function askAuth(p: Prompter, metadata: null | ServerMetadata): Promise<AuthChoice> {
  const listed = new Set(metadata?.authMethods ?? [])
  const mark = (m: string) => (metadata && listed.has(m) ? ' (the server lists it)' : '')
  return (await p.select({
    choices: [
      {description: 'Try both and tell me which one works.', name: "I don't know: try both", value: 'auto'},
      {
        description: 'Authorization: Basic base64(id:secret)',
        name: `client_secret_basic${mark('client_secret_basic')}`,
        value: 'basic',
      },
      {
        description: 'client_id and client_secret in the form body',
        name: `client_secret_post${mark('client_secret_post')}`,
        value: 'post',
      },
      {description: 'A public client: client_id only, no secret', name: `none${mark('none')}`, value: 'none'},
    ],
    default: 'auto',
    message: 'How does your app send the client credentials?',
  })) as AuthChoice
}

/** One short line per probe, so the checklist fits an 80-column terminal. */
const CHECKLIST: Record<CheckId, string> = {
  'auth-basic': 'your secret in the Authorization header',
  'auth-post': 'your secret in the form body',
  'clock-skew': "the server's clock against yours",
  'code-exchange': 'exchange the code',
  discovery: "read the server's metadata",
  'empty-post': 'an empty POST gets invalid_request',
  'json-body': 'a JSON body is refused',
  'method-get': 'GET is refused',
  reachability: 'DNS, TCP and TLS',
  refresh: 'exchange the refresh token',
  'token-response': 'the token response follows RFC 6749',
  'unsupported-grant': 'an unknown grant_type is refused',
  'wrong-secret': 'a wrong secret gets 401 invalid_client',
  ...AUTHORIZE_CHECKLIST,
  ...KEY_CHECKLIST,
}

/**
 * The probe checklist. Probes that send no credentials are ticked; the ones that send the secret, a refresh token
 * or a code are ticked once one was given (the confirm before sending still asks), else opt-in. A probe that cannot run with what was given is shown disabled with the reason.
 */
export async function askChecks(
  p: Prompter,
  unavailable: Partial<Record<CheckId, string>>,
  options: {credentials?: boolean} = {},
): Promise<CheckId[]> {
  return p.checkbox({
    choices: CHECK_IDS.map((id) => ({
      checked: (options.credentials || !CREDENTIALED_CHECKS.has(id)) && !unavailable[id],
      disabled: unavailable[id] ?? false,
      name: `${id.padEnd(17)} ${CHECKLIST[id]}${CREDENTIALED_CHECKS.has(id) ? '  [sends credentials]' : ''}`,
      short: id,
      value: id,
    })),
    message: 'Probes to run (space toggles, enter runs):',
    pageSize: CHECK_IDS.length,
  })
}

export async function confirmSend(p: Prompter, what: string, host: string): Promise<boolean> {
  return p.confirm({default: false, message: `Send ${what} to ${host}?`})
}
