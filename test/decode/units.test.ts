import {Chalk} from 'chalk'
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {decode} from '../../src/decode/index.js'
import {afterLastLabel} from '../../src/decode/message.js'
import {cleanDescription, isNotAMessage} from '../../src/decode/values.js'
import {classifyInput, isBinary, selectRegions, stripLinePrefix, unwrapPaste} from '../../src/decode/input.js'
import {decodeJwt, relativeTime} from '../../src/decode/jwt.js'
import {slugFromHost} from '../../src/decode/hosts.js'
import {findSecrets} from '../../src/decode/redact.js'
import {validationErrors} from '../../src/decode/shapes-common.js'
import {parseWwwAuthenticate} from '../../src/decode/www-authenticate.js'
import {renderDecode} from '../../src/render/decode.js'

const catalog = builtinCatalog()
const NOW = Date.parse('2026-01-01T00:00:00Z')

describe('tolerated wrappers', () => {
  it.each([
    ['  \n error=access_denied \n', 'error=access_denied'],
    ['> > {"error": "x"}', '{"error": "x"}'],
    ['"https://a.example/cb?error=x"', 'https://a.example/cb?error=x'],
    ['```json\n{"error":"x"}\n```', '{"error":"x"}'],
    ['\u001B[31m{"error":"x"}\u001B[0m', '{"error":"x"}'],
    ['error=x\r\n', 'error=x'],
  ])('%j -> %j', (raw, text) => {
    expect(unwrapPaste(raw).text).toBe(text)
  })

  it('a Bearer / Authorization value: the token is the input and a secret', () => {
    expect(unwrapPaste('Authorization: Bearer eyJa.eyJb.c')).toEqual({
      authorization: 'eyJa.eyJb.c',
      text: 'eyJa.eyJb.c',
    })
    // A challenge is not a token.
    expect(unwrapPaste('Bearer realm="x", error="invalid_token"').authorization).toBeNull()
  })

  it('a prefix repeated on every line (logcat, curl -v) is dropped', () => {
    expect(stripLinePrefix('D/Http( 42): {\nD/Http( 42):   "error": "x"\nD/Http( 42): }')).toBe('{\n  "error": "x"\n}')
    expect(stripLinePrefix('{\n  "error": "x",\n  "a": 1\n}')).toBe('{\n  "error": "x",\n  "a": 1\n}')
    // https://github.com/HubSpot/oauth-quickstart-nodejs/issues/16: a timestamp that changes on every line first.
    expect(
      stripLinePrefix(
        [
          '2019-12-13T18:32:27.049635+00:00 app[web.1]:     data: {',
          "2019-12-13T18:32:27.049637+00:00 app[web.1]:       status: 'error',",
          "2019-12-13T18:32:27.049639+00:00 app[web.1]:       message: 'Any of the listed authentication credentials are missing',",
          '2019-12-13T18:32:27.049647+00:00 app[web.1]:     }',
        ].join('\n'),
      ),
    ).toBe(
      "    data: {\n      status: 'error',\n      message: 'Any of the listed authentication credentials are missing',\n    }",
    )
  })

  it('binary: NUL bytes, control characters, invalid UTF-8; colour codes are text', () => {
    expect(isBinary(Buffer.from('abc\u0000def'))).toBe(true)
    expect(isBinary(Uint8Array.from({length: 500}, (_, i) => (i % 2 ? 0xc3 : 0x28)))).toBe(true)
    expect(isBinary(Buffer.from('\u001B[31mERROR\u001B[0m invalid_grant\n'.repeat(50)))).toBe(false)
    expect(isBinary('héllo wörld ✓')).toBe(false)
  })

  it.each([
    ['eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', 'jwt'],
    ['?error=access_denied', 'callback_url'],
    ['Bearer error="invalid_token"', 'www_authenticate'],
    ['HTTP/1.1 400 Bad Request\n\n{}', 'http_response'],
    ['{"error":"x"}', 'json_body'],
    ['<!DOCTYPE html><html></html>', 'html'],
    ['log line: {"error":"x"}', 'text'],
  ])('classifies %j as %s', (text, kind) => {
    expect(classifyInput(text)).toBe(kind)
  })

  it('a large input is cut to windows around likely errors', () => {
    const big = `${'noise\n'.repeat(200_000)}{"error":"e"}\n${'noise\n'.repeat(200_000)}`
    const {text, windows} = selectRegions(big)
    expect(windows).toBe(1)
    expect(text.length).toBeLessThan(20_000)
    expect(text).toContain('{"error":"e"}')
  })
})

