/**
 * lookup of a pasted message or plain words: the message is read the way decode reads a paste (its code,
 * description, provider and any codes of a provider's format inside it), and the catalog is searched by text for
 * the words. The matcher (match.ts) then ranks both kinds of candidate on one scale. Loaded only when a query is
 * not an exact code, so exact lookups never pay for decode.
 */
import {pasteHints, rank} from '../decode/detect.js'
import {compiledEvidence} from '../decode/evidence.js'
import {embeddedCodes} from '../decode/explain.js'
import {decode} from '../decode/index.js'
import {model} from '../decode/model.js'
import {emptySignals} from '../decode/types.js'
import {looksLikeCode, REASON_PHRASES} from '../decode/values.js'
import type {Catalog} from './catalog.js'
import {fuzzySearch} from './fuzzy.js'
import type {MatchQuery} from './match.js'
import {normaliseKey} from './normalise.js'
import {providerNames} from './providers.js'
import {firstSentence} from './search.js'
import {wordCandidates} from './words.js'

export async function readMessage(catalog: Catalog, query: string, provider: string | undefined): Promise<MatchQuery> {
  const e = decode(query, {catalog, provider}).errors[0]
  const description = e?.description ? firstSentence(e.description) : firstSentence(query)
  // A provider named in the words (`HubSpot: OAuth access token is not refreshed`), when decode found none.
  let namedProvider: null | string = null
  if (!provider && (!e || e.providerConfidence === 'low')) {
    const top = rank(catalog, pasteHints(catalog, query, emptySignals()))[0]
    if (top && top.score >= model().provider.threshold) namedProvider = top.provider
  }

  const sender = provider ?? (e && e.providerConfidence !== 'low' ? e.provider : namedProvider)
  const words = e?.description ? description : firstSentence(query)
  const similar = new Map<number, {fuzzy: number; index: number; words: number}>()
  const at = (index: number) => similar.get(index) ?? similar.set(index, {fuzzy: 0, index, words: 0}).get(index)!
  // fuse.js forgives typos in a code (`invalid_grnt`); for words, BM25 is the measure. A code in a provider's own
  // format that the catalog does not have (`AADSTS1234567`) is an unknown code, not a typo of a neighbour.
  // (A body written without spaces, `{"error":"access_denied",…}`, is a paste with a code, not a typo of one.)
  const single = !/\s/.test(query.trim()) && !e?.code
  const formatted = single && compiledEvidence(catalog).codeFormats.some((f) => f.re.test(query.trim()))
  if (single && !formatted)
    for (const r of await fuzzySearch(catalog, words, provider, 0.5)) at(r.index).fuzzy = r.score
  // A code the catalog lacks that opens with a provider's name (`tiktok_nonsense_code`): the name says whose error
  // it is, not which, so its entries are searched by the code's other words (each of TikTok's entries mentions
  // TikTok and would be found by that word alone). Typos are still looked for in the whole token (fuse.js above).
  const byWords = formatted
    ? null
    : wordCandidates(catalog, single ? withoutLeadingName(words, providerNames(catalog, sender)) : words, provider)
  for (const t of byWords?.text ?? []) at(t.index).words = t.words
  const similarity = byWords?.similarity ?? new Map<number, number>()
  const alternatives = Array.isArray(e?.fields.alternativeCodes) ? [...(e.fields.alternativeCodes as string[])] : []
  const named = (token: string) =>
    catalog.exactIndexes(token).some((h) => h.kind === 'code' || h.kind === 'id' || h.kind === 'alias')
  // Codes standing in plain words (`[Dropbox oauth] expired_access_token error from ...`); a code-shaped word the
  // catalog does not have may be one misspelt (`authorezation_request_not_found`): fuse.js is asked for it.
  let misspelt = 0
  for (const m of query.slice(0, 2000).matchAll(/[\w./-]{3,100}/g)) {
    const token = m[0].replace(/^[./-]+|[./-]+$/g, '')
    const shaped = looksLikeCode(token) || /^[a-z][\w-]*\/[a-z][\w-]*$/i.test(token) // `auth/unauthorized-domain`
    if (!shaped || token === e?.code || alternatives.includes(token)) continue
    if (named(token)) alternatives.push(token)
    else if (!single && token.includes('_') && token.length >= 10 && misspelt++ < 3)
      for (const r of await fuzzySearch(catalog, token, provider, 0.3)) at(r.index).fuzzy = r.score
  }

  // A code spelt out in words (`Invalid grant when Apple reviewers log in`, `Bad verification code?`): runs of
  // two to four words the catalog knows as a code once joined; the longest run wins over the words inside it.
  const spelt = spelledCodes(query, (phrase) => named(phrase)).filter(
    (c) => c !== e?.code && !alternatives.some((a) => normaliseKey(a) === normaliseKey(c)),
  )

  // A number the prose calls a code (`Application authentication failed, code 100`); `status code 404` is a status.
  for (const m of query.slice(0, 2000).matchAll(/(?<!status )\b(?:code|error)[ \t]*[:=#]?[ \t]*(\d{2,7})\b/gi))
    if (m[1] !== e?.code && !alternatives.includes(m[1]) && named(m[1])) alternatives.push(m[1])

  // The message's opening sentence written as an entry's alias (`Callback handler failed. CAUSE: …`).
  const opening = /^(.{6,120}?)[.!:](?:\s|$)/.exec(query.trim())?.[1]
  if (opening && !alternatives.includes(opening))
    for (const h of catalog.exactIndexes(opening)) {
      const code = catalog.head(h.index).code
      if (h.kind === 'alias' && !alternatives.includes(code)) alternatives.push(code)
    }

  return {
    alternatives,
    code: e?.code ?? null,
    description,
    embedded: embeddedCodes(catalog, query).filter((c) => c !== e?.code),
    http: e?.http ?? statusInWords(query),
    provider: sender,
    similarity,
    spelt,
    text: [...similar.values()],
  }
}

/**
 * Word runs that spell a code: only words separated by spaces (a sentence's punctuation ends a run), two to four
 * of them, longest first; a word inside a run already taken starts no other.
 */
export function spelledCodes(text: string, known: (phrase: string) => boolean): string[] {
  const runs: string[][] = [[]]
  for (const m of text.slice(0, 2000).matchAll(/[A-Za-z][A-Za-z\d]*|[^A-Za-z\d\s]+/g)) {
    if (/^[A-Za-z]/.test(m[0])) runs.at(-1)!.push(m[0])
    else if (runs.at(-1)!.length > 0) runs.push([])
  }

  const out: string[] = []
  for (const words of runs) {
    const taken = new Uint8Array(words.length)
    for (let n = Math.min(4, words.length); n >= 2; n--)
      for (let i = 0; i + n <= words.length; i++) {
        if (taken.subarray(i, i + n).some(Boolean)) continue
        const phrase = words.slice(i, i + n).join(' ')
        if (!known(phrase)) continue
        out.push(phrase)
        taken.fill(1, i, i + n)
      }
  }

  return [...new Set(out)]
}

/** The token without a leading name (`tiktok_nonsense_code` -> `nonsense_code`); as it is when nothing is left. */
function withoutLeadingName(token: string, names: string[]): string {
  const m = /^([\p{L}\p{N}]+)[^\p{L}\p{N}]+(?=[\p{L}\p{N}])/u.exec(token)
  return m && names.includes(m[1].toLowerCase()) ? token.slice(m[0].length) : token
}

/**
 * An error status a question names in its words (`Helix responds with 401`, `refresh token returns 401`): the
 * one 4xx or 5xx status the words mention, when decode read none. Two different statuses name neither.
 */
function statusInWords(query: string): null | number {
  if (!/\s/.test(query.trim())) return null
  const found = new Set<number>()
  for (const m of query.slice(0, 2000).matchAll(/(?<![\w.:/-])([45]\d\d)(?![\w.:/-])/g))
    if (Object.hasOwn(REASON_PHRASES, m[1])) found.add(Number(m[1]))
  return found.size === 1 ? [...found][0] : null
}
