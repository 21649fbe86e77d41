import type {LookupMatch} from '../catalog/search.js'
import type {DecodedError} from '../decode/types.js'

/** What a step is in a login (the `role` of `har --json`). */
export type Role =
  | 'api'
  | 'authorize'
  | 'callback'
  | 'discovery'
  | 'jwks'
  | 'login'
  | 'logout'
  | 'par'
  | 'preflight'
  | 'redirect'
  | 'refresh'
  | 'saml-request'
  | 'saml-response'
  | 'token'
  | 'userinfo'

export type FindingId =
  | 'code-reused'
  | 'cookie-missing-at-callback'
  | 'cookie-samesite-none-insecure'
  | 'cors-blocked'
  | 'error-response'
  | 'header-too-large'
  | 'nonce-mismatch'
  | 'pkce-method-mismatch'
  | 'pkce-verifier-missing'
  | 'redirect-loop'
  | 'redirect-uri-mismatch'
  | 'saml-audience'
  | 'saml-destination'
  | 'saml-expired'
  | 'saml-in-response-to'
  | 'saml-status'
  | 'saml-unsigned'
  | 'scope-narrowed'
  | 'state-mismatch'
  | 'state-missing'
  | 'third-party-cookies'
  | 'token-expired'
  | 'token-not-yet-valid'

export interface HarStep {
  /** Position in the flow's steps. */
  index: number
  /** Index in the HAR's log.entries. */
  entry: number
  startedDateTime: string
  method: string
  /** The request URL, secrets masked. */
  url: string
  status: number
  role: Role
  /** decode()'s reading of the step's response when it failed, else null. */
  error: DecodedError | null
}

export interface HarFinding {
  id: FindingId
  severity: 'error' | 'info' | 'warning'
  message: string
  /** Step indexes (in the flow) the finding compared. */
  steps: number[]
  explanation: LookupMatch | null
}

export interface HarFlow {
  kind: 'oauth2' | 'oidc' | 'saml'
  issuer: null | string
  provider: string
  clientId: null | string
  steps: HarStep[]
  firstFailure: null | number
  findings: HarFinding[]
}

/** `errcode har --json`: a contract (issue 11, docs/har.md). */
export interface HarReport {
  file: string
  flows: HarFlow[]
  notes: string[]
}

export interface HarOptions {
  catalog?: import('../catalog/catalog.js').Catalog
  /** The name the report gives the file. */
  file?: string
  /** Reference time for decode's relative JWT dates (tests pin it). */
  now?: number
  showSecrets?: boolean
}
