/**
 * Free-text readers (src/decode/text.ts) on real pastes, sources beside them: what a log line or a printed
 * record says once no body shape survives.
 */
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {tokenize} from '../../src/catalog/words.js'
import {decode} from '../../src/decode/index.js'

const catalog = builtinCatalog()
const first = (input: string) => decode(input, {catalog}).errors[0]

describe('printed records', () => {
  it.each([
    // https://github.com/DimensionDev/Flare/issues/2429 (a Kotlin data class)
    [
      'AtpErrorDescription(error=InvalidToken,message=OAuth tokens are meant for PDS access only)',
      'InvalidToken',
      'OAuth tokens are meant for PDS access only',
    ],
    // https://github.com/Timothylock/go-signin-with-apple/issues/39 (Go's %+v)
    [
      'response: {AccessToken: TokenType: ExpiresIn:0 Error:invalid_grant ErrorDescription:The code has expired or has been revoked.}',
      'invalid_grant',
      'The code has expired or has been revoked.',
    ],
    // PHP's print_r: https://github.com/microsoft/o365-moodle/issues/176
    [
      'Error response received. Data: Array ( [error] => invalid_client [error_description] => Client authentication failed (e.g. unknown client). [error_uri] => x )',
      'invalid_client',
      'Client authentication failed (e.g. unknown client).',
    ],
    // The message runs to the next field, and keeps brackets of its own.
    ['Err(error=invalid_request, message=bad value (abc), status=400)', 'invalid_request', 'bad value (abc)'],
  ])('reads an unquoted message to its field end: %s', (input, code, description) => {
    const e = first(input)
    expect(e?.code).toBe(code)
    expect(e?.description).toBe(description)
  })

  it('leaves a logfmt-style pair on its own word and a long message bounded', () => {
    expect(first('level=error error=invalid_grant message=expired').description).toBe('expired')
    const long = `Err(error=invalid_grant, message=${'x '.repeat(5000)})`
    expect(first(long).description!.length).toBeLessThanOrEqual(1000)
  })
})

describe('what a client says about its own machine is no evidence', () => {
  // User agents that name Apple's platform: https://github.com/stonith404/pingvin-share/issues/401 (an access log),
  // https://github.com/django-oauth/django-oauth-toolkit/issues/52 (curl -v).
  it.each([
    '"POST /api/auth/token HTTP/2.0" 401 43 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"',
    '> User-Agent: curl/7.24.0 (x86_64-apple-darwin12.0) libcurl/7.24.0\n< HTTP/1.1 401\n{"error": "invalid_client"}',
  ])('%s', (input) => {
    expect(first(input)?.provider).not.toBe('apple')
  })

  it('while the name itself still is', () => {
    expect(first('Apple token endpoint answered {"error":"invalid_client"}')?.provider).toBe('apple')
  })
})

describe('labels and parameters of older or plainer printers', () => {
  it('a dash between spaces separates a label from its value (https://github.com/roundrop/facebook4j-oauth-example/issues/3)', () => {
    const e = first('message - Invalid OAuth access token.\ncode - 190\nsee https://developers.facebook.com/docs/')
    expect([e?.provider, e?.code, e?.description]).toEqual(['facebook', '190', 'Invalid OAuth access token.'])
    expect(first('code-190')?.code).not.toBe('190')
  })

  it('labels alone on their lines, values on the next (https://github.com/PipedreamHQ/pipedream/issues/4222)', () => {
    const e = first('errorCode:\nINVALID_SESSION_ID\nmessage:\nSession expired or invalid')
    expect([e?.code, e?.description]).toEqual(['INVALID_SESSION_ID', 'Session expired or invalid'])
    expect(first('errorCode:\nthis is a sentence\nmessage:\nx')?.code).not.toBe('this')
  })

  it("OAuth 1.0a's oauth_problem is a callback's error (https://github.com/bnoguchi/everyauth/issues/452)", () => {
    const e = first('auth/linkedin/callback?oauth_problem=user_refused&oauth_problem_advice=The%20user%20refused')
    expect([e?.code, e?.description]).toEqual(['user_refused', 'The user refused'])
  })
})

