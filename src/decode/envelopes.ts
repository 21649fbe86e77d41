/**
 * Provider error envelopes, read from the records (`evidence.envelopes`, schema.ts) by one mechanism: every
 * envelope whose `requires` all hold is a candidate, the most specific (most conditions) reads the body, and each
 * provider whose envelope matched that well gets it as evidence. The order of records never decides.
 */
import type {Envelope} from '../catalog/types.js'
import type {Json, JsonObject} from './relaxed-json.js'
import {type ErrorSource, type RawError, rawError} from './types.js'
import {bounded, hostOf, isIdToken, isReasonPhrase, looksLikeCode, obj, status, str} from './values.js'

export interface EnvelopeSet {
  envelopes: {envelope: Envelope; provider: string}[]
  /** The records' response headers, so a dict of headers inside a body is read as headers. */
  headers?: {name: string; namePrefix: boolean}[]
  /** The records' own request-id names (`intuit_tid`) as one pattern (evidence.ts). */
  requestIdPattern?: null | RegExp
}

export interface Recognised {
  error: RawError
  /** Bodies inside this error that are errors of their own (Nylas's provider_error). */
  nested: Json[]
}

/**
 * The value at a dotted path. Keys may contain dots themselves (`odata.error`, `.tag`), so at each level the
 * longest own key that the path starts with is taken; `[]` steps into an array's first element.
 */
export function valueAt(root: Json | undefined, path: string): Json | undefined {
  let node: Json | undefined = root
  let rest = path
  for (let guard = 0; guard < 16 && rest !== ''; guard++) {
    const o = obj(node)
    if (!o) return undefined
    let best: null | string = null
    for (const key of Object.keys(o)) {
      if (
        (rest === key || rest.startsWith(`${key}.`) || rest.startsWith(`${key}[]`)) &&
        key.length > (best?.length ?? -1)
      )
        best = key
    }

    if (best === null) return undefined
    node = o[best]
    rest = rest.slice(best.length)
    if (rest.startsWith('[]')) {
      node = Array.isArray(node) ? node[0] : undefined
      rest = rest.slice(2)
    }

    if (rest.startsWith('.')) rest = rest.slice(1)
  }

  return rest === '' ? node : undefined
}

const TYPES = new Set(['array', 'boolean', 'number', 'object', 'string'])

function typeOf(v: Json | undefined): string {
  if (Array.isArray(v)) return 'array'
  if (v === null) return 'null'
  return typeof v
}

export function holds(root: JsonObject, requirement: string): boolean {
  if (requirement.startsWith('!')) return valueAt(root, requirement.slice(1)) === undefined
  const eq = requirement.indexOf('=')
  if (eq > 0) {
    const v = valueAt(root, requirement.slice(0, eq))
    if (v === undefined || (typeof v === 'object' && v !== null)) return false
    return requirement
      .slice(eq + 1)
      .split('|')
      .includes(String(v))
  }

  const colon = requirement.lastIndexOf(':')
  if (colon > 0 && TYPES.has(requirement.slice(colon + 1))) {
    return typeOf(valueAt(root, requirement.slice(0, colon))) === requirement.slice(colon + 1)
  }

  return valueAt(root, requirement) !== undefined
}

/** A string (or a list of strings, joined) at the first of the paths that has one. */
function first(root: JsonObject, paths: string[]): {path: string; value: string}[] {
  const out: {path: string; value: string}[] = []
  for (const path of paths) {
    const v = valueAt(root, path)
    const value = Array.isArray(v)
      ? v
          .map((x) => str(x))
          .filter((x): x is string => x !== null)
          .join('; ') || null
      : str(v)
    if (value) out.push({path, value})
  }

  return out
}

/**
 * A code is a token (`invalid_grant`, `190`, `Errors.User.NotFound`), not a sentence or a reason phrase. A reason
 * phrase written as a constant (Square's `UNAUTHORIZED`, gRPC's `NOT_FOUND`) is an enum's value: a code.
 */
