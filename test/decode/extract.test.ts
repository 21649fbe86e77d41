/**
 * What decode extracts, on real pastes: codes as their sender wrote them, without what the surrounding text left
 * on their ends (issue 8: "extracted codes are clean"), a code the catalog knows as written kept whole, and
 * platform error formats read by their shape, not their vendor.
 */
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {decode} from '../../src/decode/index.js'
import {cleanCode} from '../../src/decode/values.js'

const catalog = builtinCatalog()
const first = (paste: string) => decode(paste, {catalog}).errors[0]

describe('cleanCode', () => {
  it.each([
    ['invalid_token).', 'invalid_token'],
    ['"invalid_grant"', 'invalid_grant'],
    ['`AADSTS50011`,', 'AADSTS50011'],
    ["invalid_client'", 'invalid_client'],
    ['E0000011]', 'E0000011'],
    ['[Exception]', '[Exception]'],
    ['auth/popup-closed-by-user', 'auth/popup-closed-by-user'],
    ['Error(42)', 'Error(42)'],
    ['.', '.'],
  ])('%s -> %s', (raw, clean) => {
    expect(cleanCode(raw)).toBe(clean)
  })

  it('reads the empty and the absent as no code', () => {
    expect(cleanCode(null)).toBeNull()
    expect(cleanCode('  ')).toBeNull()
  })
})

describe('codes in pastes', () => {
  it('drops the bracket and full stop of a sentence that quotes a challenge', () => {
    // https://github.com/dart-lang/pub-dev/issues/5207
    const paste =
      'Access was denied (www-authenticate header was: Bearer realm="https://accounts.google.com/", error=invalid_token).'
    const e = first(paste)
    expect(e.provider).toBe('google')
    expect(e.code).toBe('invalid_token')
  })

  it("keeps a catalog code's own trailing dots", () => {
    // Prysmid's codes end in dots on the wire (../shared/seeds, Prysmid's table).
    const e = first('{"code": "expired_access_token/..", "message": "Token expired"}')
    expect(e.code).toBe('expired_access_token/..')
  })
})

describe("Cocoa's NSError description", () => {
  it.each([
    // https://github.com/tomgilder/flutter_apple_sign_in/issues/52
    [
      'flutter: Sign in failed: The operation couldn’t be completed. (com.apple.AuthenticationServices.AuthorizationError error 1000.)',
      '1000',
    ],
    // https://github.com/aboutyou/dart_packages/issues/186
    [
      '[SignInWithAppleAuthorizationException (SignInWithAppleAuthorizationError(AuthorizationErrorCode.canceled, The operation couldn’t be completed. (com.apple.AuthenticationServices.AuthorizationError error 1001.)))]',
      '1001',
    ],
  ])('reads the number as the code and the domain as its other name: %s', (paste, code) => {
    const e = first(paste)
    expect(e.code).toBe(code)
    expect(e.fields.alternativeCodes).toContain('com.apple.AuthenticationServices.AuthorizationError')
    expect(e.description).toBe(
      `The operation couldn’t be completed. (com.apple.AuthenticationServices.AuthorizationError error ${code}.)`,
    )
    expect(e.provider).toBe('apple')
  })
})

describe('request ids', () => {
  it("takes a page's request id over the correlation id the client sent, though the correlation id is nearer", () => {
    // https://github.com/MicrosoftDocs/azure-docs/issues/15419 (Entra's sign-in error page details)
    const paste = [
      'Request Id: a617df19-1c8b-4c98-9aee-19d16bc02000',
      'Correlation Id: 378dcf9c-b75a-4e02-9080-f3c30564d2b7',
      'Timestamp: 2018-09-21T15:12:55Z',
      "Message: AADSTS50011: The reply url specified in the request does not match the reply urls configured for the application: '2acb28e8-7e78-4af5-ac3d-7e71476de3ac'.",
    ].join('\n')
    const e = first(paste)
    expect(e.code).toBe('AADSTS50011')
    expect(e.requestId).toBe('a617df19-1c8b-4c98-9aee-19d16bc02000')
  })
})

