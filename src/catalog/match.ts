/**
 * The one matcher: ranks catalog entries for lookup, decode and probe alike. Each candidate is described by a few
 * features (how it was found, whose entry it is relative to the provider that sent the error, whether its
 * description variant fits, whether it is documented for the place the error came from, text similarity); a
 * linear score over them uses weights fitted on the corpus's training split, and a calibration table turns the
 * score into a probability (on training, matches scored 0.8 were right about 80% of the time). Below the floor an
 * entry is a candidate, never the answer. Weights and tables: src/data/model/weights.json (scripts/fit.ts).
 */
import {calibrate, type MatchModel, model, prevalenceTable} from '../decode/model.js'
import type {Catalog, EntryHead} from './catalog.js'
import {descriptionMatches, normaliseKey} from './normalise.js'
import type {CatalogEntry, Location} from './types.js'
import {familyReadings, indexesForCode, pairsOf, sharedPairs, specificVariant, variantsFor} from './candidates.js'

export type Via =
  | 'alias'
  | 'alternative'
  | 'code'
  | 'embedded'
  | 'family'
  | 'namespace'
  | 'spelt'
  | 'status'
  | 'status-only'
  | 'text'
  | 'variant-text'
  | 'variant-weak'
export type Who = 'http' | 'none' | 'other' | 'own' | 'standard'

/** Found by its words, not by a code the query carries: such a candidate answers only above the floor. */
export const byWords = (via: Via): boolean => via === 'text' || via === 'family'

export interface MatchQuery {
  alternatives?: string[]
  code?: null | string
  description?: null | string
  /** Codes of a provider's format found inside the description (AADSTS50011 inside an invalid_request). */
  embedded?: string[]
  http?: null | number
  location?: Location | null
  /** The provider that sent the error (decode, probe) or that --provider names. */
  provider?: null | string
  /** Codes spelt out in the words (`invalid grant`). */
  spelt?: string[]
  /** lookup of a status: the entries that travel with it are candidates too. */
  travelsWith?: boolean
  /** lookup of a bare code: every variant of it is listed, those that do not fit the description below the rest. */
  listVariants?: boolean
  /** --provider: only that provider's entries (and the standards it builds on are not mixed in). */
  strict?: boolean
  /** Entries found by text: fuse.js's typo-tolerant similarity and BM25's shared-words similarity (0..1 each). */
  text?: {fuzzy: number; index: number; words: number}[]
  /** BM25 similarity of more entries than the text candidates: read for entries found by their code. */
  similarity?: Map<number, number>
}

export interface Candidate {
  /** The entry whole (its text parsed on first read). */
  readonly entry: CatalogEntry
  features: {
    /** The code as written matches the entry's as written (`BAD_REFRESH_TOKEN` is HubSpot's, not GitHub's). */
    case: number
    flow: number
    fuzzy: number
    http: number
    /** Share of the query's word pairs the entry's text has in the same order (lookup of words only). */
    pairs: number
    place: number
    variant: number
    via: Via
    who: Who
    words: number
  }
  /** The entry's short fields (what scoring reads). */
  head: EntryHead
  index: number
  /** Calibrated probability that this is the right explanation. */
  probability: number
  raw: number
}

/** Initial weights; the fitted ones in weights.json replace them. */
export const DEFAULT_WEIGHTS: Record<string, number> = {
  'via:code': 1,
  'via:alias': 0.9,
  'via:namespace': 0.8,
  'via:embedded': 1,
  'via:alternative': 0.85,
  'via:spelt': 0.6,
  'via:status': 0.5,
  'via:status-only': 1,
  'via:variant-text': 0.9,
  'via:variant-weak': 0.3,
  'via:text': 0.2,
  'via:family': 0.2,
  case: 0.05,
  'who:own': 0.3,
  'who:standard': 0.2,
  'who:http': 0,
  'who:none': 0.15,
  'who:other': -0.1,
  variant: 0.15,
  place: 0.1,
  http: 0.02,
  flow: 0.3,
  fuzzy: 0.6,
  words: 0.6,
  pairs: 0.3,
}