describe('WWW-Authenticate (RFC 9110 §11.6.1, RFC 6750 §3, RFC 9449 §7.1)', () => {
  it('several challenges, token68, quoted and unquoted values', () => {
    expect(parseWwwAuthenticate('Basic realm="a", DPoP algs="ES256", error=use_dpop_nonce, Negotiate YIIB==')).toEqual([
      {params: {realm: 'a'}, scheme: 'Basic'},
      {params: {algs: 'ES256', error: 'use_dpop_nonce'}, scheme: 'DPoP'},
      {params: {}, scheme: 'Negotiate', token68: 'YIIB=='},
    ])
  })

  it('escaped quotes, stray quotes and an unterminated value', () => {
    expect(parseWwwAuthenticate('Bearer error_description="a \\"b\\" c", error="invalid_token"')[0].params).toEqual({
      error: 'invalid_token',
      error_description: 'a "b" c',
    })
    expect(
      parseWwwAuthenticate('Bearer error="invalid_token", error_description="The "x" token').at(0)?.params
        .error_description,
    ).toBe('The "x" token')
  })
})

describe('fields and secrets', () => {
  it('IDnow / NestJS validation messages split into field errors', () => {
    expect(validationErrors('Validation failed: a.b: must be set, c[0]: too long, d: bad, really')).toEqual([
      {field: 'a.b', message: 'must be set'},
      {field: 'c[0]', message: 'too long'},
      {field: 'd', message: 'bad, really'},
    ])
  })

  it('finds secrets by name and format, not error codes', () => {
    const found = new Set<string>()
    findSecrets(
      `?code=SplxlOBeZQQYbYS6WxSbIA&x=1 "access_token": "at-123456" 'Authorization': 'Basic dXNlcjpwYXNz' curl -u app:hunter22 https://login.example/error?code=7000215 {"code": "invalid_grant"} sk_live_abcdefgh12345678`,
      found,
    )
    expect([...found].sort()).toEqual([
      'SplxlOBeZQQYbYS6WxSbIA',
      'at-123456',
      'dXNlcjpwYXNz',
      'hunter22',
      'pass', // the password inside the Basic credentials (base64 of user:pass)
      'sk_live_abcdefgh12345678',
    ])
  })

  it('an id_token in a fragment is masked, and shown with --show-secrets', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUuY29tIiwiZXhwIjoxNzY3MjIyMDAwfQ.sig'
    const url = `https://app.example.com/cb#error=interaction_required&id_token=${token}`
    expect(JSON.stringify(decode(url, {catalog, now: NOW}))).not.toContain(token)
    expect(decode(url, {catalog, now: NOW, showSecrets: true}).errors[0].fields.id_token).toBe(token)
  })
})

describe('JWTs', () => {
  it('decodes, never verifies, and dates exp/nbf/iat relative to now', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const info = decodeJwt(
      `${b64({alg: 'ES256', typ: 'JWT'})}.${b64({aud: ['a', 'b'], exp: NOW / 1000 - 3 * 3600, iss: 'https://issuer.example', nbf: NOW / 1000 + 120})}.x`,
      NOW,
    )
    expect(info).toMatchObject({alg: 'ES256', aud: ['a', 'b'], iss: 'https://issuer.example', signatureVerified: false})
    expect(info?.times.exp).toEqual({date: '2025-12-31T21:00:00Z', relative: '3 h ago', secondsFromNow: -10_800})
    expect(info?.times.nbf?.relative).toBe('in 2 min')
    expect(relativeTime(-40)).toBe('40 s ago')
    expect(decodeJwt('eyJub3QiOiJqd3QifQ.eyJhIjoxfQ.x', NOW)).toBeNull()
  })
})

