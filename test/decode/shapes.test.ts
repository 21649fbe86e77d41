/**
 * Decode's readers of what languages print (reprs, relaxed JSON, XML) and the provider records' evidence, each on
 * real pastes (sources beside them). units.test.ts holds the rest of decode's unit tests.
 */
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {decode} from '../../src/decode/index.js'
import type {DecodedError} from '../../src/decode/types.js'
import {findObjects, readRList} from '../../src/decode/relaxed-json.js'

const catalog = builtinCatalog()
const NOW = Date.parse('2026-01-01T00:00:00Z')

/** The named fields of the first error decode finds in the input. */
const fieldsOf = (input: string, ...fields: (keyof DecodedError)[]) => {
  const e = decode(input, {catalog, now: NOW}).errors[0]
  return fields.map((f) => e?.[f])
}

describe('language reprs', () => {
  it.each([
    [`{'ok': False, 'error': 'missing_scope'}`, {error: 'missing_scope', ok: false}],
    [`{"a"=>"b", "c"=>nil}`, {a: 'b', c: null}],
    [`{ status: 401, headers: [Object], fn: [Function: x] }`, {fn: '[Function: x]', headers: ['Object'], status: 401}],
    [`{:error {:type "t"}}`, {error: {type: 't'}}],
    [`Err { code: 0, host: Some(Domain("a.com")), q: None }`, {code: 0, host: 'a.com', q: null}],
    [`{"body": b'{"__type":"X"}'}`, {body: '{"__type":"X"}'}],
    // Quotes a paste did not escape (https://github.com/stripe/stripe-node/issues/1437) and a Python apostrophe.
    [
      `{"error": {"message": "Invalid API Key provided: "sk_test_***JhB"", "type": "invalid_request_error"}}`,
      {error: {message: 'Invalid API Key provided: "sk_test_***JhB"', type: 'invalid_request_error'}},
    ],
    [`{'detail': 'it's gone', "a": ""}`, {a: '', detail: "it's gone"}],
    // https://github.com/roughike/flutter_facebook_login/issues/151: a Java toString with a sentence in it.
    [
      `GraphResponse: {HttpStatus: 400, errorCode: 190, errorType: OAuthException, errorMessage: Error validating access token: The session has been invalidated.}`,
      {
        errorCode: 190,
        errorMessage: 'Error validating access token: The session has been invalidated.',
        errorType: 'OAuthException',
        HttpStatus: 400,
      },
    ],
  ])('%s', (text, value) => {
    expect(findObjects(text)[0].value).toEqual(value)
  })

  it("Python 2's u'' keys", () => {
    // https://github.com/bear/python-twitter/issues/12 (a TwitterError as printed by Python 2)
    const e = decode("twitter.TwitterError: [{u'message': u'Invalid or expired token', u'code': 89}]", {
      catalog,
      now: NOW,
    }).errors[0]
    expect([e?.code, e?.description]).toEqual(['89', 'Invalid or expired token'])
  })

  it('XML error bodies read with the same shapes as JSON (any case of `message`)', () => {
    const first = (input: string) => fieldsOf(input, 'code', 'description', 'provider')

    // https://github.com/intuit/oauth-jsclient/issues/135
    expect(
      first(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2023-02-12T21:41:20.509-08:00">\n  <Fault type="AuthenticationFault">\n    <Error code="100">\n      <Message>General Authentication Error</Message>\n      <Detail>AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401</Detail>\n    </Error>\n  </Fault>\n</IntuitResponse>',
      ),
    ).toEqual(['100', 'General Authentication Error', 'intuit'])
    expect(
      first('<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Bad login</faultstring></soap:Fault>'),
    ).toEqual(['soap:Client', 'Bad login', 'unknown'])
    // Cut short: what is open is closed where the text ends.
    expect(first('<Error><Code>AccessDenied</Code><Message>Access Denied</Message><Req').slice(0, 2)).toEqual([
      'AccessDenied',
      'Access Denied',
    ])
  })

  it('a status under `code` beside a status field is the status, not a code', () => {
    const read = (input: string) => fieldsOf(input, 'code', 'http', 'description')

    // https://github.com/evenchange4/gh-polls-bot/issues/12 (as logged)
    expect(
      read(
        'err: {\n "code": 401,\n "status": "Unauthorized",\n "message": "{\\"message\\":\\"Bad credentials\\",\\"documentation_url\\":\\"https://developer.github.com/v3\\"}"\n}',
      ),
    ).toEqual([null, 401, 'Bad credentials'])
    // Alone, it is the code the API documents.
    expect(read('{"code":401,"message":"Unauthorized; scope does not match"}')).toEqual([
      '401',
      401,
      'Unauthorized; scope does not match',
    ])
  })

  it("a vendor's code 100 is no HTTP 100, and an entry whose alias is the message explains it", () => {
    const e = decode('<Error code="100"><Message>General Authentication Error</Message></Error>', {
      catalog,
      now: NOW,
    }).errors[0]
    expect(e?.http).toBeNull()
    expect(e?.matches[0]?.id).toBe('intuit/100')
  })

  it('a typed error with a status reads its message (Stripe as logged)', () => {
    // https://github.com/gadelkareem/skeleton/issues/20, the body alone
    const e = decode('{"status":401,"message":"You did not provide an API key.","type":"invalid_request_error"}', {
      catalog,
      now: NOW,
    }).errors[0]
    expect([e?.code, e?.description]).toEqual(['invalid_request_error', 'You did not provide an API key.'])
  })

  it('R list print', () => {
    expect(readRList('$error_summary\n[1] "expired/.."\n\n$error\n$error$.tag\n[1] "expired"')).toEqual({
      error: {'.tag': 'expired'},
      error_summary: 'expired/..',
    })
  })
})

