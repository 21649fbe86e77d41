import {gotTokens} from './checks/auth.js'
import {authorizeSentences} from './checks/authorize-summary.js'
import {readOAuthError} from './explain.js'
import {keyAuthTried, keyAuthVerdict} from './key-summary.js'
import type {ProbeState} from './plan.js'
import type {CheckId, CheckResult} from './types.js'

const WHERE = {client_secret_basic: 'in the Authorization header', client_secret_post: 'in the form body'} as const
const USER_METHOD = {basic: 'client_secret_basic', post: 'client_secret_post'} as const

const firstSentence = (text: string) => /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text

/** What the server's metadata says about the app's method, for when the probes could not tell. */
function listedVerdict(state: ProbeState, user: 'client_secret_basic' | 'client_secret_post'): null | string {
  const metadata = state.metadata
  if (!metadata) return null
  const secretMethods = metadata.authMethods.filter((m) => m.startsWith('client_secret_'))
  if (secretMethods.includes(user)) return `your app sends ${user}, which the server's metadata lists`
  const listed = secretMethods.length > 0 ? secretMethods.join(' and ') : 'no client_secret method'
  return `your app sends ${user}; the server's metadata lists ${listed}${metadata.authMethodsListed ? '' : ' (the RFC 8414 default: nothing listed)'}`
}

/**
 * What the auth probes found, in one sentence. With --auth basic or post it always says what the app sends and how
 * that compares with what the server accepts.
 */
function authVerdict(state: ProbeState): null | string {
  const {client_secret_basic: basic, client_secret_post: post} = state.authOutcome
  const user = state.plan.auth === 'basic' || state.plan.auth === 'post' ? USER_METHOD[state.plan.auth] : null
  if (basic === 'accepted' && post === 'accepted')
    return `This server accepts both client_secret_basic and client_secret_post for this client${user ? `; your app sends ${user}, which works` : ''}.`
  const only =
    basic === 'accepted' && post !== 'accepted'
      ? 'client_secret_basic'
      : post === 'accepted' && basic !== 'accepted'
        ? 'client_secret_post'
        : null
  if (only) {
    const other = only === 'client_secret_basic' ? post : basic
    const qualifier = other === 'rejected' ? ' only' : ''
    if (user && user !== only) {
      const untested = other === 'untested' ? ` (${user} was not tested)` : ''
      return `Your app sends ${user}; this server accepts ${only}${qualifier}${untested}.`
    }
    if (user === only) return `This server accepts ${only}${qualifier}, which is what your app sends.`
    return `This server accepts ${only}${qualifier}: send the credentials ${WHERE[only]}.`
  }

  if (basic === 'rejected' && post === 'rejected') {
    return `The secret is wrong (or the client id is unknown or disabled): the server rejected the credentials both in the Authorization header and in the form body${user ? `, so it is not a question of how your app sends them (${user})` : ''}.`
  }

  const rejected = basic === 'rejected' ? 'client_secret_basic' : post === 'rejected' ? 'client_secret_post' : null
  if (rejected)
    return `The server rejected the credentials sent by ${rejected}; the secret may be wrong${user && user !== rejected ? ` (your app sends ${user}, which was not tested)` : ''}.`
  if (user && !state.wrongEndpoint) {
    const listed = listedVerdict(state, user)
    if (listed) return `${listed.charAt(0).toUpperCase()}${listed.slice(1)}.`
  }

  return null
}

/** What happened to client_credentials once the client authenticated. */
function grantVerdict(state: ProbeState, byId: Map<CheckId, CheckResult>): null | string {
  const token = byId.get('token-response')
  const accepted = Object.values(state.authOutcome).includes('accepted')
  if (!token || token.status === 'skip' || !accepted || state.plan.grant !== 'client_credentials') return null
  const exchange = state.exchanges.get(
    state.authOutcome.client_secret_basic === 'accepted' ? 'auth-basic' : 'auth-post',
  )
  const response = exchange?.response
  if (response && response.status < 300 && token.status !== 'fail')
    return 'The credentials work: client_credentials returned an access token.'
  const oauth = readOAuthError(response ?? null)
  if (!oauth)
    return token.status === 'fail'
      ? `The token response is broken: ${firstSentence(token.finding.split('. ').slice(1).join('. ') || token.finding)}`
      : null
  if (oauth.error === 'unsupported_grant_type')
    return 'client_credentials is not enabled on this server (unsupported_grant_type).'
  const said = `${oauth.error}${oauth.description ? `: "${oauth.description.slice(0, 100)}"` : ''}`
  const testOnly = state.plan.grantSource === 'default'
  if (oauth.error === 'unauthorized_client' || (testOnly && /grant.?type/i.test(oauth.description ?? ''))) {
    return testOnly
      ? `The credentials passed client authentication; this client may not use client_credentials (${said}), which errcode tried only because no --grant, refresh token or code was given. Fine if your app uses another grant: pass --refresh-token-env or --callback-url to test it.`
      : `The credentials passed client authentication, but client_credentials is not enabled for this client (${said}): enable the grant in the client's registration.`
  }

  if (/grant.?type/i.test(oauth.description ?? ''))
    return `client_credentials is not enabled for this client (${said}).`

  if (oauth.error === 'invalid_scope')
    return 'The client authenticated, but the requested scope is refused (invalid_scope): check --scope against what the client may request.'
  return `The client authenticated, but client_credentials was refused (error=${oauth.error}).`
}

