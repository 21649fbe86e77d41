/**
 * decode's and probe's explanations: the error's fields handed to the one matcher (src/catalog/match.ts), and the
 * entries above its confidence floor returned in lookup's format. Below the floor nothing is claimed.
 */
import type {Catalog} from '../catalog/catalog.js'
import {byWords, type Candidate, matchedBy, type MatchQuery, rankEntries} from '../catalog/match.js'
import {firstSentence, ID_LINE, type LookupMatch, toMatch} from '../catalog/search.js'
import type {Location} from '../catalog/types.js'
import {wordCandidates} from '../catalog/words.js'
import {compiledEvidence} from './evidence.js'
import {model} from './model.js'
import {isReasonPhrase} from './values.js'
import type {ErrorSource} from './types.js'

export function locationOf(source: ErrorSource, via: string | undefined, http: null | number): Location | null {
  if (source === 'callback_url' || via === 'fragment' || via === 'form_post') return 'authorization_response'
  if (source === 'www_authenticate' || via === 'header') return 'resource_server'
  if (source === 'json_body' || source === 'http_response')
    return http === 401 || http === 403 ? null : 'token_endpoint'
  return null
}

export interface ExplainInput {
  alternatives: string[]
  code: null | string
  description: null | string
  http: null | number
  location: Location | null
  provider: string
}

const MAX_MATCHES = 5

/** Codes in a provider's format inside a description (`AADSTS50011: ...` inside an invalid_request). */
export function embeddedCodes(catalog: Catalog, description: null | string): string[] {
  if (!description) return []
  const formats = compiledEvidence(catalog).codeFormats
  const out = new Set<string>()
  for (const m of description.slice(0, 4000).matchAll(/[A-Za-z][A-Za-z\d]{1,15}\d{2,9}/g))
    if (formats.some((f) => f.re.test(m[0]))) out.add(m[0])
  return [...out]
}

/**
 * `floor: 0` when the caller knows the error is just its status (probe: an HTML 500 with no body to read). An error
 * that carries only a message (an error page, a log line) is looked up by the message's words as lookup reads a
 * pasted one; what they find answers only above the floor, and is shown as the closest entry, not the server's.
 */
export function explain(catalog: Catalog, e: ExplainInput, floor = model().match.floor): LookupMatch[] {
  const query: MatchQuery = {
    alternatives: e.alternatives,
    code: e.code,
    description: e.description,
    embedded: embeddedCodes(catalog, e.description).filter((c) => c !== e.code),
    http: e.http,
    location: e.location,
    provider: e.provider,
  }
  // With no code at all, the status is the error: its entry is the explanation, not a fallback.
  // An entry found by the words alone answers only above the matcher's own floor, whatever floor the caller set.
  const least = Math.max(floor, model().match.floor)
  const answers = (cs: Candidate[]) =>
    cs.filter((c) => c.features.via === 'status-only' || c.probability >= (byWords(c.features.via) ? least : floor))
  let ranked = answers(rankEntries(catalog, query))
  // (Not for a reason phrase or an id line: `Bad Request` and `Correlation Id: …` say nothing of the error.)
  const sentence = e.description ? firstSentence(e.description) : ''
  const worded = /\S\s+\S/.test(sentence) && !isReasonPhrase(sentence) && !ID_LINE.test(sentence)
  if (worded && e.code === null && !ranked.some((c) => c.features.via !== 'status-only')) {
    const {similarity, text} = wordCandidates(catalog, sentence)
    ranked = answers(rankEntries(catalog, {...query, similarity, text}))
  }

  return ranked.slice(0, MAX_MATCHES).map((c) => toMatch(catalog, c.entry, matchedBy(c), c.probability))
}
