import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {spelledCodes} from '../../src/catalog/message.js'
import {lookup} from '../../src/catalog/search.js'
import {tokenize} from '../../src/catalog/words.js'
import {NotFoundError, UsageError} from '../../src/errors.js'
import {ROOT} from '../helpers/cli.js'

const catalog = builtinCatalog()
const first = async (query: string, options = {}) => (await lookup(catalog, query, options)).matches[0]

describe('lookup: exact codes', () => {
  it.each([
    ['invalid_grant', 'oauth/invalid_grant'],
    ['INVALID-GRANT', 'oauth/invalid_grant'],
    ['invalid grant', 'oauth/invalid_grant'],
    ['refresh_token_invalid', 'nylas/grant.refresh_token_invalid'],
    ['grant.refresh_token_invalid', 'nylas/grant.refresh_token_invalid'],
    ['VAULT_ENTRY_DELETED', 'idnow/VAULT_ENTRY_DELETED'],
    ['429', 'http/429'],
    ['AADSTS50011', 'microsoft/AADSTS50011'],
    ['aadsts7000215', 'microsoft/AADSTS7000215'],
    ['50011', 'microsoft/AADSTS50011'],
    ['E0000011', 'okta/E0000011'],
    ['bad_verification_code', 'github/bad_verification_code'],
  ])('%s lands first on %s', async (query, id) => {
    expect((await first(query)).id).toBe(id)
  })

  it('shows every provider that sends a shared code, the standard first', async () => {
    const {matches} = await lookup(catalog, 'invalid_grant', {limit: 500})
    const providers = [...new Set(matches.map((m) => m.provider))]
    expect(providers[0]).toBe('oauth')
    for (const p of ['zapier', 'prysmid', 'nylas']) expect(providers).toContain(p)
    expect(matches.find((m) => m.provider === 'nylas')?.code).toBe('oauth2.invalid_grant')
  })

  it("finds Google's invalid_grant first with --provider google", async () => {
    expect((await first('invalid_grant', {provider: 'google'})).id).toBe('google/invalid_grant')
    const variant = await first('invalid_grant', {
      description: 'Token has been expired or revoked.',
      provider: 'google',
    })
    expect(variant.id).toBe('google/invalid_grant#token-expired-or-revoked')
  })

  it('narrows to one provider with --provider', async () => {
    const {matches} = await lookup(catalog, 'invalid_grant', {provider: 'zapier'})
    expect(matches.length).toBeGreaterThan(0)
    expect(matches.every((m) => m.provider === 'zapier')).toBe(true)
  })

  it('shows the HTTP status first for a number, then the codes that travel with it', async () => {
    const {matches} = await lookup(catalog, '429', {limit: 500})
    expect(matches[0].id).toBe('http/429')
    expect(matches.slice(1).some((m) => m.code === 'rate_limited' && m.provider === 'prysmid')).toBe(true)
    expect(matches.slice(1).every((m) => m.http.includes(429))).toBe(true)
  })

  it('picks the description variant with --description', async () => {
    const m = await first('invalid_request', {description: 'Token expired', provider: 'zapier'})
    expect(m.id).toMatch(/^zapier\/invalid_request#/)
    expect(m.variant?.toLowerCase()).toContain('token expired')
    expect(m.matchedBy).toBe('description')
  })

  it('reports the documented JSON fields', async () => {
    const m = await first('invalid_client')
    for (const key of [
      'id',
      'provider',
      'code',
      'http',
      'title',
      'meaning',
      'causes',
      'fixes',
      'whoActs',
      'retryable',
      'docs',
      'spec',
      'score',
    ]) {
      expect(m).toHaveProperty(key)
    }
  })
})

describe('lookup: fuzzy', () => {
  it.each([
    ['invalid_grnt', 'invalid_grant', 'oauth'],
    ['slug taken', 'workspace_slug_taken', 'prysmid'],
    ['vault entry deleted', 'VAULT_ENTRY_DELETED', 'idnow'],
    ['Too Many Requests', '429', 'http'],
  ])('%s finds %s first', async (query, code, provider) => {
    const m = await first(query)
    expect([m.code, m.provider]).toEqual([code, provider])
  })
})

describe('lookup: bad input', () => {
  it('rejects an empty query as a usage error', async () => {
    await expect(lookup(catalog, '   ')).rejects.toBeInstanceOf(UsageError)
  })

  it('answers a query that matches nothing with candidates, never with an entry', async () => {
    // (A build's heading before its error, https://github.com/Hexeption/MCP-Reborn/issues/391, says nothing.)
    const gradle = '* What went wrong:\nOut of memory. Java heap space'
    for (const query of ['zzqx_vorpal_blade', 'AADSTS1234567', 'relation "users" does not exist', gradle]) {
      const result = await lookup(catalog, query)
      expect(result.matches, query).toEqual([])
      expect(Array.isArray(result.closest), query).toBe(true)
    }

    // A typo of a real code is still found, and a code in a provider's format the catalog lacks is not guessed.
    expect((await lookup(catalog, 'invalid_grnt')).matches[0].id).toBe('oauth/invalid_grant')
    // A made-up code opening with a provider's name is no entry of that provider's (each of its entries names it);
    // a provider's real code written that way still is.
    for (const query of ['tiktok_nonsense_code', 'okta_blah_code'])
      expect((await lookup(catalog, query)).matches).toEqual([])
    expect((await lookup(catalog, 'slack_not_authed')).matches[0].id).toBe('slack/not_authed')
    expect((await lookup(catalog, 'AADSTS1234567')).matches).toEqual([])
  })

  it('copes with a 100 kB query, a regex-looking one and unicode', async () => {
    const big = await lookup(catalog, 'invalid_grant '.repeat(8000)).catch((e: unknown) => e)
    expect(big instanceof NotFoundError || Array.isArray((big as {matches?: unknown}).matches)).toBe(true)
    const regex = await lookup(catalog, '(a+)+$.*[').catch((e: unknown) => e)
    expect(regex instanceof NotFoundError || Array.isArray((regex as {matches?: unknown}).matches)).toBe(true)
    const uni = await lookup(catalog, 'ｉｎｖａｌｉｄ＿ｇｒａｎｔ')
    expect(uni.matches[0].id).toBe('oauth/invalid_grant')
  })

  it('suggests the nearest providers for an unknown one, and reads aliases', async () => {
    const error = await lookup(catalog, 'x', {provider: 'goggle'}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toContain('did you mean "google"')
    for (const [alias, slug, code] of [
      ['entra', 'microsoft', 'AADSTS50011'],
      ['azure-ad', 'microsoft', 'AADSTS50011'],
      ['cognito', 'aws-cognito', 'NotAuthorizedException'],
      ['AAD', 'microsoft', 'AADSTS50011'],
    ]) {
      const result = await lookup(catalog, code, {provider: alias})
      expect(new Set(result.matches.map((m) => m.provider))).toEqual(new Set([slug]))
    }
  })
})

describe('the catalog stays lazy: lookups and decode read shards and single entries, not the whole catalog', () => {
  it('answers codes, statuses, aliases, --provider, fuzzy and word queries and decode without loading every entry', async () => {
    const {execFileSync} = await import('node:child_process')
    // A fresh process on the built catalog (dist/), where the shards exist.
    const script = `
      const {builtinCatalog} = await import('./dist/catalog/load.js')
      const {lookup} = await import('./dist/catalog/search.js')
      const c = builtinCatalog()
      const out = []
      for (const q of ['invalid_grant', '429', 'AADSTS50011', 'Too Many Requests', 'refresh_token_invalid'])
        out.push([(await lookup(c, q)).matches[0].id, c.whole])
      out.push([(await lookup(c, 'invalid_grant', {provider: 'google'})).matches[0].provider, c.whole])
      await lookup(c, 'invalid_grnt')
      out.push(['after a fuzzy query', c.whole])
      await lookup(c, 'user cancelled the login')
      out.push(['after a words query', c.whole])
      const {decode} = await import('./dist/decode/index.js')
      decode('https://app.example/cb?error=access_denied&error_description=User%20denied&state=xyz', {catalog: c})
      decode('{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}', {catalog: c})
      out.push(['after two decodes', c.whole])
      out.push([String(c.entries.length), c.whole])
      console.log(JSON.stringify(out))`
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: ROOT, encoding: 'utf8'}),
    ) as [string, boolean][]
    expect(out).toEqual([
      ['oauth/invalid_grant', false],
      ['http/429', false],
      ['microsoft/AADSTS50011', false],
      ['http/429', false],
      ['nylas/grant.refresh_token_invalid', false],
      ['google', false],
      ['after a fuzzy query', false],
      ['after a words query', false],
      ['after two decodes', false],
      // Only a run that needs every entry (list) loads the whole catalog.
      [String(out.at(-1)![0]), true],
    ])
    expect(Number(out.at(-1)![0])).toBeGreaterThan(1000)
  })
})

