/**
 * What identifies a provider in a paste: its hosts, its response headers, its code formats, the names its SDKs
 * and log lines carry, and wording only it uses. Facts about the providers, not about any sample; weights say how
 * much each kind of evidence counts (provider.ts adds them up).
 */

/** Registrable domains (and their subdomains) per provider. */
export const PROVIDER_DOMAINS: Record<string, string[]> = {
  apple: ['appleid.apple.com', 'developer.apple.com'],
  atlassian: ['atlassian.com', 'atlassian.net'],
  auth0: ['auth0.com'],
  'aws-cognito': ['amazoncognito.com', 'cognito-idp.amazonaws.com'],
  bluesky: ['bsky.social', 'bsky.app', 'bsky.network'],
  box: ['box.com', 'boxcloud.com'],
  discord: ['discord.com', 'discordapp.com'],
  dropbox: ['dropbox.com', 'dropboxapi.com'],
  facebook: ['facebook.com'],
  github: ['github.com'],
  gitlab: ['gitlab.com'],
  google: ['google.com', 'googleapis.com', 'gstatic.com'],
  hubspot: ['hubspot.com', 'hubapi.com'],
  idnow: ['idnow.de', 'idnow.io'],
  keycloak: ['keycloak.org'],
  linkedin: ['linkedin.com', 'licdn.com'],
  microsoft: [
    'microsoftonline.com',
    'login.microsoft.com',
    'login.live.com',
    'graph.microsoft.com',
    'graph.windows.net',
    'sts.windows.net',
    'login.windows.net',
    'b2clogin.com',
    'microsoftonline.us',
    'partner.microsoftonline.cn',
    'learn.microsoft.com',
    'docs.microsoft.com',
  ],
  nylas: ['nylas.com'],
  okta: ['okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com'],
  paypal: ['paypal.com'],
  salesforce: ['salesforce.com', 'force.com', 'salesforce-sites.com'],
  slack: ['slack.com'],
  spotify: ['spotify.com'],
  stripe: ['stripe.com'],
  twitch: ['twitch.tv'],
  twitter: ['twitter.com', 'api.x.com'],
  zapier: ['zapier.com'],
}

/** Display names for providers the catalog may not have an entry for. */
export const PROVIDER_NAMES: Record<string, string> = {
  atlassian: 'Atlassian',
  aws: 'AWS',
  bluesky: 'Bluesky',
  box: 'Box',
  discord: 'Discord',
  dropbox: 'Dropbox',
  facebook: 'Facebook',
  gitlab: 'GitLab',
  hubspot: 'HubSpot',
  linkedin: 'LinkedIn',
  microsoft: 'Microsoft Entra ID',
  oauth: 'an OAuth 2.0 / OIDC server',
  paypal: 'PayPal',
  spotify: 'Spotify',
  stripe: 'Stripe',
  twitch: 'Twitch',
  twitter: 'X (Twitter)',
  unknown: 'an unidentified server',
}

/** The name to print for a provider: the catalog's, errcode's own list, else the slug capitalised. */
export function displayName(slug: string, catalogName?: string): string {
  return catalogName ?? PROVIDER_NAMES[slug] ?? slug.charAt(0).toUpperCase() + slug.slice(1)
}

export function providerForHost(host: string): null | string {
  const h = host.toLowerCase()
  for (const [provider, domains] of Object.entries(PROVIDER_DOMAINS)) {
    if (domains.some((d) => h === d || h.endsWith(`.${d}`))) return provider
  }

  return null
}

/** Hosts that name the client's own app or a platform, never the provider that sent the error. */
const NOT_A_PROVIDER =
  /(?:^|\.)(?:localhost|local|test|internal|invalid|example|example\.com|example\.org|example\.net|domain\.com|your-domain\.com|yourdomain\.com|ngrok(?:-free)?\.(?:io|app|dev)|fly\.dev|herokuapp\.com|vercel\.app|netlify\.app|azurewebsites\.net|cloudfront\.net|amazonaws\.com|github\.io|appspot\.com|onrender\.com|railway\.app|pages\.dev|workers\.dev|w3\.org|ietf\.org|rfc-editor\.org|openid\.net|oauth\.net|mozilla\.org|stackoverflow\.com|schema\.org)$/i

