/**
 * The provider records' evidence (src/data, schema.ts), compiled once per catalog into lookups that read a paste
 * in one pass each: a domain map walked by suffix, a word set for single-word names, literal searches for the
 * rest. No provider is named here: every fact comes from the records, built-in or a team's.
 */
import {readFileSync} from 'node:fs'

import type {Catalog} from '../catalog/catalog.js'
import {UNSPACED_SCRIPTS} from '../catalog/normalise.js'
import type {Envelope, ProviderRecord} from '../catalog/types.js'

/** A character of a script written without spaces: it ends a word (normalise.ts). */
const UNSPACED = new RegExp(`[${UNSPACED_SCRIPTS}]`, 'u')

/** Kinds of evidence; each has one weight, fitted on the training split (src/data/model/weights.json). */
export const EVIDENCE_KINDS = [
  'host-request',
  'host-issuer',
  'host-error-uri',
  'host-realm',
  'host-callback',
  'host-mention',
  'derived-host',
  'domain-named',
  'path',
  'header',
  'code-format',
  'code-format-in-text',
  'product-name',
  'sdk-name',
  'library-name',
  'phrase',
  'envelope',
  'callback-param',
  'catalog-code',
  'catalog-code-local',
  'catalog-number',
  'catalog-alias',
  'catalog-variant',
  'catalog-variant-weak',
  // A library's wording (Spring Security OAuth's `Invalid authorization code: …`): it names the software, which
  // many operators run, more than who sent the error.
  'catalog-variant-library',
] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]

type NameKind = 'library-name' | 'product-name' | 'sdk-name'

export interface Hint {
  kind: EvidenceKind
  provider: string
  reason: string
}

interface HeaderRule {
  name: string
  namePrefix: boolean
  provider: string
  spec: string
  value?: string
  valuePrefix: boolean
}

interface Literal {
  provider: string
  text: string
}

export interface CompiledEvidence {
  codeFormats: {provider: string; re: RegExp; source: string}[]
  domains: Map<string, string[]>
  envelopes: {envelope: Envelope; provider: string}[]
  callbackParams: Map<string, string[]>
  /** Callback parameters listing a provider's codes as numbers, with the prefix that makes them codes. */
  callbackCodes: {param: string; prefix: string}[]
  /** Providers' pages for one code (`codePage`): the link decode's notes give. */
  codePages: {provider: string; re: RegExp; url: string}[]
  headers: HeaderRule[]
  /** Text that names a provider without being evidence (`com.github.`): blanked before the paste is read. */
  notEvidence: string[]
  /**
   * `notEvidence` with `*` segments (`github.com/` and two of them: a repository link or a Go import path), as
   * pattern sources; a segment never opens one of the record's own evidence paths (`github.com/login/oauth/…`
   * stays evidence).
   */
  notEvidenceLinks: string[]
  /** Names of request ids the generic rule does not read (`intuit_tid`), lower-case. */
  requestIds: string[]
  /**
   * The same names as one pattern (`intuit_tid: 1-5ebb…`, `intuit_tid 1-6283…`: the separator may be a space),
   * null when no record has any. The optional separator sits in a group with its own whitespace (two optional
   * runs side by side are quadratic).
   */
  requestIdPattern: null | RegExp
  /** Multi-word names, searched as literals. */
  longNames: (Literal & {kind: NameKind})[]
  parents: Map<string, string>
  paths: {pieces: string[]; provider: string; spec: string}[]
  phrases: Literal[]
  /** Single-word names (lower-case) -> providers, matched against the paste's words and CamelCase parts. */
  words: Map<string, {kind: NameKind; provider: string; text: string}[]>
}

const cache = new WeakMap<Catalog, CompiledEvidence>()

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * The catalog's evidence, compiled once per catalog; the built-in catalog's as the build compiled it
 * (dist/data/evidence.json: a cold run would spend several milliseconds walking 80 records for the same result).
 */
export function compiledEvidence(catalog: Catalog): CompiledEvidence {
  let c = cache.get(catalog)
  if (c) return c
  // (The build writes it with the meta, whose provider records leave their evidence to it.)
  const built = catalog.builtFile(EVIDENCE_FILE)
  c = built ? revive(readFileSync(built, 'utf8')) : compileEvidence(catalog.providers.values())
  cache.set(catalog, c)
  return c
}