describe('callback parameters as people paste them', () => {
  // GitHub's docs wrap the URL onto lines: https://docs.github.com/en/enterprise-server@3.1/developers/apps/managing-oauth-apps/troubleshooting-authorization-request-errors
  it('a URL wrapped onto lines that start with & is one URL', () => {
    const e = first(
      'http://your-application.com/callback?error=application_suspended\n&error_description=Your+application+has+been+suspended.\n&state=xyz',
    )
    expect([e?.code, e?.description, e?.state]).toEqual([
      'application_suspended',
      'Your application has been suspended.',
      'xyz',
    ])
    expect(first('http://a/cb?error=access_denied\nand then & more=1')?.description).toBeNull()
    // https://github.com/OneDrive/onedrive-api-docs/issues/788: lines that end inside the URL (after `&`, or inside a `+`-encoded value)
    const broken = first(
      '#error=invalid_request&\nerror_description=The+value+is+not+valid.+\nThe+expected+value+is+x.',
    )
    expect(broken?.description).toBe('The value is not valid. The expected value is x.')
  })

  it("a header's URL keeps its last full stop; a sentence's does not", () => {
    const header = first(
      'HTTP/1.1 302 Found\nlocation: http://127.0.0.1/cb?error=invalid_scope&error_description=Scopes+are+not+configured.\n',
    )
    expect(header?.description).toBe('Scopes are not configured.')
    expect(first('I was sent to http://a/cb?error=access_denied&error_description=Denied.')?.description).toBe('Denied')
  })

  it('a query string in backticks (https://github.com/rwth-acis/VIAProMa/issues/186)', () => {
    const e = first(
      'the string contains: `error=incorrect_client_credentials&error_description=The+client_id+is+wrong.`.',
    )
    expect([e?.code, e?.description]).toEqual(['incorrect_client_credentials', 'The client_id is wrong.'])
  })

  it('an unencoded return URL carries the rest of the error (https://github.com/Kiranism/next-shadcn-dashboard-starter/issues/2)', () => {
    const e = first(
      'https://app.example/?callbackUrl=https://app.example/dashboard?error_description=The+redirect_uri+MUST+match.&state=s1&error=redirect_uri_mismatch',
    )
    expect([e?.code, e?.description, e?.state]).toEqual(['redirect_uri_mismatch', 'The redirect_uri MUST match.', 's1'])
  })
})

describe('ids after a message are read apart from it', () => {
  it.each([
    // https://github.com/reruin/sharelist/issues/511
    [
      'AADSTS700082: The refresh token has expired due to inactivity. Trace ID: dc41b3fa-a25b-4280-b500-cd8b8788a601 Correlation ID: 2bf1b649-3085-40ab-aab9-508397ef1c6b Timestamp: 2021-05-26 10:35:28Z',
      'AADSTS700082: The refresh token has expired due to inactivity.',
      'dc41b3fa-a25b-4280-b500-cd8b8788a601',
    ],
    // https://github.com/aws/aws-sdk-java-v2/issues/1687
    [
      'com.amazonaws.services.cognitoidp.model.NotAuthorizedException: Invalid Refresh Token. (Service: AWSCognitoIdentityProvider; Status Code: 400; Error Code: NotAuthorizedException; Request ID: be8a58b5-5a20-4cb6-be21-cb06e5e38159)',
      'Invalid Refresh Token.',
      'be8a58b5-5a20-4cb6-be21-cb06e5e38159',
    ],
  ])('%s', (input, description, requestId) => {
    const e = first(input)
    expect([e?.description, e?.requestId]).toEqual([description, requestId])
  })

  it('keeps brackets that are the message', () => {
    expect(first('error=invalid_request message=bad value (for: x; y: z)')?.description).toBe(
      'bad value (for: x; y: z)',
    )
  })
})

