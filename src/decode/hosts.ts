/**
 * Hosts that no provider record knows. A host on the provider's side of an exchange (an error_uri, the host a
 * request went to) still names who sent the error (`developers.glean.com` -> `glean`), unless it is the client's
 * own app, a hosting platform or a placeholder from docs and redacted pastes: those never name a provider.
 */
const NOT_A_PROVIDER =
  /(?:^|\.)(?:localhost|local|test|internal|invalid|example|example\.com|example\.org|example\.net|domain\.com|your-domain\.com|yourdomain\.com|ngrok(?:-free)?\.(?:io|app|dev)|fly\.dev|herokuapp\.com|vercel\.app|netlify\.app|azurewebsites\.net|cloudfront\.net|amazonaws\.com|github\.io|appspot\.com|onrender\.com|railway\.app|pages\.dev|workers\.dev|w3\.org|ietf\.org|rfc-editor\.org|openid\.net|oauth\.net|mozilla\.org|stackoverflow\.com|schema\.org)$/i

const PLACEHOLDER_NAMES = new Set([
  'example',
  'domain',
  'yourdomain',
  'mydomain',
  'your-domain',
  'my-domain',
  'company',
  'yourcompany',
  'acme',
  'host',
  'server',
  'redacted',
])

export function slugFromHost(host: string): null | string {
  const h = host.toLowerCase().replace(/:\d+$/, '')
  if (h.length > 253 || NOT_A_PROVIDER.test(h) || /^[\d.]+$|^\[|[*%<>]/.test(h) || !h.includes('.')) return null
  const labels = h.split('.')
  const twoLevel = labels.length >= 3 && labels.at(-1)!.length === 2 && labels.at(-2)!.length <= 3
  const name = labels.at(twoLevel ? -3 : -2)!
  return /^[a-z][a-z\d-]{1,30}$/.test(name) && !PLACEHOLDER_NAMES.has(name) ? name : null
}

const UNKNOWN_NAMES = new Map([
  ['oauth', 'an OAuth 2.0 / OIDC server'],
  ['unknown', 'an unidentified server'],
])

/** The name to print for a provider: its record's, else the slug capitalised (a provider derived from a host). */
export function displayName(slug: string, recordName?: string): string {
  return recordName ?? UNKNOWN_NAMES.get(slug) ?? slug.charAt(0).toUpperCase() + slug.slice(1)
}
