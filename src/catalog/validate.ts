/**
 * Check a parsed catalog file against the schema (schema.ts). Returns every problem found, never throws, so one bad
 * entry in a team's file can be reported without losing the rest.
 */
import type {z} from 'zod'

import {CatalogFileSchema, EntrySchema} from './schema.js'

/** One problem in a catalog file, precise enough to find and fix: the entry and the field. */
export interface CatalogProblem {
  entry: null | string
  field: string
  message: string
}

/** Keys that name Object members (`__proto__`, `constructor`, `toString`...) are refused anywhere in a file. */
function problemsOf(error: z.ZodError, entry: null | string): CatalogProblem[] {
  return error.issues.slice(0, 20).map((issue) => {
    const field = issue.path.map(String).join('.') || '(file)'
    if (issue.code === 'unrecognized_keys')
      return {entry, field: issue.keys.join(', '), message: 'is not a field of the schema'}
    if (issue.code === 'invalid_type' && issue.input === undefined) return {entry, field, message: 'is missing'}
    return {entry, field, message: issue.message}
  })
}

function memberKeys(value: unknown, where: string, entry: null | string, out: CatalogProblem[], depth = 0): void {
  if (depth > 12 || typeof value !== 'object' || value === null) return
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key in Object.prototype)
      out.push({entry, field: `${where}${key}`, message: 'is not a field of the schema'})
    memberKeys((value as Record<string, unknown>)[key], `${where}${key}.`, entry, out, depth + 1)
  }
}

/** Member names anywhere: in an entry they are reported against the entry, by their path inside it. */
function memberProblems(data: object): CatalogProblem[] {
  const out: CatalogProblem[] = []
  for (const key of Object.keys(data)) {
    const value = (data as Record<string, unknown>)[key]
    if (key === 'entries' && Array.isArray(value)) {
      for (const [i, e] of value.entries()) {
        const id = typeof e === 'object' && e !== null && typeof (e as {id?: unknown}).id === 'string'
        memberKeys(e, '', id ? (e as {id: string}).id : `entries[${i}]`, out)
      }
    } else if (key === '__proto__' || key in Object.prototype)
      out.push({entry: null, field: key, message: 'is not a field of the schema'})
    else memberKeys(value, `${key}.`, null, out)
  }

  return out
}

export function validateCatalogFile(data: unknown): CatalogProblem[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return [
      {
        entry: null,
        field: '(file)',
        message: 'the file must hold a JSON object with "source", "providers" and "entries"',
      },
    ]
  const members = memberProblems(data)
  if (members.some((p) => p.entry === null)) return members
  const problems: CatalogProblem[] = [...members]
  const bad = new Set(members.map((p) => p.entry))
  const file = CatalogFileSchema.safeParse(data)
  if (!file.success) return problemsOf(file.error, null)
  const slugs = new Set(file.data.providers.map((p) => p.slug))
  const seen = new Set<string>()
  for (const [i, raw] of file.data.entries.entries()) {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as {id?: unknown}).id === 'string'
    const name = id ? (raw as {id: string}).id : `entries[${i}]`
    if (bad.has(name)) continue
    const entry = EntrySchema.safeParse(raw)
    if (!entry.success) {
      problems.push(...problemsOf(entry.error, name))
      continue
    }

    if (seen.has(entry.data.id)) problems.push({entry: name, field: 'id', message: 'is used twice in this file'})
    seen.add(entry.data.id)
    if (!slugs.has(entry.data.provider))
      problems.push({
        entry: name,
        field: 'provider',
        message: `"${entry.data.provider}" is not declared in "providers"`,
      })
  }

  return problems
}