describe('provider', () => {
  it('--provider overrides detection', () => {
    const e = decode('{"error":"invalid_grant","error_description":"Token has been expired or revoked."}', {
      catalog,
      provider: 'keycloak',
    }).errors[0]
    expect(e).toMatchObject({
      provider: 'keycloak',
      providerConfidence: 'high',
      providerEvidence: ['--provider was given'],
    })
  })

  it('an unknown host on the provider side names it; the client app and platforms never do', () => {
    expect(slugFromHost('developers.glean.com')).toBe('glean')
    expect(slugFromHost('api.example.co.uk')).toBeNull()
    expect(slugFromHost('auth.shop.co.uk')).toBe('shop')
    expect(slugFromHost('myapp.herokuapp.com')).toBeNull()
    expect(slugFromHost('localhost')).toBeNull()
    const e = decode('GET https://myapp.fly.dev/cb?error=access_denied&state=1', {catalog}).errors[0]
    expect(e.provider).toBe('oauth')
  })
})

describe('human output', () => {
  const style = {
    chalk: new Chalk({level: 0}),
    providerName: (s: string) => catalog.providers.get(s)?.name ?? s,
    width: 80,
  }

  it('headline, who acts, causes, fix, table and notes, in that order', () => {
    const text = renderDecode(decode('https://app.example.com/cb?error=access_denied&state=xyz', {catalog}), style)
    const order = [
      'returned access_denied',
      'Who must act:',
      'Likely causes',
      'Fix',
      'What errcode read',
      'Notes',
      'errcode lookup oauth/access_denied#authorization-response',
    ]
    const positions = order.map((s) => text.indexOf(s))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(text.split('\n').every((l) => l.length <= 80)).toBe(true)
  })

  it('an error the catalog does not know still shows what was read', () => {
    const text = renderDecode(
      decode('{"error":{"code":"quota_blown","message":"Monthly quota used up","request_id":"r-1"}}', {catalog}),
      style,
    )
    expect(text).toMatch(/^The server returned quota_blown: Monthly quota used up\./)
    expect(text).toContain("errcode's catalog has no entry for this code")
    expect(text).toContain('Quote request id r-1')
  })
})

describe('explain (shared with probe)', () => {
  const catalog = builtinCatalog()
  const base = {alternatives: [], description: null, http: 200, location: 'token_endpoint' as const, provider: 'oauth'}

  it("puts the standard's entry for the location first", async () => {
    const {explain} = await import('../../src/decode/explain.js')
    expect(explain(catalog, {...base, code: 'invalid_client', http: 401})[0].id).toBe(
      'oauth/invalid_client#token-endpoint',
    )
  })

  it("falls back to another provider's entry for a code the standard does not know, above the HTTP status", async () => {
    const {explain} = await import('../../src/decode/explain.js')
    const [first] = explain(catalog, {...base, code: 'incorrect_client_credentials'})
    expect(first.id).toBe('github/incorrect_client_credentials')
  })

  it("keeps a provider's only entry for a code when it is a variant and there is no description to check", async () => {
    const {explain} = await import('../../src/decode/explain.js')
    const ids = (description: null | string) =>
      explain(catalog, {...base, code: 'redirect_mismatch', description, location: null, provider: 'twitch'}).map(
        (m) => m.id,
      )
    expect(ids(null)[0]).toBe('twitch/redirect_mismatch')
    // A description that does not fit rules the variant out: it is another message.
    expect(ids('The client is disabled')).not.toContain('twitch/redirect_mismatch')
  })
})