/** Names that stand for "your domain" in docs and redacted pastes. */
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

/**
 * A provider slug for a host no table knows (`developers.glean.com` -> `glean`), for hosts that belong to the
 * provider's side (an error_uri, the host a request went to). Null for IPs, localhost and hosting platforms.
 */
export function slugFromHost(host: string): null | string {
  const h = host.toLowerCase().replace(/:\d+$/, '')
  if (NOT_A_PROVIDER.test(h) || /^[\d.]+$|^\[|[*%<>]/.test(h) || !h.includes('.')) return null
  const labels = h.split('.')
  const twoLevel = labels.length >= 3 && labels.at(-1)!.length === 2 && labels.at(-2)!.length <= 3
  const name = labels.at(twoLevel ? -3 : -2)!
  return /^[a-z][a-z\d-]{1,30}$/.test(name) && !PLACEHOLDER_NAMES.has(name) ? name : null
}

export interface Pattern {
  /** Lower-case words one of which must occur before the regex is worth running. */
  needles: string[]
  provider: string
  re: RegExp
  reason: string
  weight: number
}

/** Response headers (name, optional value) that only one provider sends. */
export const HEADER_PATTERNS: {name: RegExp; provider: string; reason: string; value?: RegExp; weight: number}[] = [
  {name: /^server$/, provider: 'github', reason: 'server: GitHub.com header', value: /^github\.com$/i, weight: 0.6},
  {name: /^x-github-/, provider: 'github', reason: 'x-github-* response headers', weight: 0.6},
  {
    name: /^server$/,
    provider: 'google',
    reason: 'a Google front-end server header (GSE/ESF)',
    value: /^(?:GSE|ESF|Google Frontend|sffe)$/i,
    weight: 0.4,
  },
  {name: /^x-goog-/, provider: 'google', reason: 'x-goog-* response headers', weight: 0.4},
  {name: /^server$/, provider: 'twitter', reason: 'server: tsa_* (X/Twitter front end)', value: /^tsa_/i, weight: 0.5},
  {
    name: /^x-(?:transaction-id|connection-hash)$/,
    provider: 'twitter',
    reason: 'x-transaction-id / x-connection-hash headers (X/Twitter)',
    weight: 0.4,
  },
  {
    name: /^x-ms-(?:request-id|ags-diagnostic|clitelem)$/,
    provider: 'microsoft',
    reason: 'x-ms-* diagnostic headers (Microsoft)',
    weight: 0.5,
  },
  {
    name: /^x-amzn-(?:requestid|errortype|errormessage)$/,
    provider: 'aws',
    reason: 'x-amzn-* headers (AWS)',
    weight: 0.4,
  },
  {name: /^box-request-id$/, provider: 'box', reason: 'box-request-id header (Box API)', weight: 0.7},
  {name: /^x-okta-request-id$/, provider: 'okta', reason: 'x-okta-request-id header', weight: 0.7},
  {name: /^x-slack-(?:req-id|backend|unique-id)$/, provider: 'slack', reason: 'x-slack-* headers', weight: 0.7},
  {name: /^x-auth0-requestid$/, provider: 'auth0', reason: 'x-auth0-requestid header', weight: 0.7},
  {name: /^sforce-/, provider: 'salesforce', reason: 'sforce-* headers (Salesforce)', weight: 0.6},
  {name: /^x-hubspot-/, provider: 'hubspot', reason: 'x-hubspot-* headers', weight: 0.6},
  {name: /^x-dropbox-/, provider: 'dropbox', reason: 'x-dropbox-* headers', weight: 0.6},
]

/** Code formats that belong to one provider. */
export const CODE_PATTERNS: Omit<Pattern, 'needles'>[] = [
  {provider: 'microsoft', re: /^AADSTS\d{4,9}$/i, reason: 'an AADSTS code (Microsoft Entra ID)', weight: 0.9},
  {
    provider: 'microsoft',
    re: /^IDX\d{5}$/,
    reason: 'an IDX code (Microsoft.IdentityModel token validation)',
    weight: 0.7,
  },
  {provider: 'okta', re: /^E0000\d{3}$/, reason: 'an E0000xxx code (Okta)', weight: 0.8},
]

/** Does the (lower-cased) text contain one of the pattern's words, and then match it? */
export function patternIn(p: Pattern, text: string, lower: string): boolean {
  return p.needles.some((n) => lower.includes(n)) && p.re.test(text)
}

/** Names in SDK classes, loggers and stack traces (whole words; identity-specific, not a vendor's web framework). */
export const MENTIONS: Pattern[] = [
  {
    needles: ['microsoft.identity', 'azure ad', 'azuread', 'entra id', 'msal'],
    provider: 'microsoft',
    re: /\bMicrosoft\.Identity(?:Model|\.Client|\.Web)\b|\bAzure AD\b|\bAzureAD\b|\bEntra ID\b|\bMSAL\b/,
    reason: 'Microsoft identity library or product named',
    weight: 0.4,
  },
  {
    needles: ['googleapiclient', 'google.auth', 'google-auth', 'googleauth', 'google.oauth2', 'googlejsonresponse'],
    provider: 'google',
    re: /\bgoogleapiclient\b|\bgoogle\.auth\b|\bgoogle-auth-library\b|\bGoogleAuth\b|\bgoogle\.oauth2\b|\bGoogleJsonResponseException\b/,
    reason: 'a Google client library named',
    weight: 0.4,
  },
  {
    needles: ['keycloak'],
    provider: 'keycloak',
    re: /\bkeycloak\b/i,
    reason: 'Keycloak named (org.keycloak logger, realm URL)',
    weight: 0.5,
  },
  {
    needles: ['/realms/'],
    provider: 'keycloak',
    re: /\/realms\/[\w.-]{1,100}\/protocol\/openid-connect\b/,
    reason: 'a Keycloak realm endpoint path',
    weight: 0.7,
  },
  {
    needles: ['salesforce', 'jsforce'],
    provider: 'salesforce',
    re: /\bsalesforce\b|\bjsforce\b/i,
    reason: 'Salesforce named',
    weight: 0.5,
  },
  {
    needles: ['slack'],
    provider: 'slack',
    re: /\bSlackApiError\b|\bslack[._](?:sdk|errors|bolt)\b|\bcom\.slack\.api\b|\b@slack\//i,
    reason: 'a Slack SDK named',
    weight: 0.6,
  },
  {
    needles: ['appleid', 'sign in with apple', 'asauthorizationerror'],
    provider: 'apple',
    re: /\bAppleID\b|\bSign in with Apple\b|\bASAuthorizationError\b/,
    reason: 'Sign in with Apple named',
    weight: 0.5,
  },
  {
    needles: ['auth0', 'callbackhandlererror', 'err_callback_handler_failure'],
    provider: 'auth0',
    re: /\bauth0\b|\bCallbackHandlerError\b|\bERR_CALLBACK_HANDLER_FAILURE\b/i,
    reason: 'Auth0 or an Auth0 SDK error named',
    weight: 0.5,
  },
  {needles: ['okta'], provider: 'okta', re: /\bokta\b/i, reason: 'Okta named', weight: 0.4},
  {needles: ['cognito'], provider: 'aws-cognito', re: /\bcognito\b/i, reason: 'Cognito named', weight: 0.5},
  {needles: ['nylas'], provider: 'nylas', re: /\bnylas\b/i, reason: 'Nylas named', weight: 0.5},
  {needles: ['zapier'], provider: 'zapier', re: /\bzapier\b/i, reason: 'Zapier named', weight: 0.5},
  {needles: ['idnow'], provider: 'idnow', re: /\bidnow\b/i, reason: 'IDnow named', weight: 0.5},
  {needles: ['prysmid'], provider: 'prysmid', re: /\bprysmid\b/i, reason: 'Prysmid named', weight: 0.5},
  {
    needles: ['stripe'],
    provider: 'stripe',
    re: /(?<![a-z])stripe(?![a-z])/i,
    reason: 'Stripe named (e.g. an omniauth stripe_connect strategy)',
    weight: 0.5,
  },
  {needles: ['linkedin'], provider: 'linkedin', re: /\blinkedin\b/i, reason: 'LinkedIn named', weight: 0.5},
  {
    needles: ['twitter', 'tweepy'],
    provider: 'twitter',
    re: /\btwitter\b|\btweepy\b/i,
    reason: 'Twitter named',
    weight: 0.4,
  },
  {needles: ['dropbox'], provider: 'dropbox', re: /\bdropbox\b/i, reason: 'Dropbox named', weight: 0.5},
  {needles: ['discord'], provider: 'discord', re: /\bdiscord\b/i, reason: 'Discord named', weight: 0.4},
  {needles: ['spotify'], provider: 'spotify', re: /\bspotify\b/i, reason: 'Spotify named', weight: 0.4},
  {
    needles: ['atlassian', 'jira', 'confluence'],
    provider: 'atlassian',
    re: /\batlassian\b|\bjira\b|\bconfluence\b/i,
    reason: 'Atlassian named',
    weight: 0.4,
  },
  {needles: ['hubspot'], provider: 'hubspot', re: /\bhubspot\b/i, reason: 'HubSpot named', weight: 0.4},
  {
    needles: ['bluesky', 'atproto'],
    provider: 'bluesky',
    re: /\bbluesky\b|\batproto\b/i,
    reason: 'Bluesky / atproto named',
    weight: 0.4,
  },
  {needles: ['github'], provider: 'github', re: /\bgithub\b/i, reason: 'GitHub named', weight: 0.3},
  {needles: ['google'], provider: 'google', re: /\bgoogle\b/i, reason: 'Google named', weight: 0.25},
]

/** Wording only one provider uses in its error messages. */
export const PHRASES: Pattern[] = [
  {
    needles: ['token has been expired', 'insufficient authentication scopes', 'oauth client was not found'],
    provider: 'google',
    re: /Token has been expired or revoked|Request had insufficient authentication scopes|The OAuth client was not found/i,
    reason: "Google's wording",
    weight: 0.5,
  },
  {
    needles: ['correlation id'],
    provider: 'microsoft',
    re: /Trace ID: [\w-]{8,}[\s\S]{0,20}Correlation ID: [\w-]{8,}/,
    reason: 'Trace ID / Correlation ID lines (Microsoft Entra ID)',
    weight: 0.6,
  },
  {
    needles: ['resource server', 'service not enabled', 'callback url mismatch'],
    provider: 'auth0',
    re: /is not authorized to access resource server|Service not enabled within domain|Callback URL mismatch/i,
    reason: "Auth0's wording",
    weight: 0.5,
  },
  {
    needles: ['must match configuration', 'access/refresh token', 'approved this consumer'],
    provider: 'salesforce',
    re: /redirect_uri must match configuration|expired access\/refresh token|user hasn't approved this consumer/i,
    reason: "Salesforce's wording",
    weight: 0.5,
  },
  {
    needles: ['api key'],
    provider: 'stripe',
    re: /Invalid API Key provided|No such API key|You did not provide an API key/i,
    reason: "Stripe's wording",
    weight: 0.5,
  },
  {
    needles: ['valid bearer authentication'],
    provider: 'spotify',
    re: /Only valid bearer authentication supported/i,
    reason: "Spotify's wording",
    weight: 0.4,
  },
  {
    needles: ['scope does not match'],
    provider: 'atlassian',
    re: /Unauthorized; scope does not match/i,
    reason: "Atlassian's API gateway wording",
    weight: 0.4,
  },
  {
    needles: ['grant_type parameter'],
    provider: 'box',
    re: /Invalid grant_type parameter or parameter missing/i,
    reason: "Box's token endpoint wording",
    weight: 0.4,
  },
  {
    needles: ['denied your application', 'registered callback url'],
    provider: 'github',
    re: /The user has denied your application access|The redirect_uri MUST match the registered callback URL/i,
    reason: "GitHub's wording",
    weight: 0.35,
  },
  {
    needles: ['master', 'token verification failed', 'direct access grants'],
    provider: 'keycloak',
    re: /\brealm="master"|Token verification failed|Client not allowed for direct access grants/,
    reason: "Keycloak's wording (the master realm, its token checks)",
    weight: 0.3,
  },
]
