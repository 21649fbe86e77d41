/**
 * The authorization-endpoint checks (issue 9) and PAR (RFC 9126). They are reported after the token-endpoint
 * checks, and only when the run asks for them (--redirect-uri with an authorization endpoint, or --only), so a
 * token-endpoint run keeps exactly the report it had. No imports: types.ts builds CheckId from this list.
 */
export const AUTHORIZE_CHECK_IDS = [
  'authorize-redirect-uri',
  'authorize-response-type',
  'authorize-pkce',
  'authorize-scope',
  'par',
] as const

export type AuthorizeCheckId = (typeof AUTHORIZE_CHECK_IDS)[number]

export const AUTHORIZE_TITLES: Record<AuthorizeCheckId, string> = {
  'authorize-pkce': 'PKCE at the authorization endpoint: required? S256 accepted? plain refused?',
  'authorize-redirect-uri': 'The authorization endpoint accepts the redirect URI',
  'authorize-response-type': 'The authorization endpoint accepts response_type=code',
  'authorize-scope': 'The authorization endpoint accepts the scope',
  par: 'A pushed authorization request is accepted (RFC 9126)',
}

/** One short line each for the interactive checklist. */
export const AUTHORIZE_CHECKLIST: Record<AuthorizeCheckId, string> = {
  'authorize-pkce': 'PKCE required, S256 accepted, plain refused',
  'authorize-redirect-uri': 'the redirect URI is accepted (no secret)',
  'authorize-response-type': 'response_type=code is accepted',
  'authorize-scope': 'the scope is accepted',
  par: 'push the authorization request (RFC 9126)',
}