describe('pasted messages named by their opening words or their own case', () => {
  it("a message opening with an entry's alias finds that entry (`Callback handler failed. CAUSE: ...`)", async () => {
    expect((await first('Callback handler failed. CAUSE: something the SDK did not expect'))?.id).toBe(
      'auth0/ERR_CALLBACK_HANDLER_FAILURE',
    )
  })

  it("a code written in one provider's own case ranks that provider first", async () => {
    expect((await first('BAD_REFRESH_TOKEN'))?.provider).toBe('hubspot')
    expect((await first('bad_refresh_token'))?.provider).toBe('github')
  })
})

describe('codes in the words of a message', () => {
  // Issue titles: https://github.com/routablehq/python-quickbooks/issues/120 and a Zoom API log line.
  it('a number the prose calls a code, told apart from other providers by the words around it', async () => {
    expect((await first('Application authentication failed, code 100'))?.id).toBe('intuit/100')
    expect((await first('OAuthException - This authorization code has expired. [code=100]'))?.id).toBe('facebook/100')
  })

  it('an error status a question names is that status', async () => {
    // https://github.com/PetterKraabol/Twitch-Python/issues/35
    expect((await first('Helix responds with 401'))?.id).toBe('http/401')
  })

  it('the message after a labelled code and a separator is its description', async () => {
    expect((await first('Error Code 124 > invalid access token'))?.id).toBe('zoom/124')
  })

  // Issue titles: https://github.com/geniushkg/github-oauth/issues/8,
  // https://github.com/BenjaminFavre/keycloak-apple-social-identity-provider/issues/23,
  // https://github.com/panva/openid-client/issues/49.
  it('a code spelt out in words, with the provider the words name', async () => {
    expect((await first('Bad verification code?'))?.id).toBe('github/bad_verification_code')
    expect((await first('Invalid grant when Apple reviewers logs in'))?.id).toBe('apple/invalid_grant')
    const question = await lookup(catalog, 'What does "state mismatch" mean? And what causes it?')
    expect([...question.matches, ...(question.closest ?? [])][0]?.provider).toBe('openid-client')
    expect(
      spelledCodes('bad verification code. invalid grant', (p) =>
        ['bad verification code', 'verification code', 'invalid grant'].includes(p),
      ),
    ).toEqual(['bad verification code', 'invalid grant'])
  })

  // https://github.com/waynerobinson/xeroizer/pull/509: the reader splits the code off the message.
  it('a variant worded with its code still fits once a reader has split the code off', async () => {
    expect((await first('"Detail"=>"TokenExpired: token expired at 03/03/2020 09:46:07",'))?.id).toBe(
      'xero/TokenExpired',
    )
  })

  it('reads British and American spellings as one word', () => {
    expect(tokenize('Unauthorised scope, user cancelled, organisation')).toEqual(
      tokenize('Unauthorized scope, user canceled, organization'),
    )
    expect(tokenize('promise otherwise wise')).toEqual(['promise', 'otherwise', 'wise'])
  })

  it('a misspelt code among words is still found, as a candidate', async () => {
    const r = await lookup(catalog, "authorezation_request_not_found although I'm getting authenticatedby GitHub")
    expect([...r.matches, ...(r.closest ?? [])][0]?.id).toBe('spring-security/authorization_request_not_found')
  })
})

describe('a line labelled as an error is one, whatever its words', () => {
  // https://github.com/ZainRk/Full-stack-real-estate-youtube/issues/14: a browser console's uncaught rejection.
  it("Auth0's wording behind a console prefix finds Auth0's entry", async () => {
    const r = await lookup(catalog, 'Uncaught (in promise) Error: Service not found: http://localhost:8000')
    expect(r.matches[0]?.provider).toBe('auth0')
  })
})

describe("a message every server words alike is the standard's code", () => {
  it("puts the standard's entry first when providers' entries for one code share the words", async () => {
    // https://github.com/Stellantis/stellantis.github.io/issues/98 (no provider named in the message)
    const r = await lookup(catalog, 'The provided access grant is invalid, expired, or revoked')
    const top = r.matches[0] ?? r.closest?.[0]
    expect(top?.provider).toBe('oauth')
    expect(top?.code).toBe('invalid_grant')
  })
})