export const EVIDENCE_FILE = 'evidence.json'

export function compileEvidence(records: Iterable<ProviderRecord>): CompiledEvidence {
  const c: CompiledEvidence = {
    callbackCodes: [],
    callbackParams: new Map(),
    codePages: [],
    codeFormats: [],
    domains: new Map(),
    envelopes: [],
    headers: [],
    longNames: [],
    notEvidence: [],
    notEvidenceLinks: [],
    requestIds: [],
    requestIdPattern: null,
    parents: new Map(),
    paths: [],
    phrases: [],
    words: new Map(),
  }
  for (const record of records) compileRecord(c, record)
  c.requestIdPattern = requestIdPattern(c.requestIds)
  return c
}

function requestIdPattern(requestIds: string[]): null | RegExp {
  if (requestIds.length === 0) return null
  const names = requestIds.map((n) => n.replace(/[.-]/g, (ch) => `\\${ch}`)).join('|')
  return new RegExp(`(?:^|[^\\w-])(${names})["']?[ \\t]*(?:(?:=>|:|=)[ \\t]*)?["']?([\\w:./=+-]{6,200})`, 'gi')
}

/** The compiled evidence as JSON (the build's evidence.json): maps as entry lists, patterns as their sources. */
export function serialiseEvidence(c: CompiledEvidence): string {
  return JSON.stringify({
    ...c,
    callbackParams: [...c.callbackParams],
    codeFormats: c.codeFormats.map(({provider, source}) => ({provider, source})),
    codePages: c.codePages.map(({provider, re, url}) => ({provider, source: re.source, url})),
    domains: [...c.domains],
    parents: [...c.parents],
    requestIdPattern: null,
    words: [...c.words],
  })
}

function revive(text: string): CompiledEvidence {
  const j = JSON.parse(text) as Omit<CompiledEvidence, 'codeFormats' | 'codePages'> & {
    callbackParams: [string, string[]][]
    codeFormats: {provider: string; source: string}[]
    codePages: {provider: string; source: string; url: string}[]
    domains: [string, string[]][]
    parents: [string, string][]
    words: [string, {kind: NameKind; provider: string; text: string}[]][]
  }
  return {
    ...j,
    callbackParams: new Map(j.callbackParams),
    codeFormats: j.codeFormats.map((f) => ({...f, re: new RegExp(f.source, 'i')})),
    codePages: j.codePages.map((p) => ({provider: p.provider, re: new RegExp(p.source), url: p.url})),
    domains: new Map(j.domains),
    parents: new Map(j.parents),
    requestIdPattern: requestIdPattern(j.requestIds),
    words: new Map(j.words),
  }
}

