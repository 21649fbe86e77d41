import {loadCatalog} from '../catalog/load.js'
import {compareText} from '../catalog/normalise.js'
import {checkProvider, lookup, type LookupResult} from '../catalog/search.js'
import type {CatalogEntry, ProviderSummary} from '../catalog/types.js'
import {UsageError} from '../errors.js'
import {renderList, renderProviders} from '../render/list.js'
import {renderLookup} from '../render/lookup.js'
import type {RunContext} from './context.js'
import {type Outcome, positiveInt} from './outcome.js'

/** Flags every catalog-reading command shares. */
export interface CatalogFlags {
  catalog?: string[]
}

const load = async (flags: CatalogFlags, ctx: RunContext) =>
  loadCatalog({catalogFiles: flags.catalog, configDir: ctx.configDir, env: ctx.env})

/** The most a query may be; longer input is not a code but a paste (use decode). */
export const MAX_QUERY_CHARS = 4096

export async function runLookup(
  query: string,
  flags: CatalogFlags & {description?: string; limit?: number | string; provider?: string},
  ctx: RunContext,
): Promise<Outcome<LookupResult>> {
  if (query.trim() === '')
    throw new UsageError('the query is empty: give an error code, a status or words from a message', [
      'errcode lookup invalid_grant',
    ])
  const warnings: string[] = []
  let q = query
  if (q.length > MAX_QUERY_CHARS) {
    q = q.slice(0, MAX_QUERY_CHARS)
    warnings.push(
      `the query is ${query.length} characters; only the first ${MAX_QUERY_CHARS} were used (to explain a pasted response, use errcode decode)`,
    )
  }

  const limit = flags.limit === undefined ? undefined : positiveInt('limit', flags.limit, 1)
  const {catalog, warnings: loadWarnings} = await load(flags, ctx)
  const result = await lookup(catalog, q, {description: flags.description, limit, provider: flags.provider})
  const full = flags.provider ? Math.min(limit ?? 3, 3) : 1
  // Nothing confident enough: the closest candidates are shown as candidates, and the run exits 1.
  const exit = result.matches.length === 0 ? 1 : 0
  const text = renderLookup(result, ctx, {full})
  return {data: result, exit, text, warnings: [...loadWarnings, ...warnings]}
}

export interface ListResult {
  entries: CatalogEntry[]
}

export async function runList(
  flags: CatalogFlags & {provider?: string},
  ctx: RunContext,
): Promise<Outcome<ListResult>> {
  const {catalog, warnings} = await load(flags, ctx)
  const provider = checkProvider(catalog, flags.provider)
  const entries = catalog.entries.filter((e) => !provider || e.provider === provider)
  return {data: {entries}, exit: 0, text: renderList(entries, catalog.providers, ctx), warnings}
}

export interface ProvidersResult {
  providers: ProviderSummary[]
}

export async function runProviders(flags: CatalogFlags, ctx: RunContext): Promise<Outcome<ProvidersResult>> {
  const {catalog, warnings} = await load(flags, ctx)
  const providers = catalog
    .fullProviders()
    .filter((p) => p.count > 0)
    .sort((a, b) => compareText(a.slug, b.slug))
  return {data: {providers}, exit: 0, text: renderProviders(providers, catalog.size, ctx), warnings}
}
