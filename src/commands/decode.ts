import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {catalogFlag} from '../cli/flags.js'

export default class Decode extends BaseCommand {
  static args = {
    input: Args.string({
      description:
        'What failed: a callback URL, a response body, a WWW-Authenticate header, curl -i/-v output, a JWT or log lines. `-` reads stdin.',
      // errcode reads stdin itself, to its end; oclif's own read gives up after 10 ms.
      ignoreStdin: true,
      required: false,
    }),
  }

  static description = `Reads what developers paste, messy as it is: callback URLs (query, fragment, form_post), JSON error bodies of every common shape (RFC 6749, Microsoft Entra, Google APIs, Okta, Slack, Nylas, Prysmid, IDnow/NestJS, problem+json, GitHub...), WWW-Authenticate challenges (Bearer, DPoP), curl -i/-v dumps, JWTs, HTML error pages, and log lines or stack traces with any of these inside (escaped JSON, Python/JS/Ruby reprs). Reports every error found, the most likely first: the provider (with the evidence), the code, the causes, the fix, and notes such as state, request ids and JWT expiry.

Input: the argument, \`-\` or piped stdin (read to its end), or --file (a HAR file is read as a recorded login, as errcode har does). With no input on a terminal, errcode asks for a paste (end it with an empty line or Ctrl-D); it never prompts when stdin is not a terminal, with --json or with --no-input. Input over --max-bytes (10 MB) or binary input is refused.

Secrets in the input (authorization codes, tokens, client secrets, passwords, Authorization values, JWTs) are masked in all output unless --show-secrets. JWT signatures are never verified.

Exit codes: 0 at least one error recognised, 1 nothing recognised (says what was tried), 2 usage error (bad flag, empty, oversized or binary input), 130 interrupted.`

  static examples = [
    {
      command: `<%= config.bin %> <%= command.id %> 'https://app.example.com/callback?error=invalid_request&error_description=Token+expired&state=af0ifjsldkj'`,
      description: 'A failed redirect: the error is in the URL the browser landed on',
    },
    {
      command: `<%= config.bin %> <%= command.id %> '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}'`,
      description: 'A token endpoint error body',
    },
    {
      command: 'curl -si https://api.example.com/me | <%= config.bin %> <%= command.id %> -',
      description: 'A whole HTTP response from curl',
    },
    {
      command: `<%= config.bin %> <%= command.id %> 'WWW-Authenticate: Bearer error="invalid_token", error_description="The access token expired"'`,
      description: 'A resource server challenge',
    },
    {command: '<%= config.bin %> <%= command.id %> --file app.log', description: 'Find the error in a log file'},
    {command: '<%= config.bin %> <%= command.id %>', description: 'Paste interactively (on a terminal)'},
    {
      command: `<%= config.bin %> <%= command.id %> --json '?error=access_denied&state=xyz'`,
      description: 'Machine-readable result',
    },
  ]

  static flags = {
    catalog: catalogFlag,
    file: Flags.string({char: 'f', description: 'Read the input from this file.', helpValue: 'PATH'}),
    input: Flags.boolean({
      allowNo: true,
      description: 'Prompt for a paste when no input is given on a terminal (the default). --no-input never prompts.',
    }),
    'max-bytes': Flags.string({
      description: 'Refuse input larger than this (bytes, or with a k/MB suffix). Default: 10MB.',
      helpValue: 'BYTES',
    }),
    provider: Flags.string({
      char: 'p',
      description: 'Treat the error as coming from this provider instead of detecting it (see errcode providers).',
    }),
    'show-secrets': Flags.boolean({
      description: 'Print codes, tokens, secrets and passwords found in the input instead of masking them.',
    }),
  }

  static summary =
    'Decode a failing callback URL, error body, header, curl output, JWT or log: provider, code, cause and fix.'

  static runner = 'decode' as const
}
