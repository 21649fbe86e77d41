import type {LookupMatch} from '../catalog/search.js'

/** What the whole paste is, once the tolerated wrappers are gone (the `input.kind` of `decode --json`). */
export type InputKind =
  'callback_url' | 'html' | 'http_response' | 'json_body' | 'jwt' | 'saml' | 'text' | 'www_authenticate'

/** Where an error was read from; also tells the catalog which location (authorization response, token endpoint...) applies. */
export type ErrorSource = InputKind

/** Evidence that a provider sent an error (detect.ts weighs it). */
export type {Hint as ProviderHint} from './evidence.js'
import type {Hint} from './evidence.js'

export interface JwtTime {
  date: string
  /** "3 h ago", "in 20 min". */
  relative: string
  /** Seconds from now; negative is in the past. */
  secondsFromNow: number
}

/** A decoded JWT. The signature is never verified: errcode has no key and would not trust a pasted one. */
export interface JwtInfo {
  alg: null | string
  aud: null | string | string[]
  claims: Record<string, unknown>
  encrypted: boolean
  header: Record<string, unknown>
  iss: null | string
  signatureVerified: false
  times: {exp?: JwtTime; iat?: JwtTime; nbf?: JwtTime}
  typ: null | string
}

/** One error as an extractor read it, before provider detection and catalog matching. */
export interface RawError {
  /** Other codes that name the same error (an AADSTS number, an ErrorInfo reason, an SDK label). */
  alternatives: string[]
  code: null | string
  description: null | string
  errorUri: null | string
  fields: Record<string, unknown>
  /** Provider evidence the shape itself carries. */
  hints: Hint[]
  /** Hosts that belong to this error: its error_uri, the issuer, the host of the URL it came back on. */
  hosts: {host: string; role: HostRole}[]
  http: null | number
  /** Nested errors (Nylas's provider_error) are judged on their own evidence, not the paste's. */
  local?: boolean
  /** Offset in the scanned text, to find the nearest status line or request id. */
  offset: number
  requestId: null | string
  source: ErrorSource
  /** Values in this error that are secrets (authorization codes, tokens). */
  secrets: string[]
  /** True when the shape is the standard one (RFC 6749 error parameters, RFC 6750 challenge). */
  standard: boolean
  state: null | string
  /** How sure the extractor is that this is the error the user is asking about (0..1); the strongest comes first. */
  strength: number
  /** The body was cut off before its end. */
  truncated?: boolean
  /** How it was delivered, when that matters for the advice: `fragment`, `form_post`, `query`, `header`. */
  via?: string
}

export type HostRole = 'callback' | 'error_uri' | 'issuer' | 'mention' | 'realm' | 'request'

/** Facts about the paste as a whole, shared by its errors: statuses, request ids, hosts, headers. */
export interface Signals {
  headers: {name: string; offset: number; value: string}[]
  hosts: {host: string; offset: number; role: HostRole}[]
  jwts: {info: JwtInfo; offset: number; token: string}[]
  notes: string[]
  requestIds: {name: string; offset: number; value: string}[]
  secrets: Set<string>
  statuses: {offset: number; status: number; strength: number}[]
}

export type Confidence = 'high' | 'low' | 'medium'

/** One error in `decode --json`. The field list is a contract (issue 4, README). */
export interface DecodedError {
  code: null | string
  description: null | string
  errorUri: null | string
  fields: Record<string, unknown>
  http: null | number
  jwt: JwtInfo | null
  matches: LookupMatch[]
  provider: string
  providerConfidence: Confidence
  providerEvidence: string[]
  requestId: null | string
  state: null | string
}

export interface DecodeResult {
  errors: DecodedError[]
  input: {bytes: number; kind: InputKind}
  notes: string[]
}

export interface DecodeOptions {
  /** The catalog to explain errors with; the built-in one when absent. */
  catalog?: import('../catalog/catalog.js').Catalog
  /** Reference time for JWT exp/nbf/iat (tests pin it). */
  now?: number
  /** --provider: use this provider instead of detecting one. */
  provider?: string
  /** --show-secrets: print codes, tokens and passwords as they are. */
  showSecrets?: boolean
  /** For scripts/fit.ts: the evidence each error's provider was judged on. */
  trace?: (t: {hints: Hint[]; primary: boolean; raw: RawError}) => void
}

export function emptySignals(): Signals {
  return {headers: [], hosts: [], jwts: [], notes: [], requestIds: [], secrets: new Set(), statuses: []}
}

export function rawError(source: ErrorSource, offset: number, init: Partial<RawError> = {}): RawError {
  return {
    alternatives: [],
    code: null,
    description: null,
    errorUri: null,
    fields: {},
    hints: [],
    hosts: [],
    http: null,
    offset,
    requestId: null,
    secrets: [],
    source,
    standard: false,
    state: null,
    strength: 0.5,
    ...init,
  }
}