describe('the state', () => {
  it('is the one state of the callback an access log recorded, when the error carries none', () => {
    // https://github.com/auth0-samples/auth0-python-web-app/issues/59 (the code is a same-shape fake)
    const paste = [
      'Terminal:',
      '`127.0.0.1 - - [16/Sep/2021 14:26:26] "GET /callback?code=Xk3PqL9vTz2mWd7R&state=gW9kEsq9Hnizp7gAqs4MTyDieWtFAq HTTP/1.1" 500 -`',
      'Browser response:',
      '"message": "mismatching_state: CSRF Warning! State not equal in request and response."',
    ].join('\n')
    expect(first(paste).state).toBe('gW9kEsq9Hnizp7gAqs4MTyDieWtFAq')
    // Two logins in one paste: no state is the error's.
    const two = `${paste}\nGET /callback?code=abc&state=other HTTP/1.1`
    expect(first(two).state).toBeNull()
  })
})

describe('who sent it', () => {
  it('does not name a server library for its wording alone: many operators run it', () => {
    // https://github.com/allegro/allegro-api/issues/11420 (Allegro runs Spring Security OAuth; the code is a fake)
    const paste =
      'https://allegro.pl/auth/oauth/token\n\n{"error":"invalid_grant","error_description":"Invalid authorization code: hN5uWY2zPtxD9Uqyx7MDm2pN6wCGMRW1"}'
    const e = first(paste)
    expect(e.code).toBe('invalid_grant')
    expect(e.provider).not.toBe('spring-security')
  })

  it('names the library whose wording it is, with that wording entry, in a note', () => {
    // The same paste: the sender is not Spring Security, but the software that raised it probably is.
    const paste =
      'https://allegro.pl/auth/oauth/token\n\n{"error":"invalid_grant","error_description":"Invalid authorization code: hN5uWY2zPtxD9Uqyx7MDm2pN6wCGMRW1"}'
    const note = decode(paste, {catalog}).notes.find((n) => n.includes('worded as'))
    expect(note).toContain('Spring Security')
    expect(note).toMatch(/errcode lookup spring-security\/invalid_grant#\S+$/)
    // An error its own catalog explains names no library.
    expect(
      decode('{"error":"invalid_grant","error_description":"Bad Request"}', {catalog}).notes.join(' '),
    ).not.toContain('worded as')
  })
})

describe('errcode and errmsg, as several APIs spell them', () => {
  it.each([
    // https://github.com/chanjarster/weixin-java-tools/issues/223 (a log line in full-width brackets)
    ['【微信错误 errcode=40029, errmsg=invalid code】', 'invalid code'],
    // https://github.com/imaxwen/yii2-easy-wechat/issues/10
    [
      'Overtrue\\Socialite\\AuthorizeFailedException\n\nAuthorize Failed: {"errcode":40029,"errmsg":"invalid code, hints: [ req_id: I4Fr8a0006th38 ]"}',
      'invalid code, hints: [ req_id: I4Fr8a0006th38 ]',
    ],
  ])('reads the code and message: %s', (paste, description) => {
    const e = first(paste)
    expect(e.provider).toBe('wechat')
    expect(e.code).toBe('40029')
    expect(e.description).toBe(description)
  })
})

describe('messages as languages and SDKs print them', () => {
  it('reads the code an exception message opens with, and stops at a .NET inner exception', () => {
    // https://github.com/snok/django-auth-adfs/issues/1 (ADFS event log)
    const paste =
      'Exception details: \nMicrosoft.IdentityServer.Web.Protocols.OAuth.Exceptions.OAuthAccessTokenInvalidAuthorizationCodeException: MSIS9247: Received invalid OAuth access token request. The authorization code is invalid. ---> Microsoft.IdentityServer.Service.ArtifactResolutionService.ArtifactServiceStorageGetException: MSIS3101: A SQL error occurred during processing of the artifact.'
    const e = decode(paste, {catalog}).errors.find((x) => x.code === 'MSIS9247')
    expect(e?.provider).toBe('microsoft')
    expect(e?.fields.alternativeCodes).toContain('OAuthAccessTokenInvalidAuthorizationCodeException')
    expect(e?.description).toBe(
      'MSIS9247: Received invalid OAuth access token request. The authorization code is invalid.',
    )
  })

  it("reads botocore's message without the sentence around its code", () => {
    // https://github.com/qwigo/warrant/pull/12
    const e = first(
      'NotAuthorizedException: An error occurred (NotAuthorizedException) when calling the RespondToAuthChallenge operation: Incorrect username or password.',
    )
    expect(e.code).toBe('NotAuthorizedException')
    expect(e.description).toBe('Incorrect username or password.')
  })

  it("reads a login's state from a request printed as a JavaScript object", () => {
    // https://github.com/nextauthjs/next-auth/issues/11428 (the code is a fake)
    const paste =
      "callback route error details {\n  method: 'GET',\n  query: {\n    code: '500Zzjca8ufhIxunl8iR1SN7Mlyzm',\n    state: 'eyJyYW5kb20iOiJJZExMUUJLazI2cGJObi1DajEtc3lRZzhMVDZWTmFWekc1cGVBIn0'\n  },\n  body: undefined\n}\nCallbackRouteError: Read more at https://errors.authjs.dev#callbackrouteerror"
    expect(first(paste).state).toBe('eyJyYW5kb20iOiJJZExMUUJLazI2cGJObi1DajEtc3lRZzhMVDZWTmFWekc1cGVBIn0')
  })

  it('reads a SAML Status pasted on its own, the nested code first', () => {
    // https://github.com/SAML-Toolkits/ruby-saml/issues/439
    const paste =
      '<samlp:Status>\n  <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester">\n    <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy" />\n  </samlp:StatusCode>\n</samlp:Status>'
    const e = first(paste)
    expect(e.code).toBe('urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy')
    expect(e.fields.alternativeCodes).toContain('urn:oasis:names:tc:SAML:2.0:status:Requester')
  })
})

describe('an error that carries only a message', () => {
  it('is explained by the closest entry to its words, shown as such', () => {
    // https://github.com/FirebaseExtended/angularfire/issues/778
    const paste =
      'firebase.js:71 Uncaught Error: This domain is not authorized for OAuth operations for your Firebase project. Edit the list of authorized domains from the Firebase console.'
    const e = first(paste)
    expect(e.code).toBeNull()
    expect(e.matches[0]).toMatchObject({id: 'firebase/auth/unauthorized-domain', matchedBy: 'fuzzy'})
  })

  it('says nothing of an error whose only words are a reason phrase', () => {
    // https://github.com/docusign/docusign-esign-ruby-client/issues/8
    const paste = [
      'ETHON: performed EASY effective_url=https://account-d.docusign.com/oauth/token  response_code=400 return_code=ok total_time=0.436539',
      '    DocuSign_eSign::ApiError: Bad Request',
      "\tfrom /home/dev/.rbenv/versions/2.3.1/lib/ruby/gems/2.3.0/gems/docusign_esign-1.0.0/lib/docusign_esign/api_client.rb:66:in `call_api'",
    ].join('\n')
    expect(first(paste).matches.filter((m) => m.matchedBy === 'fuzzy')).toEqual([])
  })
})

describe('exception classes as their reports name them', () => {
  it("keeps a Ruby class's modules, and reads its bare name for the catalog", () => {
    // https://github.com/stripe/stripe-ruby/issues/866
    const paste = [
      'Stripe::OAuth::InvalidGrantError: Authorization code provided does not belong to you',
      "from /Users/newuser/.rvm/gems/ruby-2.5.5/gems/stripe-5.1.1/lib/stripe/stripe_client.rb:465:in `handle_error_response'",
    ].join('\n')
    const e = first(paste)
    expect(e.code).toBe('Stripe::OAuth::InvalidGrantError')
    expect(e.fields.alternativeCodes).toContain('InvalidGrantError')
    expect(e.matches[0].id).toBe('stripe/invalid_grant')
  })

  it("reads Flutter's PlatformException(code, message, details)", () => {
    // https://github.com/flutter/flutter/issues/40705
    const paste =
      'Exception has occurred.\nPlatformException (PlatformException(ERROR_INVALID_CREDENTIAL, The supplied auth credential is malformed or has expired. [ ID Token issued at 1568743895 is stale to sign-in. ], null))'
    expect(first(paste)).toMatchObject({
      code: 'ERROR_INVALID_CREDENTIAL',
      description:
        'The supplied auth credential is malformed or has expired. [ ID Token issued at 1568743895 is stale to sign-in. ]',
    })
  })

  it("leaves a Java package out of the class's name", () => {
    // https://github.com/joreilly/Confetti/issues/546
    const paste =
      "com.google.firebase.auth.FirebaseAuthInvalidUserException: The user's credential is no longer valid. The user must sign in again."
    expect(first(paste).code).toBe('FirebaseAuthInvalidUserException')
  })
})

describe('codes where bodies keep them', () => {
  it("reads Salesforce's Bulk API fault as Salesforce's, though Entra names a code the same", () => {
    // https://github.com/simple-salesforce/simple-salesforce/issues/272
    const e = first("{u'exceptionMessage': u'Invalid session id', u'exceptionCode': u'InvalidSessionId'}")
    expect(e).toMatchObject({code: 'InvalidSessionId', description: 'Invalid session id', provider: 'salesforce'})
    expect(e.matches[0].id).toBe('salesforce/INVALID_SESSION_ID')
  })

  it("reads a reason phrase written as an enum's constant as the code", () => {
    // https://github.com/NikolaGavric94/laravel-square/issues/67 (the detail shortened)
    const paste =
      '[HTTP/2 401] {"errors": [{"code": "UNAUTHORIZED","detail": "The `Authorization` http header of your request was incorrect or expired.","category": "AUTHENTICATION_ERROR"}]}'
    expect(first(paste)).toMatchObject({code: 'UNAUTHORIZED', provider: 'square'})
  })

  it("reads OAuth 1.0a's oauth_problem quoted inside a message", () => {
    // https://github.com/whatadewitt/yahoo-fantasy-sports-api/issues/37
    const paste = [
      '{',
      '  "lang": "en-US",',
      '  "description": "Please provide valid credentials. OAuth oauth_problem=\\"bearer_token_not_over_ssl\\", realm=\\"yahooapis.com\\""',
      '}',
    ].join('\n')
    expect(first(paste)).toMatchObject({code: 'bearer_token_not_over_ssl', provider: 'yahoo'})
  })
})

describe('a paste that is one sentence', () => {
  it("is an error when a catalog's wording is the sentence", () => {
    // https://github.com/panva/openid-client/issues/454
    const e = first('JWT not active yet, now 1642051718, nbf 1642051719')
    expect(e.description).toBe('JWT not active yet, now 1642051718, nbf 1642051719')
    expect(e.matches[0].provider).toBe('openid-client')
  })

  it('is the error it quotes in backticks', () => {
    // https://github.com/department-of-veterans-affairs/vets-api/issues/216
    const paste =
      'In the login process, the front end is sending the SAMLResponse to `/auth/saml/callback` and I am getting a 403 error and another error stating `Error: Invalid SAML Response. Not match the saml-schema-protocol-2.0.xsd`.'
    expect(first(paste).description).toBe('Invalid SAML Response. Not match the saml-schema-protocol-2.0.xsd')
  })

  it('is an error when it says something did not match, and its wording names the provider', () => {
    // https://github.com/healthchecks/healthchecks/issues/604
    expect(first('redirect_uri did not match any configured URIs. Passed URI:').provider).toBe('slack')
  })
})

describe('links into a code host', () => {
  it('are where code lives, not who sent the error', () => {
    // https://github.com/ory/hydra/issues/3452 (the paste is cut there)
    const paste =
      '{"audience":"application","error":{"debug":"","message":"unauthorized_client","reason":"Make sure that client id and secret are correctly specified and that the client exists.","stack_trace":"\\ngithub.com/ory/x/errorsx.WithStack\\n\\t/go/pkg/mod/github.com/ory/x@v0.0.520/errorsx/errors.go:4'
    expect(first(paste).provider).not.toBe('github')
  })

  it("still name the host's own endpoints", () => {
    const e = first('POST https://github.com/login/oauth/access_token -> {"error":"bad_verification_code"}')
    expect(e.provider).toBe('github')
  })
})

describe('messages as wrappers and loggers print them', () => {
  it.each([
    // https://github.com/clark800/dropbox-restore/issues/29
    [
      '[401] u"The given OAuth 2 access token doesn\'t exist or has expired."',
      "The given OAuth 2 access token doesn't exist or has expired.",
    ],
    // https://github.com/DEKHTIARJonathan/python3-linkedin/issues/15
    [
      'requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: https://www.linkedin.com/uas/oauth2/accessToken',
      'Bad Request',
    ],
    // https://github.com/RealmTeam/django-rest-framework-social-oauth2/issues/180
    [
      '{\n    "error": "invalid_request",\n    "error_description": "Backend responded with HTTP400: {\\"error\\":{\\"message\\":\\"Unknown path components: \\\\/me\\",\\"type\\":\\"OAuthException\\",\\"code\\":2500,\\"fbtrace_id\\":\\"AAAAAAAAAAA\\"}}."\n}',
      'Unknown path components: /me',
    ],
    // Log furniture before the message.
    [
      // https://github.com/ulisesbocchio/spring-boot-security-saml/issues/15 (Spring Boot's pid, thread, padded logger)
      [
        '2016-12-31 12:05:00.740 DEBUG 3290 --- [nio-8080-exec-1] o.o.c.b.decoding.BaseSAMLMessageDecoder  : SAML message intended destination endpoint matched recipient endpoint',
        '2016-12-31 12:05:00.741 DEBUG 3290 --- [nio-8080-exec-1] o.s.security.saml.SAMLProcessingFilter   : Incoming SAML message is invalid',
      ].join('\n'),
      'Incoming SAML message is invalid',
    ],
    [
      // https://github.com/ajmyyra/ambassador-auth-oidc/issues/12 (Go's log timestamp, a wrapped error, the request)
      '2019/01/17 11:26:54 OIDC provider setup failed: Get https://sso-keycloak-sso.cloudapps02.euan-hume-02-ocp.svcs.dxc.com/auth/realms/kubeflow/.well-known/openid-configuration: x509: certificate signed by unknown authority',
      'x509: certificate signed by unknown authority',
    ],
    [
      // https://github.com/node-saml/passport-saml/issues/868 (Docker Compose's service column, an Error: label)
      [
        'infisical-dev-backend | Error: Login sessions require session support. Did you forget to use `express-session` middleware?',
        'infisical-dev-backend |     at SessionManager.logIn (/app/node_modules/passport/lib/sessionmanager.js:21:33)',
      ].join('\n'),
      'Login sessions require session support. Did you forget to use `express-session` middleware?',
    ],
    [
      // https://github.com/DuendeArchive/IdentityServer4/issues/1223 (a timestamp with its zone offset)
      '2017-06-01 14:12:35.680 +00:00 [Error] Invalid redirect_uri: http://localhost/signin-oidc',
      'Invalid redirect_uri: http://localhost/signin-oidc',
    ],
  ])('%s', (paste, description) => {
    expect(first(paste).description).toBe(description)
  })
})

describe('request ids', () => {
  it("pass over a placeholder the poster put in, to the body's next id", () => {
    // https://github.com/AzureAD/azure-activedirectory-library-for-nodejs/issues/219
    const paste = [
      '{',
      '  "error": "invalid_grant",',
      '  "error_description": "AADSTS9002313: Invalid request. Request is malformed or invalid.\\r\\nTrace ID: <REMOVED>\\r\\nCorrelation ID: 5b7c06c8-f9d2-46be-9fd0-c1aa18c278a9\\r\\nTimestamp: 2019-05-23 13:15:22Z",',
      '  "error_codes": [9002313],',
      '  "trace_id": "<REMOVED>",',
      '  "correlation_id": "5b7c06c8-f9d2-46be-9fd0-c1aa18c278a9"',
      '}',
    ].join('\n')
    expect(first(paste).requestId).toBe('5b7c06c8-f9d2-46be-9fd0-c1aa18c278a9')
  })

  it("read a provider's own request-id header in a Python SDK's header dump", () => {
    // https://github.com/pinterest/pinterest-python-generated-api-client/issues/31 (headers shortened)
    const paste = [
      'Exception when calling AdAccountsApi->ad_account_analytics: (401)',
      'Reason: Unauthorized',
      "HTTP response headers: HTTPHeaderDict({'Connection': 'keep-alive', 'x-pinterest-rid': '1337919202421304', 'Date': 'Tue, 22 Aug 2023 20:50:58 GMT'})",
      'HTTP response body: {"code":2,"message":"Authentication failed.","status":"failure"}',
    ].join('\n')
    expect(first(paste).requestId).toBe('1337919202421304')
  })
})
