import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {catalogFlag} from '../cli/flags.js'

export default class Lookup extends BaseCommand {
  static args = {
    query: Args.string({
      description: 'An error code, HTTP status, or words from the message (typos are fine).',
      ignoreStdin: true,
      // Unquoted words are one query: `errcode lookup token has been expired or revoked`.
      multiple: true,
      required: true,
    }),
  }

  static description = `Finds the code in errcode's catalog (the OAuth/OIDC standards, HTTP, and providers such as Microsoft Entra, Google, Okta, Auth0, Zapier, Nylas) and explains it: what it means, the usual causes, the fix steps and who must act.

Case and separators do not matter (INVALID-GRANT, "invalid grant"), nor a provider's namespace (refresh_token_invalid finds Nylas's grant.refresh_token_invalid). When nothing matches exactly, the closest entries are shown. A code that several providers send shows every provider's meaning, the standard first.

Exit codes: 0 found, 1 nothing matched (with "did you mean" suggestions), 2 usage error.`

  static examples = [
    {
      command: '<%= config.bin %> <%= command.id %> invalid_grant',
      description: 'Explain a code, with every provider that sends it',
    },
    {
      command: '<%= config.bin %> <%= command.id %> invalid_grant --provider zapier',
      description: "Only one provider's meaning",
    },
    {
      command: '<%= config.bin %> <%= command.id %> 429',
      description: 'An HTTP status, then the codes that travel with it',
    },
    {
      command: `<%= config.bin %> <%= command.id %> invalid_grant --provider google --description 'Token has been expired or revoked.'`,
      description: 'Pick the variant that matches the error_description',
    },
    {command: "<%= config.bin %> <%= command.id %> 'slug taken'", description: 'Search by words from the message'},
    {command: '<%= config.bin %> <%= command.id %> invalid_client --json', description: 'Machine-readable result'},
  ]

  static flags = {
    catalog: catalogFlag,
    description: Flags.string({
      char: 'd',
      description: 'The error_description you saw; picks the matching variant of a code.',
    }),
    // Read by positiveInt on both paths (decimal digits only), so oclif and the fast path give one answer.
    limit: Flags.string({
      char: 'n',
      description: 'Show at most this many matches. Default: every exact match, or the 10 closest.',
      helpValue: 'N',
    }),
    provider: Flags.string({char: 'p', description: 'Only this provider (see errcode providers).'}),
  }

  static summary = 'Explain an OAuth, OpenID Connect, HTTP or provider error code.'

  static runner = 'lookup' as const
}
