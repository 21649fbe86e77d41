/**
 * decode(text) -> DecodeResult: every error in a paste, the primary first, each with its provider (and the
 * evidence), its fields, a decoded JWT when there is one, and the catalog entries that explain it.
 * Pipeline: unwrap -> pick regions (large inputs) -> views (as pasted, prefix-stripped, unescaped once or twice)
 * -> extractors -> merge -> context (status, request id) -> provider -> catalog -> notes -> mask secrets.
 */
import type {Catalog} from '../catalog/catalog.js'
import {builtinCatalog} from '../catalog/load.js'
import {callbackErrors} from './callback.js'
import {explain, locationOf} from './explain.js'
import {enrich, listedState} from './enrich.js'
import {htmlErrors} from './html.js'
import {classifyInput, formatBytes, selectRegions, stripLinePrefix, unwrapPaste} from './input.js'
import {exceptionErrors} from './exceptions.js'
import {findJwts} from './jwt.js'
import {messageErrors} from './message.js'
import {mergeErrors} from './merge.js'
import {errorNotes} from './notes.js'
import {detectProvider, type Hint, pasteHints} from './detect.js'
import {compiledEvidence} from './evidence.js'
import {displayName} from './hosts.js'
import {findSecrets, maskResult} from './redact.js'
import {samlErrors} from './saml-errors.js'
import {findObjects, readRList} from './relaxed-json.js'
import type {EnvelopeSet} from './envelopes.js'
import {errorsInObject} from './shapes.js'
import {xmlObjects} from './xml.js'
import {
  addHeader,
  findHeaders,
  findHosts,
  findRequestIds,
  findStatuses,
  nearestRequestId,
  nearestStatus,
} from './signals.js'
import {textErrors, type TextOptions} from './text.js'
import {
  type DecodedError,
  type DecodeOptions,
  type DecodeResult,
  emptySignals,
  type RawError,
  rawError,
  type Signals,
} from './types.js'
import {cleanCode, cleanMessage, hostOf, isNotAMessage} from './values.js'
import {challengeErrors, findChallenges} from './www-authenticate.js'

export type {DecodedError, DecodeOptions, DecodeResult} from './types.js'

const MAX_ERRORS = 10
const CHALLENGE_MARKER = /www-authenticate|bearer|dpop/i

