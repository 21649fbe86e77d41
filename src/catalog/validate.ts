import {KINDS, LOCATIONS, WHO_ACTS} from './types.js'
import type {CatalogFile} from './types.js'

/** One problem in a catalog file, precise enough to find and fix: the entry and the field. */
export interface CatalogProblem {
  entry: null | string
  field: string
  message: string
}

const ENTRY_FIELDS: Record<string, 'optional' | 'required'> = {
  aliases: 'required',
  causes: 'required',
  code: 'required',
  docs: 'required',
  fixes: 'required',
  http: 'required',
  id: 'required',
  kind: 'optional',
  match: 'optional',
  meaning: 'required',
  notes: 'optional',
  oauthError: 'optional',
  official: 'optional',
  provider: 'required',
  retryable: 'required',
  spec: 'required',
  title: 'required',
  where: 'optional',
  whoActs: 'required',
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => isText(s))

/**
 * Check a parsed catalog file against the schema (docs/catalog-schema.md). Returns every problem found,
 * never throws, so one bad entry in a team's file can be reported without losing the rest.
 */
export function validateCatalogFile(data: unknown): CatalogProblem[] {
  const problems: CatalogProblem[] = []
  const add = (entry: null | string, field: string, message: string) => problems.push({entry, field, message})
  if (!isObject(data)) {
    add(null, '(file)', 'the file must hold a JSON object with "source", "providers" and "entries"')
    return problems
  }

  if (!isObject(data.source) || !isText(data.source.title) || !isText(data.source.url)) {
    add(null, 'source', 'needs {"title": string, "url": string}')
  }

  const slugs = new Set<string>()
  if (Array.isArray(data.providers)) {
    for (const [i, p] of data.providers.entries()) {
      if (!isObject(p) || !isText(p.slug) || !SLUG.test(p.slug) || !isText(p.name) || !isText(p.docs)) {
        add(null, `providers[${i}]`, 'needs {"slug": lower-case slug, "name": string, "docs": URL}')
      } else slugs.add(p.slug)
    }
  } else add(null, 'providers', 'must be an array of {slug, name, docs}')

  if (!Array.isArray(data.entries)) {
    add(null, 'entries', 'must be an array of entries')
    return problems
  }

  const seen = new Set<string>()
  for (const [i, raw] of data.entries.entries()) {
    const name = isObject(raw) && isText(raw.id) ? raw.id : `entries[${i}]`
    if (!isObject(raw)) {
      add(name, '(entry)', 'must be an object')
      continue
    }

    for (const key of Object.keys(raw)) if (!(key in ENTRY_FIELDS)) add(name, key, 'is not a field of the schema')
    for (const [key, need] of Object.entries(ENTRY_FIELDS)) {
      if (need === 'required' && !(key in raw)) add(name, key, 'is missing')
    }

    const e = raw
    if (isText(e.id)) {
      if (seen.has(e.id)) add(name, 'id', 'is used twice in this file')
      seen.add(e.id)
    } else add(name, 'id', 'must be a non-empty string')
    if (!isText(e.code)) add(name, 'code', 'must be a non-empty string')
    if (!isText(e.provider)) add(name, 'provider', 'must be a non-empty string')
    else if (!slugs.has(e.provider)) add(name, 'provider', `"${e.provider}" is not declared in "providers"`)
    if (isText(e.id) && isText(e.code) && isText(e.provider)) {
      const base = `${e.provider}/${e.code}`
      if (e.id !== base && !e.id.startsWith(`${base}#`)) add(name, 'id', `must be "${base}" or "${base}#variant"`)
    }

    if ('aliases' in e && !isTextList(e.aliases)) add(name, 'aliases', 'must be a list of strings')
    if ('http' in e && !(Array.isArray(e.http) && e.http.every((s) => Number.isInteger(s) && s >= 100 && s <= 599))) {
      add(name, 'http', 'must be a list of HTTP statuses (integers 100..599)')
    }

    for (const key of ['title', 'meaning', 'docs'] as const)
      if (key in e && !isText(e[key])) add(name, key, 'must be a non-empty string')
    if (isText(e.docs) && !/^https?:\/\/\S+$/.test(e.docs)) add(name, 'docs', 'must be a URL')
    for (const key of ['causes', 'fixes'] as const) {
      if (key in e && !(isTextList(e[key]) && e[key].length > 0))
        add(name, key, 'must be a list of at least one non-empty string')
    }

    if ('whoActs' in e && !WHO_ACTS.includes(e.whoActs as never))
      add(name, 'whoActs', `must be one of: ${WHO_ACTS.join(', ')}`)
    if ('retryable' in e && typeof e.retryable !== 'boolean') add(name, 'retryable', 'must be true or false')
    if ('spec' in e && e.spec !== null && !isText(e.spec)) add(name, 'spec', 'must be a string or null')
    if ('oauthError' in e && !isText(e.oauthError)) add(name, 'oauthError', 'must be a non-empty string')
    if ('notes' in e && !isText(e.notes)) add(name, 'notes', 'must be a non-empty string')
    if ('official' in e && typeof e.official !== 'boolean') add(name, 'official', 'must be true or false')
    if ('kind' in e && !KINDS.includes(e.kind as never)) add(name, 'kind', `must be one of: ${KINDS.join(', ')}`)
    if ('where' in e && !(Array.isArray(e.where) && e.where.every((w) => LOCATIONS.includes(w as never)))) {
      add(name, 'where', `must be a list of: ${LOCATIONS.join(', ')}`)
    }

    if ('match' in e) problems.push(...validateMatch(name, e.match))
  }

  return problems
}

function validateMatch(name: string, match: unknown): CatalogProblem[] {
  const bad = (message: string) => [{entry: name, field: 'match', message}]
  if (!isObject(match)) return bad('must be {"text": "..."} or {"pattern": "..."}')
  const keys = Object.keys(match)
  if (keys.length !== 1 || !(keys[0] === 'text' || keys[0] === 'pattern'))
    return bad('must have exactly one of "text" or "pattern"')
  const value = match[keys[0]]
  if (!isText(value)) return bad(`"${keys[0]}" must be a non-empty string`)
  if (keys[0] === 'pattern') {
    try {
      new RegExp(value, 'i')
    } catch (error) {
      return bad(`pattern does not compile: ${(error as Error).message}`)
    }
  }

  return []
}

/** Narrowing helper for callers that already know the file is valid. */
export function asCatalogFile(data: unknown): CatalogFile {
  return data as CatalogFile
}
