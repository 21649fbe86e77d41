import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {
  compareRedirectUris,
  describeDiff,
  diffKinds,
  inlineDiff,
  registeredFromError,
} from '../../src/probe/redirect-diff.js'

describe('diffKinds', () => {
  it.each([
    ['http://127.0.0.1:3000/callback/', 'http://127.0.0.1:3000/callback', ['trailing-slash']],
    ['http://app.example.com/cb', 'https://app.example.com/cb', ['scheme']],
    ['http://localhost:3000/cb', 'http://127.0.0.1:3000/cb', ['localhost-ip']],
    ['http://127.0.0.1:51004/cb', 'http://127.0.0.1/cb', ['loopback-port']],
    ['https://app.example.com:8443/cb', 'https://app.example.com/cb', ['port']],
    ['https://app.example.com:443/cb', 'https://app.example.com/cb', ['port']],
    ['https://app.example.com/Callback', 'https://app.example.com/callback', ['case']],
    ['https://App.example.com/cb', 'https://app.example.com/cb', ['case']],
    ['https://app.example.com/cb?next=/home', 'https://app.example.com/cb', ['query']],
    ['https://app.example.com/a%2Fb', 'https://app.example.com/a/b', ['encoding']],
    ['https://app.example.com/cb#x', 'https://app.example.com/cb', ['fragment']],
    ['https://app.example.com', 'https://app.example.com/', ['trailing-slash']],
    ['com.example.app:/oauth', 'com.example.app:/oauth2', ['path']],
  ])('%s vs %s', (sent, registered, kinds) => {
    expect(diffKinds(sent, registered)).toEqual(kinds)
  })

  it('names every kind that differs', () => {
    expect(diffKinds('https://localhost:4711/callback/', 'http://127.0.0.1/callback')).toEqual([
      'scheme',
      'localhost-ip',
      'port',
      'trailing-slash',
    ])
  })
})

describe('inlineDiff', () => {
  it('marks each part on its own, in git word-diff notation', () => {
    expect(inlineDiff('http://localhost:4711/callback/', 'http://127.0.0.1/callback')).toBe(
      'http://[-localhost-]{+127.0.0.1+}[-:4711-]/callback[-/-]',
    )
    expect(inlineDiff('https://app.example.com/cb', 'http://app.example.com/cb')).toBe('http[-s-]://app.example.com/cb')
    expect(inlineDiff('same', 'same')).toBe('same')
  })

  it('stays linear on long inputs', () => {
    const a = `https://app.example.com/${'a'.repeat(100_000)}`
    const started = performance.now()
    expect(inlineDiff(a, `${a}/`)).toBe(`${a}{+/+}`)
    expect(performance.now() - started).toBeLessThan(500)
  })
})

describe('rules from the data file', () => {
  it('applies exact match always and each kind its own rule, with the loopback port providers', () => {
    const diff = compareRedirectUris('http://localhost:4711/callback', 'http://127.0.0.1/callback')
    expect(diff.rules.map((r) => r.id)).toEqual(['exact-match', 'localhost-vs-loopback-ip', 'loopback-port'])
    const text = describeDiff(diff, 'flag')
    expect(text).toContain('Which providers apply it: GitHub (OAuth apps): yes')
    expect(text).toContain('registered (--registered-redirect-uri) http://127.0.0.1/callback')
  })

  it('every rule has text and https sources; every kind the comparer finds has a rule', () => {
    const file = JSON.parse(readFileSync(new URL('../../src/data/probe/redirect-rules.json', import.meta.url), 'utf8'))
    const whens = new Set(file.rules.map((r: {when: string}) => r.when))
    for (const kind of [
      'trailing-slash',
      'scheme',
      'localhost-ip',
      'loopback-port',
      'port',
      'case',
      'query',
      'fragment',
      'encoding',
    ])
      expect(whens.has(kind)).toBe(true)
    for (const r of file.rules) {
      expect(r.text.length).toBeGreaterThan(20)
      expect(r.sources.length).toBeGreaterThan(0)
      for (const s of r.sources) expect(s).toMatch(/^https:\/\//)
    }
  })

  it('identical URIs: the server refused something else', () => {
    expect(describeDiff(compareRedirectUris('https://a.example/cb', 'https://a.example/cb'), 'error')).toContain(
      'so the server refused something else',
    )
  })
})

describe('registeredFromError', () => {
  it('a message that names only the URI sent names no registered one', () => {
    // Google's error page, verbatim from https://github.com/googleapis/google-auth-library-python-oauthlib/issues/70
    const google =
      'The redirect URI in the request, http://localhost:8080/, does not match the ones authorized for the OAuth client.'
    expect(registeredFromError(google, 'http://localhost:8080/')).toBeNull()
  })

  it('picks the registered URI closest to the sent one, never an unrelated link', () => {
    const text =
      "redirect_uri did not match any of the client's registered redirect_uris (got: http://127.0.0.1:53123/callback/; registered: https://app.example.test/callback, http://127.0.0.1:53123/callback) see https://fonts.example.net/css"
    expect(registeredFromError(text, 'http://127.0.0.1:53123/callback/')).toBe('http://127.0.0.1:53123/callback')
    expect(registeredFromError(null, 'x')).toBeNull()
  })
})
