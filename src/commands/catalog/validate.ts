import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'

export default class CatalogValidate extends BaseCommand {
  static args = {file: Args.string({description: 'The catalog file to check.', ignoreStdin: true, required: true})}

  static description = `Checks a team's own catalog file against errcode's schema (the format errcode catalog template prints) before it is used: every problem with its entry and field, and ids that collide with the built-in catalog.

Team catalogs are loaded from --catalog FILE, ~/.config/errcode/catalogs/*.json and ERRCODE_CATALOG_PATH; a bad entry there is skipped with a warning and never takes the built-in catalog down.

Exit codes: 0 valid, 1 problems found, 2 the file cannot be read or is not JSON.`

  static examples = [
    {command: '<%= config.bin %> <%= command.id %> ./acme-errors.json', description: 'Check a file'},
    {
      command: '<%= config.bin %> <%= command.id %> ./acme-errors.json --json',
      description: 'As JSON: {file, entries, problems: [{entry, field, message}], valid}',
    },
  ]

  static summary = "Check a team's catalog file."

  static runner = 'catalog-validate' as const
}
