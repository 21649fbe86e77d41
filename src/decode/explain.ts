/**
 * decode's and probe's explanations: the error's fields handed to the one matcher (src/catalog/match.ts), and the
 * entries above its confidence floor returned in lookup's format. Below the floor nothing is claimed.
 */
import type {Catalog} from '../catalog/catalog.js'
import {matchedBy, rankEntries} from '../catalog/match.js'
import {type LookupMatch, toMatch} from '../catalog/search.js'
import type {Location} from '../catalog/types.js'
import {compiledEvidence} from './evidence.js'
import {model} from './model.js'
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

/** `floor: 0` when the caller knows the error is just its status (probe: an HTML 500 with no body to read). */
export function explain(catalog: Catalog, e: ExplainInput, floor = model().match.floor): LookupMatch[] {
  return (
    rankEntries(catalog, {
      alternatives: e.alternatives,
      code: e.code,
      description: e.description,
      embedded: embeddedCodes(catalog, e.description).filter((c) => c !== e.code),
      http: e.http,
      location: e.location,
      provider: e.provider,
    })
      // An error with no code is its status: the status entry explains it however the matcher scores it.
      .filter((c) => c.probability >= floor || c.features.via === 'status-only')
      .slice(0, MAX_MATCHES)
      .map((c) => toMatch(catalog, c.entry, matchedBy(c), c.probability))
  )
}