function compileRecord(c: CompiledEvidence, record: ProviderRecord): void {
  const provider = record.slug
  const ev = record.evidence
  if (record.parent) c.parents.set(provider, record.parent)
  if (record.codePage) {
    try {
      c.codePages.push({provider, re: new RegExp(record.codePage.pattern), url: record.codePage.url})
    } catch {
      // Validated at build and for team files; a broken one only loses its link.
    }
  }

  if (!ev) return
  for (const d of ev.domains ?? []) push(c.domains, d.toLowerCase(), provider)
  for (const p of ev.paths ?? []) c.paths.push({pieces: p.toLowerCase().split('*'), provider, spec: p})
  for (const h of ev.headers ?? []) {
    const [rawName, ...rest] = h.split(':')
    const name = rawName.trim().toLowerCase()
    const value = rest.length > 0 ? rest.join(':').trim().toLowerCase() : undefined
    c.headers.push({
      name: name.replace(/\*$/, ''),
      namePrefix: name.endsWith('*'),
      provider,
      spec: h,
      value: value?.replace(/\*$/, ''),
      valuePrefix: Boolean(value?.endsWith('*')),
    })
  }

  for (const f of ev.codeFormats ?? []) {
    try {
      c.codeFormats.push({provider, re: new RegExp(f, 'i'), source: f})
    } catch {
      // The schema checked it compiles; a team file loaded without validation cannot break detection.
    }
  }

  const productNames = new Set([record.name, provider, ...(record.aliases ?? [])].map((n) => n.toLowerCase()))
  // A library's name in a paste usually means it wrapped another sender's error: its own kind of evidence.
  const kind = (product: boolean): NameKind => (record.library ? 'library-name' : product ? 'product-name' : 'sdk-name')
  for (const name of ev.names ?? []) {
    const lower = name.toLowerCase()
    const k = kind(productNames.has(lower))
    // One word of a spaced script is looked up among the paste's words; anything else (several words, a dotted
    // package, a name in a script written without spaces: `微信`) as a literal.
    if (/^[A-Za-z\d]+$/.test(name) || (/^[\p{L}\p{N}]+$/u.test(name) && !UNSPACED.test(name)))
      push(c.words, lower, {kind: k, provider, text: name})
    else c.longNames.push({kind: k, provider, text: lower})
  }

  for (const p of ev.phrases ?? []) c.phrases.push({provider, text: p.toLowerCase()})
  const own = [...new Set((ev.paths ?? []).map((p) => /^\/([\w.-]+)\//.exec(p)?.[1]).filter(Boolean))]
  for (const t of ev.notEvidence ?? [])
    if (t.includes('*')) c.notEvidenceLinks.push(linkPattern(t.toLowerCase(), own as string[]))
    else c.notEvidence.push(t.toLowerCase())
  for (const n of ev.requestIds ?? []) if (!c.requestIds.includes(n.toLowerCase())) c.requestIds.push(n.toLowerCase())
  for (const envelope of ev.envelopes ?? []) c.envelopes.push({envelope, provider})
  for (const p of ev.callbackParams ?? []) push(c.callbackParams, p.toLowerCase(), provider)
  c.callbackCodes.push(...(ev.callbackCodes ?? []))
}

/** Providers whose domains contain this host (walked from the full host up to its last two labels). */
export function providersForHost(c: CompiledEvidence, host: string): {domain: string; providers: string[]} | null {
  let h = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  for (let guard = 0; guard < 12 && h.includes('.'); guard++) {
    const hit = c.domains.get(h)
    if (hit) return {domain: h, providers: hit}
    h = h.slice(h.indexOf('.') + 1)
  }

  return null
}

const MAX_SCAN = 512 * 1024

/**
 * The words of a text and their CamelCase parts, lower-cased (`MsalServiceException` gives msal, service, ...),
 * and apart from them neighbouring parts joined (`GitLabApiException` gives gitlab): a product name is often two
 * capitalised words, but a joined pair must not pose as an SDK's class name (`OAuth2AuthenticationException` is
 * no `AuthenticationException`), so only product names are looked up among the pairs.
 */
const WORD = new RegExp(`(?:(?![${UNSPACED_SCRIPTS}])[\\p{L}\\p{N}]){1,100}`, 'gu')
const ASCII_WORD = /[A-Za-z\d]{1,100}/g
// ASCII first: a pattern with Unicode property classes costs a cold run about half a millisecond to compile, and
// most pastes and names are ASCII.
const ascii = (c: string) => c.charCodeAt(0) < 0x80
/** A word character that joins its neighbours into one word. */
const isWordChar = (c: string) => (ascii(c) ? /[A-Za-z\d]/.test(c) : /[\p{L}\p{N}]/u.test(c) && !UNSPACED.test(c))
const isLower = (c: string) => (ascii(c) ? c >= 'a' && c <= 'z' : /\p{Ll}/u.test(c))
const isUpper = (c: string) => (ascii(c) ? c >= 'A' && c <= 'Z' : /\p{Lu}/u.test(c))
const isLowerOrDigit = (c: string) => (ascii(c) ? /[a-z\d]/.test(c) : /[\p{Ll}\p{N}]/u.test(c))

export function wordsOf(text: string): {pairs: Set<string>; words: Set<string>} {
  const words = new Set<string>()
  const pairs = new Set<string>()
  const sample = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text
  for (const m of sample.matchAll(/^[\0-\x7F]*$/.test(sample) ? ASCII_WORD : WORD)) {
    const word = m[0]
    words.add(word.toLowerCase())
    if (!/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(word)) continue
    const parts = word.split(/(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).map((p) => p.toLowerCase())
    for (const [i, part] of parts.entries()) {
      words.add(part)
      if (i + 1 < parts.length) pairs.add(part + parts[i + 1])
    }
  }

  return {pairs, words}
}

/** A literal at a word boundary (or a CamelCase one) somewhere in the text; bounded occurrences. */
export function hasLiteral(text: string, lower: string, needle: string): boolean {
  for (let at = lower.indexOf(needle), n = 0; at >= 0 && n < 50; at = lower.indexOf(needle, at + 1), n++) {
    const before = text[at - 1] ?? ' '
    const after = text[at + needle.length] ?? ' '
    const first = text[at]
    const last = text[at + needle.length - 1]
    const startOk = !isWordChar(before) || (isLower(before) && isUpper(first))
    const endOk = !isWordChar(after) || (isUpper(after) && isLowerOrDigit(last))
    if (startOk && endOk) return true
  }

  return false
}

/** A path pattern (`/realms/*\/protocol/openid-connect/`): its literal pieces in order, one segment per `*`. */
export function hasPath(lower: string, pieces: string[]): boolean {
  const [first, ...rest] = pieces
  for (let at = lower.indexOf(first), n = 0; at >= 0 && n < 50; at = lower.indexOf(first, at + 1), n++) {
    let pos = at + first.length
    let ok = true
    for (const piece of rest) {
      const slash = lower.indexOf('/', pos)
      if (slash <= pos || slash - pos > 100 || /[\s?#]/.test(lower.slice(pos, slash))) {
        ok = false
        break
      }

      if (!lower.startsWith(piece, slash)) {
        ok = false
        break
      }

      pos = slash + piece.length
    }

    if (ok) return true
  }

  return false
}

export function headerMatches(rule: HeaderRule, name: string, value: string): boolean {
  const n = name.toLowerCase()
  if (rule.namePrefix ? !n.startsWith(rule.name) : n !== rule.name) return false
  if (rule.value === undefined) return true
  const v = value.trim().toLowerCase()
  return rule.valuePrefix ? v.startsWith(rule.value) : v === rule.value
}

/**
 * What a client says about the machine it runs on: a browser's whole user agent (`Mozilla/5.0 (Macintosh; …)
 * AppleWebKit/537.36 …`) and the platform comment after any product token (`curl/7.24.0 (x86_64-apple-darwin)`).
 * The server that sent the error is not in them.
 */
const CLIENT_PLATFORM = /Mozilla\/\d[^"\n]{0,600}|(?<=\b[\w.-]{1,40}\/\d[\w.-]{0,20}[ \t]?)\([^()\n]{1,300}\)/g

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** A `notEvidence` entry with `*` segments as a pattern: with or without a scheme, not inside a longer host. */
function linkPattern(spec: string, ownFirstSegments: string[]): string {
  const [head, ...rest] = spec.split('*')
  const notOwn = ownFirstSegments.length > 0 ? `(?!(?:${ownFirstSegments.map(escape).join('|')})/)` : ''
  return `(?<![\\w.-])(?:https?://)?${escape(head)}${notOwn}${rest.map((r) => `[\\w.-]{1,100}${escape(r)}`).join('')}`
}

const linkCache = new Map<string, RegExp>()

/** The text with every `notEvidence` literal and every client platform blanked (same length, so offsets hold). */
export function withoutNonEvidence(c: CompiledEvidence, text: string, lower = text.toLowerCase()): string {
  if (lower.length !== text.length) return text
  let out: null | string[] = null
  const blank = (at: number, length: number) => {
    out ??= text.split('')
    for (let i = at; i < at + length; i++) out[i] = ' '
  }

  for (const t of c.notEvidence)
    for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + t.length)) blank(at, t.length)
  if (text.includes('/')) for (const m of text.matchAll(CLIENT_PLATFORM)) blank(m.index, m[0].length)
  for (const source of c.notEvidenceLinks) {
    let re = linkCache.get(source)
    if (!re) linkCache.set(source, (re = new RegExp(source, 'gi')))
    for (const m of text.matchAll(re)) blank(m.index, m[0].length)
  }
  return out ? (out as string[]).join('') : text
}

/** Whether a host is one of the `notEvidence` literals (or under one). */
export function isNonEvidenceHost(c: CompiledEvidence, host: string): boolean {
  const h = host.toLowerCase()
  return c.notEvidence.some((t) => h === t || h.endsWith(`.${t}`))
}
