/**
 * What an error read from a paste gains from the rest of it once it is read: ids and codes its description
 * carries, an SDK enum path's wire code, a callback's numbered codes, and the state of the login the paste shows.
 */
import {camelToSnake} from '../catalog/candidates.js'
import type {Catalog} from '../catalog/catalog.js'
import {compiledEvidence} from './evidence.js'
import {embeddedCodes} from './explain.js'
import type {RawError} from './types.js'
import {decodeParam, TRACE_ID} from './values.js'

/**
 * An enriched description carries its own ids (`Trace ID: x Correlation ID: y`) and codes in a provider's own
 * format (`AADSTS50011: ...` inside an invalid_request): those become the error's request id and alternatives.
 */
export function enrich(e: RawError, catalog: Catalog): void {
  const d = e.description ?? ''
  const trace = TRACE_ID.exec(d)?.[1]
  const correlation =
    /Correlation ID:\s*([\da-f-]{8,})/i.exec(d)?.[1] ??
    (typeof e.fields.correlation_id === 'string' ? e.fields.correlation_id : undefined)
  if (trace) e.fields.traceId ??= trace
  if (correlation) e.fields.correlationId ??= correlation
  // A correlation id is the one the client sent; the trace id names the server's own request.
  if (trace && correlation && e.requestId === correlation) e.requestId = trace
  e.requestId ??= trace ?? null
  const add = (code: string) => {
    if (code !== e.code && !e.alternatives.includes(code)) e.alternatives.push(code)
  }

  for (const code of embeddedCodes(catalog, d)) add(code)
  // An SDK's enum path (`AuthFoundation.OAuth2ServerError.Code.invalidGrant`): its last member is the wire code.
  const member = e.code && /^(?:[A-Za-z_$][\w$]*\.){2,8}([a-z]+(?:[A-Z][a-z\d]+)+)$/.exec(e.code)?.[1]
  const wire = member ? camelToSnake(member) : null
  if (wire && !catalog.exactIndexes(e.code!).some((h) => h.kind !== 'fuzzy')) {
    if (catalog.exactIndexes(wire).some((h) => h.kind === 'code')) {
      e.alternatives.unshift(e.code!)
      e.code = wire
    }
  }

  // `error_codes=[50011]` in a callback: the records say which prefix makes the numbers codes.
  if (e.source === 'callback_url') {
    for (const {param, prefix} of compiledEvidence(catalog).callbackCodes) {
      const listed = Object.hasOwn(e.fields, param) ? String(e.fields[param]) : ''
      for (const n of listed
        .split(/[\s,[\]]+/)
        .filter((c) => /^\d{4,9}$/.test(c))
        .slice(0, 10))
        add(`${prefix}${n}`)
    }
  }
}

const unquote = (v: string) => /^(["'`])(.*)\1,?$/.exec(v)?.[2] ?? v

/**
 * The state of the login the paste shows, when it shows exactly one: the request's parameters listed one per line,
 * as Google's error page does under "Request Details" (`state=…`), or a URL's query (the callback an access log
 * recorded, `GET /callback?code=…&state=…`), for an error that carries none of its own.
 */
export function listedState(text: string): null | string {
  if (!text.includes('state')) return null
  const values = new Set<string>()
  const t = text.slice(0, 1024 * 1024)
  for (const m of t.matchAll(/^[ \t]*state[ \t]*[=:][ \t]*(\S{1,500})[ \t]*$/gm)) values.add(unquote(m[1]))
  // A request's parameters as a language prints them: `state: 'abc'` (JavaScript), `"state"=>"abc"` (Ruby),
  // `'state': 'abc'` (Python). A plain word there is some object's state (`"state": "active"`), not a login's.
  for (const m of t.matchAll(/(?:^|[\s{,(])["']?state["']?[ \t]*(?:=>|:)[ \t]*(["'])([^"'\s]{1,500})\1/gm))
    if (!/^[A-Za-z]{1,12}$/.test(m[2])) values.add(m[2])
  for (const m of t.matchAll(/[?&]state=([^&#\s"'`<>]{1,500})/g)) values.add(decodeParam(m[1]))
  return values.size === 1 ? [...values][0] : null
}
