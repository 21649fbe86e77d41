/** One error code as errcode explains it. The format is documented in docs/catalog-schema.md. */
export type WhoActs = 'client developer' | 'end user' | 'provider' | 'server operator'

export const WHO_ACTS: readonly WhoActs[] = ['client developer', 'end user', 'server operator', 'provider']

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

export interface DescriptionMatch {
  pattern?: string
  text?: string
}

export interface CatalogEntry {
  aliases: string[]
  causes: string[]
  code: string
  docs: string
  fixes: string[]
  http: number[]
  id: string
  kind?: EntryKind
  match?: DescriptionMatch
  meaning: string
  notes?: string
  oauthError?: string
  official?: boolean
  provider: string
  retryable: boolean
  spec: null | string
  title: string
  where?: Location[]
  whoActs: WhoActs
}

export interface ProviderInfo {
  docs: string
  name: string
  slug: string
}

export interface CatalogFile {
  entries: CatalogEntry[]
  providers: ProviderInfo[]
  source: {notes?: string; title: string; url: string}
}

/** A provider as the catalog knows it, with where its entries came from. */
export interface ProviderSummary extends ProviderInfo {
  count: number
  sources: string[]
}