/** The standards' pseudo-providers: no sender of their own. */
export const STANDARDS = new Set(['http', 'oauth', 'saml', 'unknown'])

/** Whether an entry of `owner` may explain an error `sender` sent (see rankEntries). */
function related(catalog: Catalog, sender: null | string | undefined, owner: string): boolean {
  if (!sender || sender === owner || STANDARDS.has(sender) || STANDARDS.has(owner)) return true
  const a = catalog.providers.get(sender)
  const b = catalog.providers.get(owner)
  if (!a || !b) return true
  return Boolean(a.library || b.library || b.local || a.parent === owner || b.parent === sender)
}

function who(entry: EntryHead, provider: null | string | undefined): Who {
  // A status looked up as itself (provider `http`) is the HTTP entry's own code.
  if (provider && entry.provider === provider) return 'own'
  if (entry.provider === 'http') return 'http'
  if (entry.provider === 'oauth') return 'standard'
  return provider ? 'other' : 'none'
}

/** The linear score of a candidate's features (scripts/fit-match.ts fits the weights with this same function). */
const FLOWS = new Set<string>(['ciba', 'device_flow'])

export function scoreOf(f: Candidate['features'], weights: Record<string, number>): number {
  const w = (k: string) => weights[k] ?? 0
  // Whose entry it is says most when the entry was found by the error's code; one found by its words counts as
  // the provider's only as far as its words are the query's (a named provider's entry with none of the words is
  // no answer).
  const whose = byWords(f.via) ? Math.min(1, Math.max(f.words, f.fuzzy, f.pairs)) : 1
  return (
    w(`via:${f.via}`) +
    w(`who:${f.who}`) * whose +
    w('variant') * f.variant +
    w('place') * f.place +
    w('http') * f.http +
    w('flow') * f.flow +
    w('case') * f.case +
    w('fuzzy') * f.fuzzy +
    w('words') * f.words +
    w('pairs') * f.pairs
  )
}

/**
 * The candidates' order, for rankEntries and for the fit's trial weights alike: the higher score first; entries
 * nothing tells apart go to the provider that sends such errors more often, then in the catalog's order.
 */
export function rankOrder(
  a: Candidate,
  scoreA: number,
  b: Candidate,
  scoreB: number,
  prevalence: (slug: string) => number,
): number {
  return scoreB - scoreA || prevalence(b.head.provider) - prevalence(a.head.provider) || a.index - b.index
}

/** A candidate's entry is parsed only when read: a prototype getter, not one closure per candidate. */
class Found implements Candidate {
  probability = 0
  constructor(
    private readonly catalog: Catalog,
    public features: Candidate['features'],
    public head: EntryHead,
    public index: number,
    public raw: number,
  ) {}

  get entry(): CatalogEntry {
    return this.catalog.entry(this.index)
  }
}

const merged = new WeakMap<MatchModel, Record<string, number>>()

