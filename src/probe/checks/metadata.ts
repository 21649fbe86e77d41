import {checkConnection, isLoopback} from '../connect.js'
import {discover, hostOfUrl, issuerFromInput, metadataUrls} from '../discovery.js'
import {explainFailure, explainTransport, platformFix} from '../explain.js'
import type {ProbeState} from '../plan.js'
import {authority, proxyFor, type ProxySettings} from '../proxy.js'
import type {CheckResult, NetworkFailure} from '../types.js'
import {makeResult, skipped} from './common.js'

const list = (items: string[]) => (items.length > 0 ? items.join(', ') : 'none listed')

/** discovery: OpenID discovery, then RFC 8414 metadata; sets the token endpoint when none was given. */
export async function checkDiscovery(state: ProbeState): Promise<CheckResult> {
  const {issuer} = state.plan
  if (!issuer)
    return skipped(state, 'discovery', 'No --issuer given: pass --issuer to read what the server says it supports.')
  const outcome = state.discovery ?? (await discover(issuer, state.http))
  state.discovery = outcome
  const last = outcome.exchanges.at(-1) ?? null
  if (last) state.exchanges.set('discovery', last)
  const ms = outcome.exchanges.reduce((sum, e) => sum + e.ms, 0)
  const metadata = outcome.metadata
  if (!metadata) {
    const failure = outcome.exchanges.find((e) => e.failure)?.failure
    if (failure)
      return makeResult(state, 'discovery', 'fail', `Could not fetch the metadata: ${failure.message}.`, last, {ms})
    const tried = outcome.exchanges.map(
      (e) => `${e.spec.url} (${e.response ? `HTTP ${e.response.status}` : 'no answer'})`,
    )
    const finding = `No metadata at ${tried.join(' or ')}. The issuer is the base URL the server puts in "iss" (for example https://login.example.com/realms/acme); check it, or give the token endpoint URL instead.`
    return makeResult(state, 'discovery', 'fail', finding, last, {ms})
  }

  state.metadata = metadata
  state.endpoint ??= metadata.tokenEndpoint
  const source = metadata.source === 'openid-configuration' ? 'OpenID discovery' : 'RFC 8414 metadata'
  const notes: string[] = []
  let status: CheckResult['status'] = 'pass'
  const expected = issuerFromInput(issuer)
  if (metadata.issuer !== expected) {
    status = 'warn'
    notes.push(
      `The document's issuer is ${metadata.issuer ? `"${metadata.issuer}"` : 'missing'}, not "${expected}": OpenID Discovery §4.3 and RFC 8414 §3.3 require them to be identical (a trailing slash counts), and strict clients refuse the metadata.`,
    )
  }

  if (!metadata.tokenEndpoint) {
    return makeResult(
      state,
      'discovery',
      'fail',
      `${source} at ${metadata.url} names no usable token_endpoint${metadata.tokenEndpointProblem ? ` (its ${metadata.tokenEndpointProblem}, so nothing is sent to it)` : ''}. ${notes.join(' ')}`.trim(),
      last,
      {ms},
    )
  }

  const issuerHost = hostOfUrl(issuer)
  const endpointHost = hostOfUrl(metadata.tokenEndpoint)
  if (!state.plan.endpoint && endpointHost !== issuerHost) {
    // The issuer's document can send the secret anywhere; another host gets it only with the user's consent.
    state.otherHost = endpointHost
    status = 'warn'
    notes.push(
      `The token endpoint is on ${endpointHost}, not on the issuer's host ${issuerHost}: ${state.plan.otherHostAllowed ? 'credentials are sent there because you confirmed it (or gave --yes)' : 'credentials are not sent there without confirmation (or --yes)'}.`,
    )
  }

  if (state.plan.endpoint && state.plan.endpoint !== metadata.tokenEndpoint) {
    status = 'warn'
    notes.push(
      `TOKEN_URL ${state.plan.endpoint} is not the metadata's token_endpoint ${metadata.tokenEndpoint}; errcode probes TOKEN_URL.`,
    )
  }

  if (
    state.plan.grant === 'client_credentials' &&
    state.plan.grantSource === 'default' &&
    metadata.grantTypesListed &&
    !metadata.grantTypes.includes('client_credentials')
  ) {
    notes.push(
      `grant_types_supported (${list(metadata.grantTypes)}) does not list client_credentials: the probes send it only to test the credentials; give a refresh token (--refresh-token-env) or a code (--callback-url) to test the grant your app uses.`,
    )
  } else if (state.plan.grant === 'client_credentials' && !metadata.grantTypes.includes('client_credentials')) {
    notes.push(
      'grant_types_supported does not list client_credentials (the list is advisory, so the probes still try it).',
    )
  }

  const methods = metadata.authMethodsListed
    ? list(metadata.authMethods)
    : 'not listed (RFC 8414 §2: client_secret_basic by default)'
  const finding = `${source} at ${metadata.url}: token_endpoint ${metadata.tokenEndpoint}; client authentication: ${methods}; grants: ${list(metadata.grantTypes)}.`
  return makeResult(state, 'discovery', status, [finding, ...notes].join(' '), last, {ms})
}