describe('request ids, whatever the vendor and the syntax', () => {
  const id = (input: string) => decode(input, {catalog, now: NOW}).errors[0]?.requestId
  it.each([
    [
      "{code: 'unauthorized', headers: {'x-notion-request-id': [ '292c30e5-d974-4616-9f41-43fa3fd9879b' ]}}",
      '292c30e5-d974-4616-9f41-43fa3fd9879b',
    ],
    ['HTTP/1.1 401 Unauthorized\npaypal-debug-id: 6afcf7e1a1505\n\n{"error":"invalid_client"}', '6afcf7e1a1505'],
    [
      'Request Id: ffa7696f-5efb-44ad-8fd8-d3c6e7c04900\nMessage: AADSTS700016: Application not found.',
      'ffa7696f-5efb-44ad-8fd8-d3c6e7c04900',
    ],
    ['https://app.example/error?errorId=08e36a48955f31ea67525c7d3b0a1792', '08e36a48955f31ea67525c7d3b0a1792'],
    ['"x_request_id": "01HK79BAZ6HAFPGV", "json": {"error": "invalid_grant"}', '01HK79BAZ6HAFPGV'],
  ])('%j -> %s', (input, want) => {
    expect(id(input)).toBe(want)
  })

  it('names that only look alike (client_id, session ids without digits) are not request ids', () => {
    expect(id('{"error":"invalid_client","client_id":"abc-123-def-456"}')).toBeNull()
    expect(id('error=access_denied&trace_id=none')).toBeNull()
  })
})

describe('an error spread over the lines of one block', () => {
  it('a pair inside a value that is not a code is still read; long numeric codes under a code label', () => {
    const code = (input: string) => decode(input, {catalog, now: NOW}).errors[0]?.code
    // https://github.com/clerk/clerk-ios/issues/404: a Swift repr whose first `Error:` value is a class.
    expect(
      code(
        'Error: ClerkAPIError(code: "missing_expired_token", message: Optional("Missing required parameter"), longMessage: Optional("The expired_token parameter is required"))',
      ),
    ).toBe('missing_expired_token')
    // https://github.com/AzureAD/microsoft-authentication-library-for-python/issues/535
    expect(code('Error Code: 80043490\nCorrelation Id: ac0cb5112d264898af4f4e76a17061a4')).toBe('80043490')
  })

  it("an SDK's enum path stands for the wire code it ends in", () => {
    // https://github.com/okta/okta-idx-swift/issues/109
    const e = decode(
      'Optional(OktaIdx.InteractionCodeFlowError.apiError(AuthFoundation.APIClientError.serverError(AuthFoundation.OAuth2ServerError(code: AuthFoundation.OAuth2ServerError.Code.invalidGrant, description: "The interaction code is invalid or has expired."))',
      {catalog, now: NOW},
    ).errors[0]
    expect(e?.code).toBe('invalid_grant')
  })

  it("an access log's failed request is an error with its status", () => {
    // https://github.com/stonith404/pingvin-share/issues/401 (an nginx access log)
    const e = decode(
      '178.xx.32.xxx - - [06/Feb/2024:11:19:29 +0100] "POST /api/auth/token HTTP/2.0" 401 43 "https://xxxxxx.xxxxxxxx.fr/share/Y0NzIzN" "Mozilla/5.0"',
      {catalog, now: NOW},
    ).errors[0]
    expect(e?.http).toBe(401)
  })

  it("the state listed among an error page's request details", () => {
    // https://github.com/yegor256/netbout/issues/1116 (Google's page, as copied)
    const page = [
      'Error: redirect_uri_mismatch',
      '',
      'The redirect URI in the request, http://www.netbout.com/?PsByFlag=PsGoogle, does not match the ones authorized for the OAuth client.',
      '',
      'Request Details',
      'scope=https://www.googleapis.com/auth/userinfo.profile',
      'response_type=code',
      'redirect_uri=http://www.netbout.com/?PsByFlag=PsGoogle',
      'state=http://www.netbout.com/',
      'client_id=601947986714-jv8sb05ic0agjrhtia2j44rlnvo0jasr.apps.googleusercontent.com',
    ].join('\n')
    expect(decode(page, {catalog, now: NOW}).errors[0]?.state).toBe('http://www.netbout.com/')
    // Two different states listed: no guess.
    expect(decode(`${page}\nstate=other`, {catalog, now: NOW}).errors[0]?.state).toBeNull()
  })

  it('a PHP array dump: the error, its description and state on lines of their own', () => {
    const e = decode(
      "$_GET = [\n    'error' => 'user_cancelled_login',\n    'error_description' => 'The user cancelled the login',\n    'state' => 'a1b2c3d4',\n];",
      {catalog, now: NOW},
    ).errors[0]
    expect([e.code, e.description, e.state]).toEqual([
      'user_cancelled_login',
      'The user cancelled the login',
      'a1b2c3d4',
    ])
  })

  it('a labelled line alone runs to its end; prose that mentions a key is not a pair', () => {
    const e = decode('Error Code: invalid_request\nDescription: The redirect_uri parameter must be registered', {
      catalog,
      now: NOW,
    }).errors[0]
    expect(e.description).toBe('The redirect_uri parameter must be registered')
    const f = decode('error=invalid_grant\nwe then changed the state: it was wrong', {catalog, now: NOW}).errors[0]
    expect(f.state).toBeNull()
  })
})