/** One level of JSON/C string escaping undone: `{\"error\":...}` in a log line becomes `{"error":...}`. */
function unescapeOnce(s: string): string {
  return s.replace(/\\(u[\da-fA-F]{4}|["'\\/nrtbf])/g, (_, e: string) => {
    if (e[0] === 'u') return String.fromCharCode(Number.parseInt(e.slice(1), 16))
    return ({b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'} as Record<string, string>)[e] ?? e
  })
}

/** The text as pasted, without a repeated line prefix, and unescaped up to three times (JSON inside JSON inside a log). */
function views(text: string): string[] {
  const out = [text]
  const stripped = stripLinePrefix(text)
  if (stripped !== text) out.push(stripped)
  let current = stripped
  for (let level = 0; level < 3 && /\\["\\nrtu]/.test(current); level++) {
    const next = unescapeOnce(current)
    if (next === current) break
    out.push(next)
    current = next
  }

  return out
}

function textOptions(catalog: Catalog): TextOptions {
  // Listed by the build with the catalog's columns: a decode never visits every entry for them.
  const {known, standard} = catalog.codeSets()

  const formats = compiledEvidence(catalog).codeFormats
  return {
    isFormatCode: (c) => c.length <= 100 && formats.some((f) => f.re.test(c)),
    // A code that is one plain word (Strava's `invalid`, `missing`) is a code in a body's field, never in prose:
    // `Error: Invalid signature` is a sentence.
    isKnownCode: (c) => known.has(c.toLowerCase()) && !/^[A-Za-z][a-z]+$/.test(c),
    isStandardCode: (c) => standard.has(c.toLowerCase()),
  }
}

const optionsCache = new WeakMap<Catalog, TextOptions>()

/** Run every extractor over one view of the paste. */
function extract(
  view: string,
  signals: Signals,
  options: TextOptions,
  now: number,
  envelopes: EnvelopeSet,
): RawError[] {
  const errors: RawError[] = [...callbackErrors(view)]
  const objects = findObjects(view)
  for (const o of objects) {
    // A member cut out of a larger body (`"error":{"id":…}`): read with its key, as the envelopes expect it.
    const key = /(?:^|[\s,[])["']([\w-]{1,60})["'][ \t]*:[ \t]*$/.exec(
      view.slice(Math.max(0, o.start - 80), o.start),
    )?.[1]
    const value = key ? {[key]: o.value} : o.value
    const found = errorsInObject(value, o.start, {envelopes, truncated: o.truncated})
    errors.push(...found.errors)
    for (const h of found.headers) {
      addHeader(h.name, h.value, o.start, signals)
      if (h.name === 'www-authenticate') errors.push(...challengeErrors(h.value, o.start))
    }
  }

  // Each reader only where its marker occurs: most pastes are short, and compiling patterns nobody needs costs
  // more than reading them.
  if (objects.length === 0 && view.includes('$')) {
    const r = readRList(view)
    if (r) errors.push(...errorsInObject(r, 0, {envelopes}).errors)
  }

  if (view.includes('</'))
    for (const x of xmlObjects(view)) errors.push(...errorsInObject(x.value, x.start, {envelopes}).errors)
  if (CHALLENGE_MARKER.test(view))
    for (const c of findChallenges(view)) errors.push(...challengeErrors(c.value, c.offset))
  if (view.includes('<')) errors.push(...htmlErrors(view, options))
  errors.push(...textErrors(view, options))
  if (/Error|Exception|Fault|\[|error \d/i.test(view))
    errors.push(...exceptionErrors(view, options.isKnownCode, options.isFormatCode))
  findStatuses(view, signals)
  findHeaders(view, signals)
  findRequestIds(view, signals, envelopes.requestIdPattern ?? null)
  findHosts(view, signals)
  findSecrets(view, signals.secrets)
  if (view.includes('eyJ'))
    for (const j of findJwts(view, now)) if (!signals.jwts.some((k) => k.token === j.token)) signals.jwts.push(j)
  return errors
}

export function decode(input: string, options: DecodeOptions = {}): DecodeResult {
  const now = options.now ?? Date.now()
  const catalog = options.catalog ?? builtinCatalog()
  let textOpts = optionsCache.get(catalog)
  if (!textOpts) optionsCache.set(catalog, (textOpts = textOptions(catalog)))
  const bytes = Buffer.byteLength(input, 'utf8')
  const {authorization, text} = unwrapPaste(input)
  // SAML first: a base64 SAMLResponse is one long opaque word to every other reader.
  const saml = /SAML|^\s*(?:<|[A-Za-z0-9+/]{40})/.test(text) ? samlErrors(text, now) : {errors: [], notes: []}
  const kind = saml.errors.length > 0 ? 'saml' : classifyInput(text)
  const region = selectRegions(text)
  const signals = emptySignals()
  if (authorization) signals.secrets.add(authorization)
  const found: RawError[] = [...saml.errors]
  const envelopes = compiledEvidence(catalog)
  for (const view of views(region.text)) found.push(...extract(view, signals, textOpts, now, envelopes))
  for (const e of found) if (isNotAMessage(e.description)) e.description = null
  let errors = mergeErrors(found)
  // The paste's listed state, read once for all its errors that carry none.
  let listed: undefined | {state: null | string}
  for (const e of errors) {
    enrich(e, catalog)
    e.http ??= nearestStatus(signals, e.offset)
    e.requestId ??= nearestRequestId(signals, e.offset)
    if (e.state === null) e.state = (listed ??= {state: listedState(region.text)}).state
    for (const s of e.secrets) signals.secrets.add(s)
  }

  if (errors.length === 0) {
    errors = fallbackErrors(signals, region.text, catalog)
    for (const e of errors) {
      e.requestId ??= nearestRequestId(signals, e.offset)
      if (e.state === null) e.state = (listed ??= {state: listedState(region.text)}).state
    }
  }

  errors = errors.slice(0, MAX_ERRORS)
  for (const j of signals.jwts) signals.secrets.add(j.token)

  const paste = pasteHints(catalog, region.text, signals)
  const name = (p: string) => displayName(p, catalog.providers.get(p)?.name)
  const decoded = errors.map((raw, i) =>
    toDecoded(raw, i === 0, {catalog, name, options, paste, signals, text: region.text}),
  )
  const notes: string[] = [...saml.notes]
  if (region.windows > 0)
    notes.push(
      `The input is large (${formatBytes(bytes)}); errcode read the ${region.windows} region(s) around likely errors.`,
    )
  if (decoded.length > 1)
    notes.push(
      `${decoded.length} errors in the paste; the first is the most likely cause, the others are listed after it.`,
    )
  for (const [i, d] of decoded.entries()) {
    for (const n of errorNotes(d, {catalog, name, raw: errors[i], signals}, i === 0))
      if (!notes.includes(n)) notes.push(n)
  }

  const result: DecodeResult = {errors: decoded, input: {bytes, kind}, notes}
  return options.showSecrets ? result : maskResult(result, signals.secrets)
}

/** The grant flow a paste shows (its parameters or its polling errors), when it shows one. */
function flowOf(text: string): 'ciba' | 'device_flow' | null {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text
  if (/device_code|user_code|authorization_pending|slow_down|device_authorization/.test(sample)) return 'device_flow'
  if (/auth_req_id|backchannel|bc-authorize/.test(sample)) return 'ciba'
  return null
}

interface Context {
  catalog: Catalog
  name: (provider: string) => string
  options: DecodeOptions
  paste: Hint[]
  signals: Signals
  text: string
}

function toDecoded(raw: RawError, primary: boolean, ctx: Context): DecodedError {
  // A code the catalog knows as written stays so (Prysmid's `expired_access_token/..` ends in dots).
  if (raw.code && !ctx.catalog.exactIndexes(raw.code).some((h) => h.kind !== 'fuzzy')) raw.code = cleanCode(raw.code)
  // OAuth 1.0a's Problem Reporting parameter quoted inside a message (Yahoo's `Please provide valid credentials.
  // OAuth oauth_problem="bearer_token_not_over_ssl", realm="yahooapis.com"`) is the error's code.
  const problem = raw.code ? null : /\boauth_problem=\\?"?([a-z][a-z_]{2,60})\b/.exec(raw.description ?? '')
  if (problem) raw.code = problem[1]
  // The JWT that belongs to this error: one inside its fields (a state, an assertion), else the paste's first for the primary.
  const inFields = JSON.stringify(raw.fields)
  const jwt = ctx.signals.jwts.find((j) => inFields.includes(j.token)) ?? (primary ? ctx.signals.jwts[0] : undefined)
  if (jwt?.info.iss && hostOf(jwt.info.iss) && !raw.code) raw.hosts.push({host: hostOf(jwt.info.iss)!, role: 'issuer'})
  const verdict = detectProvider(raw, ctx.paste, ctx.catalog, ctx.options.provider, (hints) =>
    ctx.options.trace?.({hints, primary, raw}),
  )
  const matches = explain(ctx.catalog, {
    alternatives: raw.alternatives,
    code: raw.code,
    description: raw.description,
    http: raw.http,
    location: flowOf(ctx.text) ?? locationOf(raw.source, raw.via, raw.http),
    provider: verdict.provider,
  })
  const fields: Record<string, unknown> = {...raw.fields}
  if (raw.alternatives.length > 0) fields.alternativeCodes = raw.alternatives
  if (raw.truncated) fields.truncated = true
  return {
    code: raw.code,
    description: cleanMessage(raw.description, raw.code),
    errorUri: raw.errorUri,
    fields,
    http: raw.http,
    jwt: jwt?.info ?? null,
    matches,
    provider: verdict.provider,
    providerConfidence: verdict.confidence,
    providerEvidence: verdict.evidence,
    requestId: raw.requestId,
    state: raw.state,
  }
}

/** No error body anywhere: an error status (curl -i with no body), else the JWTs themselves, else a sentence. */
function fallbackErrors(signals: Signals, text: string, catalog: Catalog): RawError[] {
  const failing = signals.statuses
    .filter((s) => s.status >= 400 && s.strength >= 0.6)
    .sort((a, b) => b.strength - a.strength || a.offset - b.offset)[0]
  if (failing) {
    const quoted = /\b(?:returned|responded with|message)\s*:?\s*"([^"\n]{2,300})"/i.exec(text)?.[1]
    const eol = text.indexOf('\n', failing.offset)
    const line = text.slice(failing.offset, eol < 0 ? undefined : eol)
    const reason = /^[\s<*:]*HTTP\/\d(?:\.\d)?\s+\d{3}[ \t]+(\S[^\n]{0,100})$/.exec(line)?.[1]?.trim()
    return [
      rawError('http_response', failing.offset, {
        description: quoted ?? reason ?? null,
        http: failing.status,
        requestId: nearestRequestId(signals, failing.offset),
        strength: 0.5,
      }),
    ]
  }

  if (signals.jwts.length === 0) return messageErrors(text, catalog)
  return signals.jwts.slice(0, 3).map((j) =>
    rawError('jwt', j.offset, {
      fields: {header: j.info.header},
      hosts: j.info.iss && hostOf(j.info.iss) ? [{host: hostOf(j.info.iss)!, role: 'issuer'}] : [],
      strength: 0.3,
    }),
  )
}