describe('provider records', () => {
  it("AWS's XML errors are AWS's, and another vendor's entry for the same code does not explain them", () => {
    // The STS shape as AWS documents it (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
    const e = decode(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>a1b2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d</RequestId></ErrorResponse>',
      {catalog, now: NOW},
    ).errors[0]
    expect([e?.provider, e?.code, e?.requestId]).toEqual([
      'aws',
      'ExpiredToken',
      'a1b2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    ])
    // Bluesky also has an ExpiredToken entry: it is not AWS's explanation.
    expect(e?.matches.map((m) => m.provider)).not.toContain('bluesky')
  })

  it("a vendor's header is found by its record's rule, not by a list in code", () => {
    // A curl -v response: Salesforce's `sforce-*` headers name it; Box's request id is read by the request-id rule.
    const e = decode(
      '< HTTP/1.1 401 Unauthorized\n< sforce-limit-info: api-usage=18/15000\n< content-type: application/json\n\n[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]',
      {catalog, now: NOW},
    ).errors[0]
    expect(e?.provider).toBe('salesforce')
    expect(e?.providerEvidence.some((r) => r.includes('sforce-'))).toBe(true)
    expect(
      decode(
        'box-request-id: 0fu7h2gc6hl1s2k4\n{"type":"error","status":401,"code":"unauthorized","message":"Unauthorized"}',
        {catalog, now: NOW},
      ).errors[0]?.requestId,
    ).toBe('0fu7h2gc6hl1s2k4')
  })

  it('a code host in a package name or a dependency path is no evidence for it (notEvidence)', () => {
    // https://github.com/scribejava/scribejava/issues/848 (LinkedIn behind scribejava)
    const e = decode(
      'Exception in thread "main" com.github.scribejava.core.model.OAuth2AccessTokenErrorResponse: {"error":"invalid_redirect_uri","error_description":"Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists"}',
      {catalog, now: NOW},
    ).errors[0]
    expect(e?.code).toBe('invalid_redirect_uri')
    expect(e?.provider).not.toBe('github')
    // GitHub's own API still names GitHub.
    expect(
      decode('GET https://api.github.com/user: 401 Bad credentials []', {catalog, now: NOW}).errors[0]?.provider,
    ).toBe('github')
  })

  it.each([
    // https://github.com/seoda/socialite-apple/issues/2
    [
      'invalid_request\nresponse_mode must be form_post when name or email scope is requested.',
      'apple',
      'invalid_request',
    ],
    // https://docs.pingidentity.com/r/en-us/pingfederate-100/tuq1564003028869 (PingFederate's Java packages)
    [
      'ERROR [org.sourceid.saml20.profiles.idp.HandleAuthnRequest] Exception occurred during request processing org.sourceid.websso.profiles.RequestProcessingException: Unexpected Runtime Authn Adapter Integration Problem.',
      'ping',
      'org.sourceid.websso.profiles.RequestProcessingException',
    ],
    // https://github.com/forcedotcom/postman-salesforce-apis/issues/42
    ['error=invalid_client_id&error_description=client%20identifier%20invalid', 'salesforce', 'invalid_client_id'],
  ])('names its provider: %j', (input, provider, code) => {
    const e = decode(input, {catalog, now: NOW}).errors[0]
    expect(e?.provider).toBe(provider)
    expect([code, code.split('.').at(-1)]).toContain(e?.code)
  })

  it('a code only a client-side producer has was raised there, whatever server the request was for', () => {
    const e = decode(
      '{"message":{"name":"RequestError","message":"Error: unable to get local issuer certificate","cause":{"code":"UNABLE_TO_GET_ISSUER_CERT_LOCALLY"},"options":{"uri":"https://graph.facebook.com/v2.7/search?type=place","method":"GET"}}}',
      {catalog, now: NOW},
    ).errors[0]
    expect([e?.provider, e?.code]).toEqual(['transport', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'])
  })

  it("Auth0's log events and its wording for an unknown audience", () => {
    const first = (input: string) => fieldsOf(input, 'provider', 'code')

    // A tenant log event as the dashboard shows it (type is the event code):
    // https://github.com/auth0-samples/auth0-python-web-app/issues/62
    expect(
      first(
        '{"date": "2021-11-02T03:18:02.729Z", "type": "feacft", "description": "Unauthorized", "connection_id": "", "client_id": null, "client_name": null, "ip": "108.28.73.248"}',
      ),
    ).toEqual(['auth0', 'feacft'])
    // https://github.com/aws-samples/ask-around-me/issues/2
    expect(
      first(
        'http://localhost:8080/?error=access_denied&error_description=Service%20not%20found%3A%20https%3A%2F%2Fauth0-jwt-authorizer&state=Mm5Fdi1mVjNvdldwY1p0dGNNeU5tcDlPblJqOW14Mi1fNmVDV213YlljVA%3D%3D',
      ),
    ).toEqual(['auth0', 'access_denied'])
  })

  it("an SDK's package names its provider (paypalrestsdk)", () => {
    // https://github.com/paypal/PayPal-Python-SDK/issues/128
    const e = decode(
      'paypalrestsdk.exceptions.UnauthorizedAccess: Failed. Response status: 401. Response message: Unauthorized. Error message: {"error":"invalid_client","error_description":"Client Authentication failed"}',
      {catalog, now: NOW},
    ).errors[0]
    expect([e?.provider, e?.code]).toEqual(['paypal', 'invalid_client'])
  })

  it("Spring Boot's default error body is Spring's", () => {
    // https://github.com/spring-guides/tut-spring-security-and-angular-js/issues/6 (the body of a curl -v)
    const e = decode(
      '{"timestamp":1423990178614,"status":401,"error":"Unauthorized","message":"Full authentication is required to access this resource","path":"/"}',
      {catalog, now: NOW},
    ).errors[0]
    expect([e?.provider, e?.http, e?.description]).toEqual([
      'spring-security',
      401,
      'Full authentication is required to access this resource',
    ])
  })

  it('an envelope is read in a member cut out of a larger body, and ZITADEL codes are its location ids', () => {
    const first = (input: string) => fieldsOf(input, 'provider', 'code', 'description')

    // https://github.com/ory/kratos/issues/2813 (cut as posted)
    expect(
      first(
        '"error":{"id":"security_csrf_violation","code":403,"status":"Forbidden","reason":"Please retry the flow and optionally clear your cookies.","details":{"docs":"https://www.ory.sh/kratos/docs/debug/csrf","hint":"The',
      ),
    ).toEqual(['ory', 'security_csrf_violation', 'Please retry the flow and optionally clear your cookies.'])
    // https://github.com/zitadel/zitadel/issues/7170
    expect(
      first(
        '{"code": 5, "message": "Auth Request does not exist (QUERY-Thee9)", "details": [{"@type": "type.googleapis.com/zitadel.v1.ErrorDetail", "id": "QUERY-Thee9", "message": "Auth Request does not exist"}]}',
      ),
    ).toEqual(['zitadel', 'QUERY-Thee9', 'Auth Request does not exist (QUERY-Thee9)'])
  })

  it('a library every request prints (curl -v naming OpenSSL) does not make an OAuth error a TLS one', () => {
    // https://github.com/django-oauth/django-oauth-toolkit/issues/52
    const input = [
      '{"error": "invalid_client"}',
      '> POST /o/token/ HTTP/1.1',
      '> User-Agent: curl/7.24.0 (x86_64-apple-darwin12.0) libcurl/7.24.0 OpenSSL/0.9.8x zlib/1.2.5',
      '< HTTP/1.0 400 BAD REQUEST',
    ].join('\n')
    const e = decode(input, {catalog, now: NOW}).errors[0]
    expect([e?.code, e?.provider]).toEqual(['invalid_client', 'oauth'])
  })

  it("claim no header every server may send (request-id is Graph's and Stripe's and many more)", () => {
    const generic =
      /^(?:x-)?(?:request|correlation|trace)-?id$|^(?:server|content-type|www-authenticate|x-powered-by)$/i
    const claimed = [...catalog.providers.values()].flatMap((p) =>
      (p.evidence?.headers ?? []).filter((h) => generic.test(h)).map((h) => `${p.slug}: ${h}`),
    )
    expect(claimed).toEqual([])
  })
})

describe('messages beside their codes, as libraries and pages print them', () => {
  const first = (input: string) => decode(input, {catalog, now: NOW}).errors[0]
  it.each([
    [
      `oauth2: "bad_verification_code" "The code passed is incorrect or expired." "https://docs.github.com/x"`,
      'bad_verification_code',
      'The code passed is incorrect or expired.',
    ],
    [
      "at next (router.js:312:13) name: 'JsonWebTokenError', message: 'invalid signature' }",
      'JsonWebTokenError',
      'invalid signature',
    ],
    [
      '401. That’s an error.\n\nError: invalid_client\n\nThe OAuth client was not found.\n\nRequest Details',
      'invalid_client',
      'The OAuth client was not found.',
    ],
    ['XRPCError: InvalidToken > Token is invalid', 'InvalidToken', 'Token is invalid'],
    // https://github.com/AzureAD/microsoft-authentication-library-for-objc/issues/822: a B2C code under a key
    // that names the message, in MSAL's NSError print.
    [
      'Error Domain=MSALErrorDomain Code=-50000 "(null)" UserInfo={MSALErrorDescriptionKey=AADB2C90118:+The+user+has+forgotten+their+password.',
      'AADB2C90118',
      'AADB2C90118: The user has forgotten their password.',
    ],
    // https://github.com/offish/twitchtube/issues/7: callback parameters in brackets in prose.
    [
      'Unable to authorize Twitch account (error=redirect_mismatch&error_description=Parameter+redirect_uri+does+not+match+registered+URI)',
      'redirect_mismatch',
      'Parameter redirect_uri does not match registered URI',
    ],
  ])('%j', (input, code, description) => {
    expect([first(input)?.code, first(input)?.description]).toEqual([code, description])
  })
})
