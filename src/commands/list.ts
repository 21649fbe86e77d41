import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {catalogFlag} from '../cli/flags.js'

export default class List extends BaseCommand {
  static description =
    'One line per code: the code, its HTTP status(es) and a title, grouped by provider. A description variant shows the description it applies to in brackets.'

  static examples = [
    {command: '<%= config.bin %> <%= command.id %> --provider zapier', description: "Zapier's codes"},
    {command: '<%= config.bin %> <%= command.id %> --provider http', description: 'Every HTTP status'},
    {command: '<%= config.bin %> <%= command.id %> --json > catalog.json', description: 'The whole catalog as JSON'},
  ]

  static flags = {
    catalog: catalogFlag,
    provider: Flags.string({char: 'p', description: 'Only this provider (see errcode providers).'}),
  }

  static summary = 'List the codes in the catalog.'

  static runner = 'list' as const
}
