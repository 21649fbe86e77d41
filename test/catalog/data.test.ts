import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {CatalogFile} from '../../src/catalog/types.js'
import {validateCatalogFile} from '../../src/catalog/validate.js'
import {ROOT} from '../helpers/cli.js'

const DATA = join(ROOT, 'src', 'data')
const files = readdirSync(DATA)
  .filter((f) => f.endsWith('.json'))
  .sort()
const load = (f: string) => JSON.parse(readFileSync(join(DATA, f), 'utf8')) as CatalogFile
const all = files.flatMap((f) => load(f).entries)

describe('the built-in catalog', () => {
  it.each(files)('%s follows the schema', (file) => {
    expect(validateCatalogFile(load(file))).toEqual([])
  })

  it('has unique ids across all files', () => {
    const seen = new Map<string, number>()
    for (const e of all) seen.set(e.id, (seen.get(e.id) ?? 0) + 1)
    expect([...seen].filter(([, n]) => n > 1).map(([id]) => id)).toEqual([])
  })

  it('gives every entry a meaning, a cause, a fix step and a docs URL', () => {
    const weak = all.filter(
      (e) => !e.meaning.trim() || e.causes.length === 0 || e.fixes.length === 0 || !/^https:\/\//.test(e.docs),
    )
    expect(weak.map((e) => e.id)).toEqual([])
  })

  it('keeps catalog text apart from the code: titles are one line', () => {
    expect(all.filter((e) => e.title.includes('\n')).map((e) => e.id)).toEqual([])
  })

  // Issue 3's floor per provider (catalog-facts.md's table). Auth0 counts without its log event codes.
  const floors: Record<string, number> = {
    apple: 14,
    auth0: 45,
    github: 18,
    google: 23,
    keycloak: 60,
    microsoft: 300,
    okta: 80,
    salesforce: 40,
    slack: 35,
    'aws-cognito': 10,
    http: 90,
    idnow: 20,
    nylas: 50,
    oauth: 50,
    prysmid: 30,
    zapier: 20,
  }
  it.each(Object.entries(floors))('has at least the expected entries for %s', (provider, floor) => {
    const count = all.filter((e) => e.provider === provider && !(provider === 'auth0' && e.kind === 'log_event')).length
    expect(count).toBeGreaterThanOrEqual(floor)
  })

  it('flags unofficial HTTP statuses and keeps the registered ones official', () => {
    const http = all.filter((e) => e.provider === 'http')
    expect(http.find((e) => e.code === '499')?.official).toBe(false)
    expect(http.find((e) => e.code === '429')?.official).not.toBe(false)
    expect(http.every((e) => e.http.length === 1 && String(e.http[0]) === e.code)).toBe(true)
  })
})
