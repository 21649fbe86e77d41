/** The closed vocabularies of catalog entries; zod-free so that run-time modules can import them cheaply. */
export const WHO_ACTS = ['client developer', 'end user', 'server operator', 'provider'] as const
export type WhoActs = (typeof WHO_ACTS)[number]

export const LOCATIONS = [
  'authorization_response',
  'token_endpoint',
  'resource_server',
  'device_flow',
  'ciba',
  'registration',
  'revocation',
  'introspection',
  'par',
  'userinfo',
  'api',
  'error_page',
  'webhook',
  'sdk',
  'log',
] as const
export type Location = (typeof LOCATIONS)[number]

export const KINDS = ['log_event', 'event', 'sdk', 'rest', 'oauth1_fault', 'http_status'] as const
export type EntryKind = (typeof KINDS)[number]