/**
 * The verdict in plain words: what stops the app first (no endpoint, no connection, a redirect, the credentials,
 * the grant), then what else the user should know. The counts are of the checks' statuses.
 */
export function summarize(
  state: ProbeState,
  checks: CheckResult[],
): {fail: number; pass: number; skip: number; verdict: string; warn: number} {
  const byId = new Map(checks.map((c) => [c.id, c]))
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length
  const sentences: string[] = []
  const discovery = byId.get('discovery')
  const reach = byId.get('reachability')
  // An --authorize-url run without a token endpoint is about the authorization endpoint only.
  if (!state.endpoint && !state.plan.authorize?.authorizeUrl)
    sentences.push(`No token endpoint to probe: ${firstSentence(discovery?.finding ?? 'give TOKEN_URL or --issuer.')}`)
  else if (reach?.status === 'fail')
    sentences.push(`The token endpoint cannot be reached: ${lowerFirst(reach.finding.replace(/^.*Then /, ''))}`)
  else if (state.stopped)
    sentences.push(`The token endpoint does not answer: no response within ${state.timeoutMs / 1000} s.`)
  else if (state.wrongEndpoint) {
    const {use} = state.wrongEndpoint
    sentences.push(
      use
        ? `This URL is not the token endpoint; the server's metadata names ${use}: probe and configure that URL. No credentials were sent here.`
        : `This URL is not the token endpoint: ${firstSentence(state.wrongEndpoint.finding.replace(/^This is not the token endpoint: /, ''))} No credentials were sent; find the token endpoint in the provider's documentation or metadata.`,
    )
  }
  const redirect = [...state.exchanges.values()].find(
    (e) => e.response && e.response.status >= 300 && e.response.status < 400 && e.spec.method === 'POST',
  )
  if (redirect)
    sentences.push(
      `The token endpoint redirects POST requests${redirect.response!.headers.location ? ` to ${redirect.response!.headers.location}` : ''}: probe (and configure) the URL it redirects to.`,
    )
  const crash = [...state.exchanges.values()].find(
    (e) => e.response && e.response.status >= 500 && e.spec.method === 'POST',
  )
  if (crash)
    sentences.push(
      `The server fails token requests with HTTP ${crash.response!.status}: the problem is on the server's side, or the URL is not its token endpoint.`,
    )
  const limited = [...state.exchanges.values()].find((e) => e.response?.status === 429)
  if (limited) sentences.push('The server is rate limiting (HTTP 429): wait before trying again.')

  const auth = authVerdict(state)
  if (auth) sentences.push(auth)
  const keyAuth = keyAuthVerdict(state, byId)
  if (keyAuth) sentences.push(keyAuth)
  const grant = grantVerdict(state, byId)
  if (grant) sentences.push(grant)
  const noCredentials = checks.filter((c) => (c.id === 'auth-basic' || c.id === 'auth-post') && c.status === 'skip')
  if (
    Object.values(state.authOutcome).every((o) => o === 'untested') &&
    noCredentials.length === 2 &&
    state.endpoint &&
    reach?.status !== 'fail' &&
    !state.stopped &&
    !state.wrongEndpoint &&
    !keyAuthTried(state)
  ) {
    const why = firstSentence(noCredentials[0].finding)
    sentences.push(
      `The credentials were not tested (${why.replace(/\.$/, '')}), so only the probes that need none ran.`,
    )
  }

  for (const [id, name] of [
    ['refresh', 'The refresh token'],
    ['code-exchange', 'The authorization code'],
  ] as const) {
    const c = byId.get(id)
    if (c?.status === 'pass' || c?.status === 'warn') sentences.push(`${name} works: new tokens were issued.`)
    else if (c?.status === 'fail') sentences.push(`${name} was refused: ${c.finding.replace(/^Refused: /, '')}`)
  }

  // Only tokens prove it: any refusal, even one that is not invalid_client, means the server did not grant it.
  if (gotTokens(state.exchanges.get('wrong-secret')?.response ?? null))
    sentences.push('A wrong secret was accepted: this server does not check client secrets.')
  const skew = byId.get('clock-skew')
  if (skew?.status === 'fail') sentences.push(firstSentence(skew.finding))
  sentences.push(...authorizeSentences(state, byId))
  const warned = checks.filter((c) => c.status === 'warn').map((c) => c.id)
  if (warned.length > 0) sentences.push(`Deviations from the RFCs to know about: ${warned.join(', ')}.`)
  if (sentences.length === 0)
    sentences.push(
      count('fail') === 0
        ? 'Every probe that ran behaved as the RFCs say.'
        : 'Some probes failed: see the checks above.',
    )
  return {
    fail: count('fail'),
    pass: count('pass'),
    skip: count('skip'),
    verdict: sentences.join(' '),
    warn: count('warn'),
  }
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)
