/**
 * One error is often found several times: as a JSON body and again as a code in the same text, or in the raw
 * and the unescaped view of a log. Keep the strongest reading and fill its gaps from the others.
 */
import type {RawError} from './types.js'

const norm = (s: null | string) =>
  (s ?? '')
    .split('\n')[0]
    .replace(/[\s"'`]+/g, ' ')
    .trim()
    .toLowerCase()
    .slice(0, 300)
const codeKey = (s: string) => s.toLowerCase().replace(/[\s_.-]+/g, '_')

function describesSame(a: RawError, b: RawError): boolean {
  const da = norm(a.description)
  const db = norm(b.description)
  return !da || !db || da === db || da.includes(db) || db.includes(da)
}

function isSame(kept: RawError, e: RawError): boolean {
  if (e.code && kept.code && codeKey(e.code) === codeKey(kept.code)) return describesSame(kept, e)
  if (e.code) {
    // A code found in prose that the stronger reading already carries (AADSTS50076 inside its description).
    if (kept.alternatives.some((a) => codeKey(a) === codeKey(e.code!))) return true
    if (
      kept.description &&
      new RegExp(`(?:^|[^\\w])${e.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\w])`).test(kept.description)
    )
      return true
    return false
  }

  if (!e.description) return kept.http === e.http || e.http === null
  return (
    Boolean(kept.description) &&
    describesSame(kept, e) &&
    (!kept.code || e.source === 'html' || e.source === 'text' || e.strength <= kept.strength)
  )
}

function fill(kept: RawError, e: RawError): void {
  kept.description ??= e.description
  kept.state ??= e.state
  kept.requestId ??= e.requestId
  kept.http ??= e.http
  kept.errorUri ??= e.errorUri
  kept.via ??= e.via
  kept.standard ||= e.standard
  if (e.code && kept.code && codeKey(e.code) !== codeKey(kept.code) && !kept.alternatives.includes(e.code))
    kept.alternatives.push(e.code)
  for (const a of e.alternatives) if (a !== kept.code && !kept.alternatives.includes(a)) kept.alternatives.push(a)
  kept.hints.push(...e.hints)
  kept.hosts.push(...e.hosts.filter((h) => !kept.hosts.some((k) => k.host === h.host && k.role === h.role)))
  kept.secrets.push(...e.secrets)
  // Fields describe what the source carried; a code spotted in prose adds nothing to a parsed body's fields.
  if (e.source !== 'text' || kept.source === 'text')
    for (const [k, v] of Object.entries(e.fields))
      if (!Object.hasOwn(kept.fields, k))
        Object.defineProperty(kept.fields, k, {configurable: true, enumerable: true, value: v, writable: true})
}

/** Strongest first (ties: the earlier in the paste), duplicates folded in. */
export function mergeErrors(errors: RawError[]): RawError[] {
  const sorted = [...errors].sort(
    (a, b) => b.strength - a.strength || Number(Boolean(b.code)) - Number(Boolean(a.code)) || a.offset - b.offset,
  )
  const kept: RawError[] = []
  for (const e of sorted) {
    const same = kept.find((k) => isSame(k, e))
    if (same) fill(same, e)
    else kept.push(e)
  }

  return kept
}