function isCodeLike(value: string): boolean {
  const phrase = isReasonPhrase(value) && !/^[A-Z][A-Z_]+$/.test(value)
  if (value.length > 100 || /^(?:error|errors|null|none|undefined|unknown)$/i.test(value) || phrase) return false
  return !/\s/.test(value.trim()) || (looksLikeCode(value) && value.split(/\s+/).length <= 2)
}

function codePart(value: string, spec: string | undefined): string {
  if (!spec) return value
  const [side, sep] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)]
  if (side === 'before') return value.split(sep)[0] || value
  return value.slice(value.lastIndexOf(sep) + 1) || value
}

/** Bare paths every error body has (`error`, `message`) say nothing about who sent it. */
const GENERIC = new Set(['error', 'errors', 'message', 'code', 'status', 'error_description', 'description', 'detail'])

function specificity(envelope: Envelope): number {
  return envelope.requires.filter((r) => !GENERIC.has(r.replace(/^!/, '').replace(/:\w+$/, ''))).length
}

function readWith(o: JsonObject, envelope: Envelope) {
  // A record may list a message path among its code paths as a last resort: a sentence is never the code.
  const read = first(o, envelope.code ?? []).map((c) => codePart(c.value, envelope.codePart))
  const codes = read.filter((c) => isCodeLike(c))
  const description = first(o, envelope.description ?? [])[0]?.value ?? read.find((c) => !isCodeLike(c)) ?? null
  const errorUri = first(o, envelope.errorUri ?? [])[0]?.value ?? null
  const fields = codes.length + Number(description !== null) + Number(errorUri !== null)
  return {codes, description, errorUri, fields}
}

export function readEnvelope(
  o: JsonObject,
  set: EnvelopeSet,
  http: null | number,
  source: ErrorSource,
  offset: number,
): null | Recognised {
  let best: {envelope: Envelope; provider: string}[] = []
  let bestSize = 0
  for (const candidate of set.envelopes) {
    const size = specificity(candidate.envelope)
    if (size === 0 || size < bestSize || !candidate.envelope.requires.every((r) => holds(o, r))) continue
    if (size > bestSize) best = []
    bestSize = size
    best.push(candidate)
  }

  if (best.length === 0) return null
  // Equally specific envelopes: the one that reads the most (a code first) reads the body.
  const readings = best.map((b) => ({b, r: readWith(o, b.envelope)}))
  readings.sort((x, y) => Number(y.r.codes.length > 0) - Number(x.r.codes.length > 0) || y.r.fields - x.r.fields)
  const {envelope} = readings[0].b
  const {codes, description, errorUri} = readings[0].r
  const uriHost = errorUri ? hostOf(errorUri) : null
  const error = rawError(source, offset, {
    alternatives: [...new Set(codes.slice(1))].filter((c) => c !== codes[0]),
    code: codes[0] ?? null,
    description,
    errorUri,
    fields: bounded(o) as Record<string, unknown>,
    hints: [...new Set(best.map((b) => b.provider))].map((provider) => ({
      kind: 'envelope' as const,
      provider,
      reason: `an error body shaped like ${provider}'s (${envelope.requires.join(', ')})`,
    })),
    hosts: uriHost ? [{host: uriHost, role: 'error_uri'}] : [],
    http: (envelope.status ?? []).map((p) => status(valueAt(o, p))).find((s) => s !== null) ?? http,
    // A placeholder the poster put in (`"trace_id": "<REMOVED>"`) is no id: the next of the record's paths may be.
    requestId: first(o, envelope.requestId ?? []).find((r) => isIdToken(r.value))?.value ?? null,
    strength: 0.9,
  })
  const nested = (envelope.nested ?? [])
    .map((p) => valueAt(o, p))
    .filter((v): v is Json => v !== undefined && v !== null)
  return {error, nested}
}