describe("a provider's own request-id name (its record's requestIds)", () => {
  it.each([
    // https://github.com/intuit/oauth-rubyclient/issues/14
    [
      '*** IntuitOAuth::OAuth2ClientException Exception: HTTP status 401, error message: {"error":"invalid_client"}, intuit_tid: 1-5ebb4fc0-a1d1103a01a5ef86671f0dbe on Wed, 13 May 2020',
      '1-5ebb4fc0-a1d1103a01a5ef86671f0dbe',
    ],
    // https://github.com/routablehq/python-quickbooks/issues/272
    [
      'intuitlib.exceptions.AuthClientError: HTTP status 400, error message: b\'{"error":"invalid_grant"}\', intuit_tid 1-6283b427-062f1d215a21a12048b92b5e at time Tue',
      '1-6283b427-062f1d215a21a12048b92b5e',
    ],
  ])('%s', (input, id) => {
    expect(first(input)?.requestId).toBe(id)
  })

  it('stays linear on a long run of tabs after the name', () => {
    const e = first(`intuit_tid${'\t'.repeat(200_000)}x {"error":"invalid_client"}`)
    expect(e?.code).toBe('invalid_client')
  })
})

describe('which id is the request id', () => {
  // MSAL's log line: https://github.com/microsoft/foundry-dev-tools/issues/707
  it("the server's trace id, not the correlation id the client sent", () => {
    const e = first(
      '{"errorCode":"invalid_grant","errorMessage":"AADSTS700082: The refresh token has expired. Trace ID: 07d165d9-e98a-4350-ba2c-587311063f01 Correlation ID: 90590a28-1f26-403a-ad6b-c33d6c0b508e Timestamp: 2026-08-26 10:12:51Z","correlationId":"90590a28-1f26-403a-ad6b-c33d6c0b508e"}',
    )
    expect(e?.requestId).toBe('07d165d9-e98a-4350-ba2c-587311063f01')
  })
})

describe('names next to a script written without spaces', () => {
  // https://github.com/vaayne/NotionAI-Plus/issues/26
  it('a Latin name beside Chinese text is a word of its own', () => {
    const e = first(
      '使用的时候提示 {"name":"UnauthorizedError","message":"Token was invalid or expired."}\n请问是因为Notion AI达到了免费使用次数导致的吗？',
    )
    expect(e?.provider).toBe('notion')
    expect(tokenize('因为Notion达到')).toEqual(['notion'])
  })
})

describe('a number only one vendor has as a code', () => {
  it.each([
    // https://github.com/SocalNick/ScnSocialAuth/issues/10 and https://github.com/FerroxLabs/wayland/issues/1158
    ['API Error Code: 102\nAPI Error Description: Session key invalid or no longer valid', 'facebook', '102'],
    ['{"status":false,"errorCode":4700,"errorMessage":"Invalid redirect url","result":null}', 'zoom', '4700'],
  ])('%s', (input, provider, code) => {
    const e = first(input)
    expect([e?.provider, e?.code]).toEqual([provider, code])
  })

  it('while an error status under a code key stays the status', () => {
    expect(first('{"errorCode":401,"errorMessage":"Unauthorized"}')?.provider).not.toBe('zoom')
  })
})

describe('serialised exceptions', () => {
  it.each([
    // https://github.com/auth0/node-jsonwebtoken/issues/370
    [
      '{"err": {"name": "TokenExpiredError", "message": "jwt expired", "expiredAt": "2017-07-19T17:08:44.000Z"}}',
      'TokenExpiredError',
      'jwt expired',
    ],
    // https://github.com/tobilg/facebook-events-by-location/issues/26: the cause's code is the error
    [
      '{"message":{"name":"RequestError","message":"Error: unable to get local issuer certificate","cause":{"code":"UNABLE_TO_GET_ISSUER_CERT_LOCALLY"}}}',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'Error: unable to get local issuer certificate',
    ],
  ])('%s', (input, code, description) => {
    const e = first(input)
    expect([e?.code, e?.description]).toEqual([code, description])
  })

  it('a paste cut inside the message keeps what it has (https://github.com/aws-amplify/aws-sdk-ios/issues/1124)', () => {
    const e = first(':"NotAuthorizedException","message":"Incorrect username or password.')
    expect([e?.code, e?.description]).toEqual(['NotAuthorizedException', 'Incorrect username or password.'])
  })

  it('a name that is no class is no code', () => {
    expect(first('{"name": "alice", "message": "hello there"}')?.code ?? null).not.toBe('alice')
  })
})

