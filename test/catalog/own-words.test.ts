import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import type {CatalogEntry} from '../../src/catalog/types.js'
import {ROOT} from '../helpers/cli.js'

/**
 * Catalog text must be written in our own words: no run of SHINGLE or more consecutive words may be shared with a
 * source we keep as a fixture. Every source's 10-word windows go into one set, and every entry's windows are
 * looked up in it, so the check stays linear in the total text however many sources are added.
 */
const SHINGLE = 10

/** Lower-case words with punctuation dropped; apostrophes and hyphens join, so "don't" and "multi-tenant" are one word. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replaceAll(/['’-]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

function shingles(text: string): string[] {
  const w = words(text)
  const out: string[] = []
  for (let i = 0; i + SHINGLE <= w.length; i++) out.push(w.slice(i, i + SHINGLE).join(' '))
  return out
}

interface Source {
  text: string
  url: string
}

const SEEDS = join(ROOT, 'test', 'fixtures', 'seeds')
const SOURCES = join(ROOT, 'test', 'fixtures', 'sources')
const jsonFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()

/** Seeds are rows of {code, description}: each description is source wording the catalog must not copy. */
const seedSources: Source[] = jsonFiles(SEEDS).flatMap((f) =>
  (JSON.parse(readFileSync(join(SEEDS, f), 'utf8')) as {description?: string}[])
    .filter((r) => r.description)
    .map((r) => ({text: r.description!, url: `seed:${f}`})),
)

/** Provider doc excerpts: one JSON file per page, {url, title, excerpts: string[]}. */
const docSources: Source[] = jsonFiles(SOURCES).flatMap((f) => {
  const page = JSON.parse(readFileSync(join(SOURCES, f), 'utf8')) as {excerpts: string[]; url: string}
  return page.excerpts.map((text) => ({text, url: page.url}))
})

function sourceIndex(sources: Source[]): Map<string, string> {
  const index = new Map<string, string>()
  for (const s of sources) for (const sh of shingles(s.text)) if (!index.has(sh)) index.set(sh, s.url)
  return index
}

const TEXT_FIELDS = ['title', 'meaning', 'causes', 'fixes', 'notes'] as const
const entryText = (e: CatalogEntry): string[] =>
  TEXT_FIELDS.flatMap((k) => {
    const v = e[k]
    return v === undefined ? [] : Array.isArray(v) ? v : [v]
  })

/** Every shared window, as "id: words (source)"; one report per entry and source is enough to find it. */
function copied(entries: CatalogEntry[], index: Map<string, string>): string[] {
  const found: string[] = []
  for (const e of entries) {
    const seen = new Set<string>()
    for (const text of entryText(e))
      for (const sh of shingles(text)) {
        const url = index.get(sh)
        if (url && !seen.has(url)) {
          seen.add(url)
          found.push(`${e.id}: "${sh}" (${url})`)
        }
      }
  }

  return found
}

describe('catalog text is in our own words', () => {
  const {entries} = builtinCatalog()

  it('keeps source fixtures to check against, each with its https URL', () => {
    expect(seedSources.length).toBeGreaterThanOrEqual(20)
    expect(docSources.length).toBeGreaterThan(0)
    for (const f of jsonFiles(SOURCES)) {
      const page = JSON.parse(readFileSync(join(SOURCES, f), 'utf8')) as {excerpts: unknown; url: unknown}
      expect(String(page.url), f).toMatch(/^https:\/\//)
      expect(Array.isArray(page.excerpts) && page.excerpts.length > 0, f).toBe(true)
    }
  })

  it('finds a copied run, so the check itself works', () => {
    const source = docSources[0]
    const run = words(source.text)
      .slice(0, SHINGLE + 2)
      .join(' ')
    const fake = {...entries[0], causes: [`As the docs put it, ${run.toUpperCase()}!`], id: 'x/copy'}
    expect(copied([fake], sourceIndex([source]))).toHaveLength(1)
    const nine = words(source.text)
      .slice(0, SHINGLE - 1)
      .join(' ')
    expect(
      copied([{...fake, causes: [nine], fixes: [], meaning: '', notes: undefined, title: ''}], sourceIndex([source])),
    ).toEqual([])
  })

  it('shares no run of 10 words with the seed documents', () => {
    expect(copied(entries, sourceIndex(seedSources))).toEqual([])
  })

  it('shares no run of 10 words with the provider doc excerpts kept as fixtures', () => {
    expect(copied(entries, sourceIndex(docSources))).toEqual([])
  })
})