/** For a TLS failure, the fix the catalog's entry for its code gives for Node (the runtime errcode runs on). */
function nodeFix(state: ProbeState, failure: NetworkFailure): string {
  if (failure.kind !== 'certificate' && failure.kind !== 'tls') return ''
  const fix = platformFix(explainTransport(state.catalog, failure.code))
  return fix ? ` For a Node app: ${fix.replace(/^Node:\s*/, '')}.` : ''
}

/** reachability: DNS, TCP and TLS (certificate) to the token endpoint, before any HTTP request is judged. */
export async function checkReachability(
  state: ProbeState,
  options: {ca?: string; insecure?: boolean; proxy?: null | ProxySettings},
): Promise<CheckResult> {
  const target = state.endpoint ?? (state.plan.issuer ? metadataUrls(state.plan.issuer)[0].url : null)
  if (!target) return skipped(state, 'reachability', 'No token endpoint to connect to.')
  const url = new URL(target)
  const proxy = proxyFor(options.proxy, url)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  // Through a proxy the CONNECT really is sent (to the proxy); without one, nothing but the handshakes: no method
  // and no URL, so no report says "Sent CONNECT ..." for a request that never existed.
  const tunnel = proxy && url.protocol === 'https:' ? authority(url.hostname.replace(/^\[|\]$/g, ''), port) : null
  const request = tunnel
    ? {body: null, headers: {}, method: 'CONNECT', url: tunnel}
    : {body: null, headers: {}, method: '', url: ''}
  const report = await checkConnection(url, {
    ca: options.ca,
    insecure: options.insecure,
    proxy,
    timeoutMs: state.timeoutMs,
  })
  const bypass = !proxy && options.proxy?.[url.protocol === 'https:' ? 'https' : 'http']
  const noProxy = bypass ? `Not through the proxy: ${options.proxy!.noProxy.source} lists ${url.hostname}. ` : ''
  const done = `${noProxy}${report.steps.length > 0 ? `${report.steps.join('; ')}. ` : ''}`
  if (report.failure) {
    state.unreachable = `Skipped: the endpoint cannot be reached (${report.failure.kind}; see reachability).`
    const explanation = explainFailure(state.catalog, report.failure)
    const message = report.failure.message
    const failure = message.charAt(0).toUpperCase() + message.slice(1)
    const finding = `${done}${done ? 'Then ' + message : failure}.${nodeFix(state, report.failure)}`
    return makeResult(state, 'reachability', 'fail', finding, null, {explanation, ms: report.ms, request})
  }

  if (report.untrustedCertificate) {
    const finding = `${done}The certificate is NOT trusted (${report.untrustedCertificate}); --insecure ignores that, so whoever holds that certificate can read what is sent.`
    return makeResult(state, 'reachability', 'warn', finding, null, {explanation: null, ms: report.ms, request})
  }

  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    const credentials = state.plan.allowHttp
      ? 'credentials are sent anyway (--allow-http)'
      : 'credentials are not sent without --allow-http'
    const finding = `${done}Plain http:// to ${url.host}: anything sent can be read and changed on the network; ${credentials}. RFC 6749 §2.3.1 requires TLS for client secrets.`
    return makeResult(state, 'reachability', 'warn', finding, null, {explanation: null, ms: report.ms, request})
  }

  return makeResult(state, 'reachability', 'pass', `${done.trim()}`, null, {explanation: null, ms: report.ms, request})
}
