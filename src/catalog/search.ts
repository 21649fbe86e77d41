import {basename} from 'node:path'

import {UsageError} from '../errors.js'
import type {Catalog, MatchKind} from './catalog.js'
import {model} from '../decode/model.js'
import {REASON_PHRASES} from '../decode/values.js'
import {byWords, type Candidate, type MatchQuery, matchedBy, rankEntries} from './match.js'
import {resolveProvider} from './providers.js'
import {asHttpStatus} from './normalise.js'
import type {CatalogEntry} from './types.js'

/** One entry as `lookup --json` (and decode's `matches`) report it. The field list is a contract (README). */
export interface LookupMatch {
  causes: string[]
  code: string
  docs: string
  fixes: string[]
  http: number[]
  id: string
  kind: null | string
  matchedBy: MatchKind | 'description'
  meaning: string
  notes: null | string
  oauthError: null | string
  provider: string
  providerName: string
  retryable: boolean
  score: number
  spec: null | string
  /** The team catalog file the entry came from; null for the built-in catalog. */
  team: null | string
  title: string
  variant: null | string
  where: string[]
  whoActs: string
}

export interface LookupOptions {
  description?: string
  limit?: number
  provider?: string
}

export interface LookupResult {
  /** Entries close to the query that are not confident enough to be the answer (only when `matches` is empty). */
  closest?: LookupMatch[]
  matches: LookupMatch[]
  query: string
}

export function toMatch(
  catalog: Catalog,
  entry: CatalogEntry,
  matchedBy: LookupMatch['matchedBy'],
  score: number,
): LookupMatch {
  const team = catalog.teamSource(catalog.indexOf(entry.id)) ?? null
  const name = catalog.providers.get(entry.provider)?.name ?? entry.provider
  return {
    causes: entry.causes,
    code: entry.code,
    docs: entry.docs,
    fixes: entry.fixes,
    http: entry.http,
    id: entry.id,
    kind: entry.kind ?? null,
    matchedBy,
    meaning: entry.meaning,
    notes: entry.notes ?? null,
    oauthError: entry.oauthError ?? null,
    provider: entry.provider,
    // A team's entry says so, whichever provider it is filed under.
    providerName: team ? `${name} (team catalog ${basename(team)})` : name,
    retryable: entry.retryable,
    score: Math.round(score * 1000) / 1000,
    spec: entry.spec,
    team,
    title: entry.title,
    variant: entry.match?.text ?? entry.match?.pattern ?? null,
    where: entry.where ?? [],
    whoActs: entry.whoActs,
  }
}

export function checkProvider(catalog: Catalog, provider: string | undefined): string | undefined {
  return resolveProvider(catalog, provider)
}

/** A line that is only an id or a time (`Correlation ID: …`, `Timestamp: …`): no words of the error. */
export const ID_LINE = /^(?:trace|correlation|timestamp|request)[ _-]?id\b|^timestamp\b/i

/** A short line that only introduces what follows (`* What went wrong:`, `Response payload is:`). */
const HEADING = /^[^:\n]{0,60}:$/

/** A pasted message's first sentence, without trace ids, timestamps, correlation lines and headings. */
export function firstSentence(text: string): string {
  const lines = text.split('\n').map((l) => l.trim())
  const line = lines.find((l, i) => l && !ID_LINE.test(l) && !(HEADING.test(l) && lines.slice(i + 1).some(Boolean)))
  return (line ?? text.trim()).replace(/\s+(?:Trace ID|Correlation ID|Timestamp):.*$/i, '').slice(0, 500)
}

/** `Too Many Requests` -> 429: a reason phrase names its status. */
function statusOfPhrase(query: string): null | number {
  const key = query.trim().toLowerCase()
  for (const [status, phrase] of Object.entries(REASON_PHRASES)) if (phrase.toLowerCase() === key) return Number(status)
  return null
}

/** What the matcher is asked for a lookup query: an exact code, or a message read like a paste. */
export async function lookupQuery(
  catalog: Catalog,
  query: string,
  provider?: string,
  description?: string,
): Promise<{exact: boolean; q: MatchQuery}> {
  const status = asHttpStatus(query) ?? statusOfPhrase(query)
  if (status !== null || catalog.exactIndexes(query).some((h) => h.kind !== 'fuzzy')) {
    const code = status === null ? query : String(status)
    // The query itself is the description a variant may be worded as (`Callback URL mismatch.`). A status is the
    // HTTP entry's own code: it comes first, the codes that travel with it after.
    const q: MatchQuery = {
      code,
      description: description ?? query,
      http: status,
      listVariants: !description,
      provider: provider ?? (status === null ? undefined : 'http'),
      strict: Boolean(provider),
      travelsWith: status !== null,
    }
    return {exact: true, q}
  }

  const {readMessage} = await import('./message.js')
  const q: MatchQuery = {...(await readMessage(catalog, query, provider)), strict: Boolean(provider)}
  if (description) q.description = description
  return {exact: false, q}
}

/**
 * Every query goes through the one matcher (match.ts). A code, id, alias or status is looked up exactly; a pasted
 * message is read the way decode reads a paste (its code, description and provider), and plain words are compared
 * by text. Candidates under the matcher's confidence floor are `closest`, never `matches`.
 */
export async function lookup(catalog: Catalog, rawQuery: string, options: LookupOptions = {}): Promise<LookupResult> {
  const query = rawQuery.trim()
  if (!query) throw new UsageError('the query is empty', ['errcode lookup invalid_grant'])
  const provider = checkProvider(catalog, options.provider)
  const {exact, q} = await lookupQuery(catalog, query, provider, options.description)
  const {floor} = model().match
  const ranked = rankEntries(catalog, q)
  // The floor decides whether there is an answer at all; once there is, the other exact readings of the same
  // query (other providers' entries, codes that travel with a status) are listed with it.
  // The floor is for readings of messages and words; a query that is itself an entry's code, id or alias is
  // answered by that entry however rarely such a code was the answer in training.
  const named = exact && ranked[0] && ['alias', 'code', 'namespace'].includes(ranked[0].features.via)
  const sure =
    ranked[0] && (named || ranked[0].probability >= floor)
      ? ranked.filter((c) => !byWords(c.features.via) || c.probability >= floor)
      : []
  const toMatches = (cs: Candidate[]) => cs.map((c) => toMatch(catalog, c.entry, matchedBy(c), c.probability))
  if (sure.length === 0) return {closest: toMatches(ranked.slice(0, 3)), matches: [], query}
  const limit = options.limit ?? (exact ? sure.length : 10)
  return {matches: toMatches(sure.slice(0, limit)), query}
}
