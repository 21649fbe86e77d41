import {BaseCommand} from '../base-command.js'
import {catalogFlag} from '../cli/flags.js'

export default class Providers extends BaseCommand {
  static description =
    'Every provider errcode knows, with its slug (for --provider), how many entries it has and where the facts come from.'

  static examples = [
    {command: '<%= config.bin %> <%= command.id %>', description: 'The providers and their entry counts'},
    {
      command: '<%= config.bin %> <%= command.id %> --json',
      description: 'As JSON: {"providers": [{slug, name, docs, count, sources}]}',
    },
  ]

  static flags = {catalog: catalogFlag}

  static summary = 'List the providers in the catalog.'

  static runner = 'providers' as const
}
