import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {catalogFlag} from '../cli/flags.js'

export default class Har extends BaseCommand {
  static args = {
    file: Args.string({
      description: 'A HAR file (DevTools > Network > Export HAR).',
      ignoreStdin: true,
      required: true,
    }),
  }

  static description = `Rebuilds each login in a browser's HAR: OAuth 2.0 / OpenID Connect (discovery, PAR, authorize, the login pages, the callback by query, fragment or form_post, token, userinfo and API calls, refresh, logout) and SAML (AuthnRequest, SAMLResponse to the ACS). Prints a timeline per flow, marks the first failing step and explains it with the catalog like any paste, then the findings that need two steps side by side: redirect_uri, state, nonce, PKCE, a reused code, narrowed scopes, expired tokens, CORS, redirect loops, third-party cookies, cookie and header problems, SAML status, audience, destination, InResponseTo, validity and signatures.

Finding ids (stable, for --json): redirect-uri-mismatch, state-mismatch, state-missing, pkce-verifier-missing, pkce-method-mismatch, code-reused, nonce-mismatch, scope-narrowed, token-expired, token-not-yet-valid, cors-blocked, redirect-loop, third-party-cookies, cookie-samesite-none-insecure, cookie-missing-at-callback, header-too-large, error-response, saml-status, saml-audience, saml-destination, saml-in-response-to, saml-expired, saml-unsigned.

Secrets in the HAR (codes, tokens, cookies, passwords, Authorization headers, client secrets, code verifiers, SAML messages) are masked in all output unless --show-secrets. To share the HAR itself, make a copy with errcode scrub.

Exit codes: 0 the file was read (findings or not), 2 not a HAR, unreadable or too large.`

  static examples = [
    {command: '<%= config.bin %> <%= command.id %> login.har', description: 'Timeline, first failure and findings'},
    {command: '<%= config.bin %> <%= command.id %> login.har --json', description: 'Machine-readable report'},
  ]

  static flags = {
    catalog: catalogFlag,
    'max-bytes': Flags.string({
      description: 'Refuse a HAR larger than this (bytes, or with a k/MB suffix). Default: 256MB.',
      helpValue: 'BYTES',
    }),
    'show-secrets': Flags.boolean({
      description: 'Print codes, tokens and cookies as they are instead of masking them.',
    }),
  }

  static summary = "Diagnose a failing login from a browser's HAR: timeline, first failing step, cross-step findings."

  static runner = 'har' as const
}
