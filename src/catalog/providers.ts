/**
 * `--provider` for every command: a slug or one of its records' aliases (`entra`, `cognito`, `x`), else a usage
 * error that suggests the nearest names. One list, the catalog's provider records, for lookup and decode alike.
 */
import {UsageError} from '../errors.js'
import type {Catalog} from './catalog.js'
import {STANDARDS} from './match.js'

/**
 * The words a provider is called by in text: its slug, its aliases and its name's first word, lower-cased (none
 * for the standards' pseudo-providers, which no text names).
 */
export function providerNames(catalog: Catalog, slug: null | string): string[] {
  const p = slug ? catalog.providers.get(slug) : undefined
  if (!p || STANDARDS.has(p.slug)) return []
  return [p.slug, ...(p.aliases ?? []), p.name.split(/\s/)[0]].map((n) => n.toLowerCase()).filter((n) => n.length >= 3)
}

function aliasMap(catalog: Catalog): Map<string, string> {
  const out = new Map<string, string>()
  for (const p of catalog.providers.values()) {
    out.set(p.slug, p.slug)
    for (const a of p.aliases ?? []) if (!out.has(a)) out.set(a, p.slug)
  }

  return out
}

/** Levenshtein distance, bounded by the short strings it is used on. */
export function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length)
  let prev = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = cur
  }

  return prev[b.length]
}

/** The names nearest to `input`, best first (at most `limit`, within a quarter of its length). */
export function nearest(input: string, names: Iterable<string>, limit = 3): string[] {
  const budget = Math.max(1, Math.floor(input.length / 4))
  return [...names]
    .map((n) => ({d: n.startsWith(input) || input.startsWith(n) ? 0.5 : editDistance(input, n), n}))
    .filter((x) => x.d <= budget)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, limit)
    .map((x) => x.n)
}

/** The slug a provider name stands for (a slug, or one of its records' aliases); an unknown name as it is. */
export function providerSlug(catalog: Catalog, name: string): string {
  return aliasMap(catalog).get(name.trim().toLowerCase()) ?? name
}

export function resolveProvider(catalog: Catalog, input: string | undefined): string | undefined {
  if (input === undefined) return undefined
  const key = input.trim().toLowerCase()
  const names = aliasMap(catalog)
  const slug = names.get(key)
  if (slug) return slug
  const near = nearest(key, names.keys())
  const hint = near.length > 0 ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : 'see errcode providers'
  throw new UsageError(
    `unknown provider "${input}"; ${hint}`,
    near.length > 0 ? near.map((n) => `--provider ${names.get(n)}`) : ['errcode providers'],
  )
}