describe('descriptions as the provider wrote them', () => {
  it.each([
    ['{"message":"Bad credentials","documentation_url":"https://developer.github.com/v3"}', 'Bad credentials'],
    ['message" => "Invalid access token.', 'Invalid access token.'],
    ['The grant was issued to another client.\u201D}', 'The grant was issued to another client.'],
    ["authentication failure] name: 'invalid_grant' }", 'authentication failure'],
    ['Invalid access_token, error code 43)', 'Invalid access_token, error code 43'],
    ['Invalid client_id: zoom_client_id (4,702)', 'Invalid client_id: zoom_client_id (4,702)'],
    ['AADSTS50011: The redirect URI does not match.', 'AADSTS50011: The redirect URI does not match.'],
    ['\u001B]0;title\u0007Denied\u001B[2J', '\u001B]0;title\u0007Denied\u001B[2J'],
    ['GET https://api.github.com/orgs/windingtree/repos?per_page=10: 401 Bad credentials []', 'Bad credentials'],
    ['GET is not allowed here', 'GET is not allowed here'],
    [
      'Uncaught (in promise) Error: Service not found: http://localhost:8000',
      'Service not found: http://localhost:8000',
    ],
    ['Uncaught TypeError: x is undefined', 'TypeError: x is undefined'],
    [
      'Callback handler failed. CAUSE: access_denied (The user has denied your application access.)',
      'The user has denied your application access.',
    ],
    ['A failed. Caused by: B failed. Caused by: token expired', 'token expired'],
  ])('%j -> %j', (raw, want) => {
    expect(cleanDescription(raw)).toBe(want)
  })

  it.each([
    ['code: 401', true],
    ['status: 401,', true],
    ['code:-1', true],
    ["data['errors']", true],
    ['http_error_msg, response=self', true],
    ['Bad credentials', false],
    ['Invalid client_id: zoom_client_id (4,702)', false],
    ['Error code: 401 Unauthorized', false],
  ])('%j is not a message: %s', (d, junk) => {
    expect(isNotAMessage(d)).toBe(junk)
  })

  it.each([
    [
      'firebase.js:71 Uncaught Error: This domain is not authorized for OAuth operations.',
      'This domain is not authorized for OAuth operations.',
    ],
    ['[2022-07-15 15:35:23,100] ERROR in views: Exception: Signature has expired', 'Signature has expired'],
    ['Error: 401', 'Error: 401'],
  ])('a message after its labels: %j', (line, want) => {
    expect(afterLastLabel(line)).toBe(want)
  })
})

describe('names in CamelCase', () => {
  const provider = (input: string) => decode(input, {catalog, now: NOW}).errors[0]?.provider
  it('two capitalised parts name a product (GitLabApiException -> gitlab)', () => {
    expect(provider('org.gitlab4j.api.GitLabApiException: invalid_grant')).toBe('gitlab')
  })

  it("a joined pair never poses as an SDK's class (OAuth2AuthenticationException is Spring's, not Stripe's)", () => {
    expect(
      provider(
        'org.springframework.security.oauth2.core.OAuth2AuthenticationException: [invalid_request]\n\tat org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter.attemptAuthentication',
      ),
    ).toBe('spring-security')
  })
})
