import {discover} from '../discovery.js'
import {explainStatus} from '../explain.js'
import type {ProbeState} from '../plan.js'
import type {CheckId, CheckResult} from '../types.js'
import {checkEmptyPost, checkJsonBody, checkMethodGet} from './basics.js'
import {blockedResult, makeResult, notTokenEndpointAnswer} from './common.js'

const POSTS: CheckId[] = ['empty-post', 'json-body']

/**
 * Where the token endpoint really is, from the metadata: the issuer's (already read by discovery) or the metadata
 * at the URL's origin. Only GETs of public documents; null when none names another URL.
 */
async function findTokenEndpoint(state: ProbeState): Promise<null | {from: string; url: string}> {
  const here = state.endpoint!
  const known = state.metadata
  if (known?.tokenEndpoint && known.tokenEndpoint !== here) return {from: known.url, url: known.tokenEndpoint}
  const origin = new URL(here).origin
  if (state.plan.issuer && new URL(state.plan.issuer).origin === origin && state.discovery) return null
  const outcome = await discover(origin, state.http)
  const found = outcome.metadata
  return found?.tokenEndpoint && found.tokenEndpoint !== here ? {from: found.url, url: found.tokenEndpoint} : null
}

/**
 * method-get, empty-post and json-body, then the question they answer together: is this a token endpoint at all?
 * When every POST got an answer no token endpoint gives, that is the finding (empty-post fails with it), the
 * other two are blocked by it, and no credential is sent afterwards.
 */
export async function checkBasics(state: ProbeState): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  if (state.plan.checks.has('method-get')) results.push(await checkMethodGet(state))
  if (state.plan.checks.has('empty-post')) results.push(await checkEmptyPost(state))
  if (state.plan.checks.has('json-body')) results.push(await checkJsonBody(state))
  const posts = POSTS.map((id) => state.exchanges.get(id)).filter((e) => e?.response)
  if (posts.length === 0 || !state.endpoint) return results
  const answers = posts.map((e) => notTokenEndpointAnswer(e!.response))
  if (answers.some((a) => a === null)) return results

  const by = POSTS.find((id) => state.exchanges.get(id)?.response)!
  const kinds = [...new Set(answers)].join(' or ')
  const hint = await findTokenEndpoint(state)
  const fromMetadata = !state.plan.endpoint
  const use = hint
    ? ` The server's metadata (${hint.from}) names its token endpoint: ${hint.url}. Use that URL.`
    : fromMetadata
      ? ` This URL is the token_endpoint the issuer's metadata names: the metadata is wrong, or a proxy in front of the server does not route it.`
      : " Check the URL against the provider's documentation or its metadata (/.well-known/openid-configuration), or give --issuer."
  const finding = `This is not the token endpoint: every token request was answered with ${kinds}, which no token endpoint sends (RFC 6749 §5.1, §5.2 answer with tokens or a JSON OAuth error).${use}`
  state.wrongEndpoint = {by, finding, use: hint?.url ?? null}
  return results.map((r) => {
    const exchange = state.exchanges.get(r.id) ?? null
    // The body's error (oidc-provider's invalid_request "unrecognized route") would explain the wrong thing.
    const status = exchange?.response?.status ?? 0
    if (r.id === by)
      return makeResult(state, r.id, 'fail', finding, exchange, {explanation: explainStatus(state.catalog, status)})
    if (!exchange) return r
    return blockedResult(
      state,
      r.id,
      by,
      'this URL is not the token endpoint, so this answer says nothing about the server.',
      exchange,
    )
  })
}
