import {BaseCommand} from '../../base-command.js'

export default class CatalogTemplate extends BaseCommand {
  static description = `Prints a valid catalog file with one example entry. Save it, replace the example with your API's codes, check it with \`errcode catalog validate\`, then put it in ~/.config/errcode/catalogs/ (create the directory first: mkdir -p) or pass --catalog FILE.`

  static examples = [
    {
      command:
        'mkdir -p ~/.config/errcode/catalogs && <%= config.bin %> <%= command.id %> > ~/.config/errcode/catalogs/acme.json',
      description: 'Start a team catalog',
    },
  ]

  static summary = "Print a starter file for a team's own catalog."

  static runner = 'catalog-template' as const
}
