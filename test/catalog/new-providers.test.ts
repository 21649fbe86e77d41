import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {lookup} from '../../src/catalog/search.js'
import {gradePaste, pastes, sideOf, split} from '../helpers/corpus.js'

// The providers and libraries added for issue 10, each found in real pastes from public threads (the corpus's
// training split only: validation pastes are never looked at one by one).
const ADDED = [
  'adobe',
  'atlassian',
  'authentik',
  'authjs',
  'box',
  'clerk',
  'discord',
  'dropbox',
  'duende',
  'facebook',
  'firebase',
  'fusionauth',
  'gitlab',
  'hubspot',
  'intuit',
  'jsonwebtoken',
  'linkedin',
  'notion',
  'omniauth',
  'openid-client',
  'ory',
  'passport',
  'paypal',
  'ping',
  'reddit',
  'shopify',
  'spotify',
  'spring-security',
  'stripe',
  'supabase',
  'transport',
  'twitch',
  'twitter',
  'wso2',
  'xero',
  'zitadel',
  'zoom',
]

describe('the added providers are found in real pastes', () => {
  const catalog = builtinCatalog()
  const training = pastes.filter((p) => sideOf(split.decode, p.id) === 'training')

  it.each(ADDED)('%s: decode names it for at least one of its real pastes, and has entries', async (provider) => {
    const own = training.filter((p) => p.expected.provider === provider)
    expect(own.length, `training pastes of ${provider}`).toBeGreaterThan(0)
    expect(own.some((p) => gradePaste(p, catalog).providerOk)).toBe(true)
    expect(catalog.providers.get(provider)?.count ?? 0).toBeGreaterThan(5)
    const {matches} = await lookup(catalog, catalog.entries.find((e) => e.provider === provider)!.code, {provider})
    expect(matches[0]?.provider).toBe(provider)
  })

  it('has at least 45 providers and 2,500 entries', () => {
    expect([...catalog.providers.values()].filter((p) => p.count > 0).length).toBeGreaterThanOrEqual(45)
    expect(catalog.size).toBeGreaterThanOrEqual(2500)
  })
})
