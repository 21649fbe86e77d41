import type {ProbeState} from '../plan.js'
import type {CheckId, CheckResult} from '../types.js'
import {authorizeOutcome} from './authorize.js'

/** The verdict's sentences about the authorization endpoint and PAR (none when those checks did not run). */
export function authorizeSentences(state: ProbeState, byId: Map<CheckId, CheckResult>): string[] {
  const out: string[] = []
  const outcome = authorizeOutcome(state)
  const redirect = byId.get('authorize-redirect-uri')
  if (outcome?.answer && redirect) {
    const uri = outcome.redirectUri
    if (redirect.status === 'pass') out.push(`The authorization endpoint accepts the redirect URI ${uri}.`)
    else if (outcome.answer.topic === 'client')
      out.push('The authorization endpoint does not accept this client_id, so the redirect URI could not be judged.')
    else if (redirect.status === 'fail' && outcome.answer.kind === 'refused') {
      const registered = outcome.registered ? `; the registered one is ${outcome.registered.uri}` : ''
      out.push(
        `The authorization endpoint refuses the redirect URI ${uri}${registered}: register exactly what the app sends (see authorize-redirect-uri).`,
      )
    } else if (redirect.status === 'fail')
      out.push(`The authorization endpoint could not be probed: ${redirect.finding}`)
  }

  const pkce = byId.get('authorize-pkce')
  if (pkce?.status === 'fail') out.push('The authorization endpoint refuses PKCE with S256.')
  const par = byId.get('par')
  if (par?.status === 'pass' && /must use PAR|takes only pushed/.test(par.finding))
    out.push('This client must use pushed authorization requests (PAR): push first, then redirect with request_uri.')
  else if (par?.status === 'fail')
    out.push(`The pushed authorization request was refused: ${par.finding.replace(/^Refused /, '')}`)
  return out
}
