import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'

export default class Scrub extends BaseCommand {
  static args = {
    file: Args.string({description: 'The HAR file to scrub (it is never changed).', ignoreStdin: true, required: true}),
  }

  static description = `Writes a copy of a HAR that is safe to attach to a support ticket. Cookies, Authorization headers, passwords, authorization codes, access/refresh/ID tokens, client secrets and assertions, code verifiers, API keys, any JWT, and the NameID and attribute values of SAML assertions are replaced by placeholders, in URLs, headers, cookies, form and JSON bodies, query strings inside bodies and hidden form fields. The same value always gets the same placeholder (redacted-code-1, redacted-token-2...), so a reused code or a changed token still shows; client_id, redirect_uri, state, nonce, code_challenge, scopes, hosts and timings are kept, so errcode har can still diagnose the copy.

Prints what it replaced, by kind, with counts (--json too). It refuses to write over its input, and over any existing file unless --force.

Exit codes: 0 written, 2 usage error (not a HAR, OUT is the input, OUT exists, unreadable input).`

  static examples = [
    {command: '<%= config.bin %> <%= command.id %> login.har -o login.scrubbed.har', description: 'A copy to share'},
    {command: '<%= config.bin %> <%= command.id %> login.har -o shared.har --json', description: 'The summary as JSON'},
  ]

  static flags = {
    force: Flags.boolean({description: 'Replace OUT when it exists (never the input).'}),
    'max-bytes': Flags.string({
      description: 'Refuse a HAR larger than this (bytes, or with a k/MB suffix). Default: 256MB.',
      helpValue: 'BYTES',
    }),
    output: Flags.string({
      char: 'o',
      description: 'Where to write the scrubbed copy.',
      helpValue: 'OUT',
      required: true,
    }),
  }

  static summary =
    'Write a copy of a HAR with cookies, tokens, codes, passwords and SAML attributes replaced by stable placeholders.'

  static runner = 'scrub' as const
}