export function rankEntries(catalog: Catalog, q: MatchQuery, m: MatchModel = model().match): Candidate[] {
  let weights = merged.get(m)
  if (!weights) merged.set(m, (weights = {...DEFAULT_WEIGHTS, ...m.weights}))
  const description = q.description?.split('\n')[0] ?? null
  const found = new Map<number, Candidate>()
  const unfit = new Map<number, Candidate>()
  // Word pairs are for messages and plain words; a single token (`invalid_grnt`) is fuzzy search's.
  const queryPairs = q.text?.length && description && /\s/.test(description.trim()) ? pairsOf(description) : null
  // Scored on the entries' heads: the text of an entry is parsed only when a caller reads `entry` (a code such as
  // invalid_grant has over a hundred candidates, of which a run shows a few).
  const consider = (index: number, via: Via, fuzzy = 0, words = 0) => {
    const entry = catalog.head(index)
    if (q.strict && q.provider && entry.provider !== q.provider) return
    // A vendor's error code 100 is no `100 Continue`: a status below 400 explains an error only when the query
    // is that status itself.
    if (entry.provider === 'http' && !q.travelsWith && /^[123]\d\d$/.test(entry.code) && via !== 'text') return
    // Another vendor's entry for the same code explains a vendor's error only where something relates them (one
    // family, or a library between them): AWS's AccessDenied is not Auth.js's.
    if (!related(catalog, q.provider, entry.provider)) return
    // A variant is a provider's wording for its code: it applies only when the description fits. Without a
    // description it cannot be checked, and stands in only where its provider has no other entry (below: unfit).
    // An entry without variants whose alias is the message itself (`General Authentication Error`) fits it too.
    let variant = entry.match
      ? description === null
        ? 0
        : descriptionMatches(entry.match, description) ||
            // The message as sent may open with its code (`TokenExpired: token expired at …`), which a reader split off.
            (q.code ? descriptionMatches(entry.match, `${q.code}: ${description}`) : false)
          ? 1
          : -1
      : description !== null && entry.aliases.some((a) => a.length >= 12 && descriptionMatches({text: a}, description))
        ? 1
        : 0
    // A code spelt out in a question's words has no error description to check a variant against; an entry found
    // by its words is a candidate whether or not its variant's exact wording fits (the variant feature says so).
    const unchecked = q.listVariants || via === 'spelt' || via === 'text' || via === 'family'
    if (variant < 0 && !unchecked) return
    const fits = !entry.match || variant > 0 || unchecked
    // A variant named by its own alias in a question's words (`What does "state mismatch" mean?`) is named, not
    // worded: the question is no wording of its to check.
    const named = (p: string) => entry.aliases.some((a) => normaliseKey(a) === normaliseKey(p))
    if (via === 'spelt' && variant < 0 && q.spelt?.some(named)) variant = 0
    const place = q.location && entry.where?.length ? (entry.where.includes(q.location) ? 1 : -1) : 0
    const http = q.http !== null && q.http !== undefined && entry.http.includes(q.http) ? 1 : 0
    // An entry of one grant's flow (device flow, CIBA) fits only when the error came from that flow.
    const flowOf = entry.where?.filter((w) => FLOWS.has(w)) ?? []
    const flow = flowOf.length === 0 ? 0 : q.location && flowOf.includes(q.location) ? 1 : -1
    const written = q.code !== null && q.code !== undefined && /[A-Z]/.test(q.code) ? q.code : null
    const sameCase =
      written !== null &&
      (via === 'code' || via === 'alias') &&
      (entry.code === written || entry.aliases?.includes(written))
    const wordsFeature = byWords(via) ? words : Math.max(words, q.similarity?.get(index) ?? 0)
    const features = {
      case: sameCase ? 1 : 0,
      flow,
      fuzzy,
      http,
      pairs: queryPairs ? sharedPairs(catalog, queryPairs, index) : 0,
      place,
      variant,
      via,
      who: who(entry, q.provider),
      // A code shared by many providers (`100`, `invalid_client`): the words around it tell which one. (A text
      // candidate has its own similarity: the long tail of shared common words is noise.)
      words: wordsFeature,
    }
    const raw = scoreOf(features, weights)
    const into = fits ? found : unfit
    const known = into.get(index)
    if (!known || known.raw < raw) into.set(index, new Found(catalog, features, entry, index, raw))
  }

  if (q.code) for (const hit of indexesForCode(catalog, q.code)) consider(hit.index, hit.via)
  for (const code of q.embedded ?? []) for (const hit of indexesForCode(catalog, code)) consider(hit.index, 'embedded')
  for (const code of q.alternatives ?? [])
    for (const hit of indexesForCode(catalog, code)) consider(hit.index, 'alternative')
  // A reason phrase in prose (`Module not found`) names no status: only a query that is the phrase does (search.ts).
  for (const code of q.spelt ?? [])
    for (const hit of indexesForCode(catalog, code))
      if (catalog.head(hit.index).provider !== 'http') consider(hit.index, 'spelt')
  // A variant that fits the description is a reading of its own, beside the code (`TokenError: Invalid "code" in
  // request.` is Discord's invalid_grant wording behind a library's class).
  // (Not when the description is the code itself, as in a lookup of a bare code.)
  if (description && (!q.code || normaliseKey(description) !== normaliseKey(q.code))) {
    for (const entry of variantsFor(catalog, description))
      consider(catalog.indexOf(entry.id), specificVariant(entry) ? 'variant-text' : 'variant-weak')
  }

  if (q.http !== null && q.http !== undefined) {
    for (const hit of catalog.exactIndexes(String(q.http))) {
      const head = catalog.head(hit.index)
      const own = head.code === String(q.http) && (head.provider === 'http' || head.provider === q.provider)
      // With no code at all, the status is the error: its entry is the explanation, not a fallback.
      if (own || (q.travelsWith && hit.kind === 'status')) consider(hit.index, q.code ? 'status' : 'status-only')
    }
  }

  for (const t of q.text ?? []) consider(t.index, 'text', t.fuzzy, t.words)
  for (const f of familyReadings(catalog, q.text ?? [], (slug) => STANDARDS.has(slug)))
    consider(f.index, 'family', f.fuzzy, f.words)
  // A provider's only entries for a code are variants and the error has no description: the code is still its
  // own, so the first of them stays.
  // (An entry found only by its words covers nothing: its code reading, when stronger, replaces it.)
  const has = (c: Candidate) => `${c.head.provider}\u0000${normaliseKey(c.head.code)}`
  const covered = new Set([...found.values()].filter((c) => !byWords(c.features.via)).map(has))
  for (const c of [...unfit.values()].sort((a, b) => b.raw - a.raw)) {
    const known = found.get(c.index)
    if (covered.has(has(c)) || (known && (!byWords(known.features.via) || known.raw >= c.raw))) continue
    found.set(c.index, c)
    covered.add(has(c))
  }
  // A team's entry never outranks a built-in entry for the same code silently: it goes just below it (and is
  // labelled as the team's wherever it is shown, search.ts toMatch).
  const builtin = new Map<string, number>()
  for (const c of found.values()) {
    if (catalog.teamSource(c.index)) continue
    const k = normaliseKey(c.head.code)
    builtin.set(k, Math.max(builtin.get(k) ?? -Infinity, c.raw))
  }

  for (const c of found.values()) {
    const top = catalog.teamSource(c.index) ? builtin.get(normaliseKey(c.head.code)) : undefined
    if (top !== undefined && c.raw >= top) c.raw = top - 0.001
  }

  const prevalence = prevalenceTable(m)
  const out = [...found.values()].sort((a, b) => rankOrder(a, a.raw, b, b.raw, (slug) => prevalence.get(slug) ?? 0))
  for (const c of out) c.probability = calibrate(m.calibration, c.raw)
  return out
}

/** The `matchedBy` of lookup's JSON contract for a candidate. */
export function matchedBy(c: Candidate): 'alias' | 'code' | 'description' | 'fuzzy' | 'namespace' | 'status' {
  if (
    (c.features.variant > 0 && c.head.match) ||
    c.features.via === 'variant-text' ||
    c.features.via === 'variant-weak'
  )
    return 'description'
  switch (c.features.via) {
    case 'alias':
    case 'namespace':
    case 'status': {
      return c.features.via
    }

    case 'status-only': {
      return 'status'
    }

    case 'family':
    case 'text': {
      return 'fuzzy'
    }

    default: {
      return 'code'
    }
  }
}