describe('the request a client printed before the message', () => {
  // https://github.com/int128/kubernetes-dashboard-proxy/issues/11 (Go's url.Error)
  it.each([
    [
      '{"error": "Get https://sso.example.com/auth/realms/production/.well-known/openid-configuration: x509: certificate signed by unknown authority"}',
    ],
  ])('%s', (input) => {
    expect(first(input)?.description).toBe('x509: certificate signed by unknown authority')
  })
})

describe('a message that repeats its code before a bar', () => {
  it('is what follows the bar (https://github.com/omniauth/omniauth-github/issues/37)', () => {
    const e = first(
      '(github) Authentication failure! csrf_detected: OmniAuth::Strategies::OAuth2::CallbackError, csrf_detected | CSRF detected',
    )
    expect([e?.code, e?.description]).toEqual(['csrf_detected', 'CSRF detected'])
  })
})

describe("an error page's `Error 400: code` line", () => {
  it.each([
    // https://github.com/dissorial/doc-chatbot/issues/10: the message below the code
    [
      "Error 400: redirect_uri_mismatch\n\nYou can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy.",
      'redirect_uri_mismatch',
      "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy.",
    ],
    // https://github.com/supabase/auth-js/issues/669: the message above it, with the page's link as Markdown
    [
      "Invalid parameter value for code_challenge_method: 's256' is not a valid CodeChallengeMethod [Learn more about this error](https://developers.google.com/identity/protocols/oauth2)\n\nError 400: invalid_request",
      'invalid_request',
      "Invalid parameter value for code_challenge_method: 's256' is not a valid CodeChallengeMethod",
    ],
  ])('%s', (input, code, description) => {
    const e = first(input)
    expect([e?.code, e?.http, e?.description]).toEqual([code, 400, description])
  })
})

describe('a message under the error key', () => {
  // https://github.com/rohitkumbhar/surmai/issues/254: PocketBase's log, the provider's error in `details`
  it('is no code, and a coded reading beside it is the error', () => {
    const e = first(
      '{"data": {"details": "oauth2: \\"invalid_client\\" \\"Client authentication failed\\"", "error": "Failed to fetch OAuth2 token.", "status": 400}, "message": "POST /api/collections/users/auth-with-oauth2"}',
    )
    expect(e?.code).toBe('invalid_client')
    expect(first('{"error": "Failed to fetch OAuth2 token."}')?.code ?? null).toBeNull()
    expect(first('{"error": "invalid token"}')?.code).toBe('invalid token')
  })

  it('a fragment of escaped JSON under it is neither code nor message (https://github.com/owncloud/ocis/issues/10843)', () => {
    const e = first(
      '{"key": "ExchangeTokenBy.AuthorizationCode", "result": "Error", "error": "{\\"stack\\":\\"InvalidClientAuth: invalid_client\\n    at auth (file:///etc/logto/token_auth.js:177:17)\\"}"}',
    )
    expect(e?.code).toBe('invalid_client')
  })
})

describe('a code quoted in its words before the word error', () => {
  // https://github.com/not-an-aardvark/snoowrap/issues/379
  it('is the code as written, the wire code it spells an alternative', () => {
    const e = first('Error: "Invalid grant" error returned from reddit. (You might have incorrect credentials.)')
    expect([e?.provider, e?.code]).toEqual(['reddit', 'Invalid grant'])
    expect(e?.fields.alternativeCodes).toContain('invalid_grant')
    expect(first('the "nice weather" error')?.code ?? null).toBeNull()
  })
})
