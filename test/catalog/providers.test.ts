import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {lookup} from '../../src/catalog/search.js'
import {hasLiteral} from '../../src/decode/evidence.js'

// A cheap guard over every provider that has entries: its codes are reachable from lookup, and its record says
// how to recognise it in a paste (decode depends on that evidence; a record without any is silently invisible).
const catalog = builtinCatalog()
const withEntries = [...catalog.providers.values()].filter((p) => p.count > 0)
// Standards every vendor sends: no paste can be attributed to them, so their records carry no evidence by design.
const STANDARDS = new Set(['http', 'oauth', 'saml'])
const vendors = withEntries.filter((p) => !STANDARDS.has(p.slug))

describe('every provider with entries in the built-in catalog', () => {
  it('is more than a handful, so the loop below is not vacuous', () => {
    expect(withEntries.length).toBeGreaterThanOrEqual(45)
  })

  it.each(withEntries.map((p) => p.slug))('%s: lookup finds it for one of its codes', async (slug) => {
    const own = catalog.entries.filter((e) => e.provider === slug)
    // Prefer an entry without a description variant: its bare code is what a user types.
    const entry = own.find((e) => !e.match) ?? own[0]
    const {matches} = await lookup(catalog, entry.code, {provider: slug})
    expect(matches[0]?.provider, entry.id).toBe(slug)
    expect(matches.some((m) => m.code === entry.code)).toBe(true)
  })

  it('exempts only standards, each documented by its standards body', () => {
    for (const slug of STANDARDS) {
      expect(catalog.providers.get(slug)?.count ?? 0, slug).toBeGreaterThan(0)
      expect(catalog.providers.get(slug)?.docs, slug).toMatch(/^https:\/\/(www\.iana\.org|docs\.oasis-open\.org)\//)
    }
  })

  it.each(vendors.map((p) => p.slug))('%s: its record carries some evidence', (slug) => {
    const evidence = catalog.providers.get(slug)?.evidence ?? {}
    const kinds = Object.entries(evidence).filter(([, list]) => Array.isArray(list) && list.length > 0)
    expect(kinds.map(([kind]) => kind).length, `${slug} evidence`).toBeGreaterThan(0)
  })
})

describe("a provider's wording is its own", () => {
  // Wording is evidence only where other providers do not use it too. A library's message is quoted by the
  // providers built on it (jsonwebtoken's `jwt expired` in four SDK entries); plain English such as
  // "Authentication Failure" is in every other catalog and named OneLogin for a Salesforce error.
  const text = new Map<string, string>()
  for (const e of catalog.entries)
    text.set(
      e.provider,
      `${text.get(e.provider) ?? ''}\n${[e.title, e.meaning, e.match?.text ?? '', ...e.aliases].join('\n')}`,
    )
  const phrases = [...catalog.providers.values()].flatMap((p) =>
    (p.evidence?.phrases ?? []).map((phrase) => [p.slug, phrase] as const),
  )

  it('there are phrases to check', () => expect(phrases.length).toBeGreaterThan(50))

  it.each(phrases)('%s: %j is used by at most four other providers', (slug, phrase) => {
    const others = [...text].filter(([s, t]) => s !== slug && hasLiteral(t, t.toLowerCase(), phrase.toLowerCase()))
    expect(others.map(([s]) => s).length).toBeLessThanOrEqual(4)
  })
})
