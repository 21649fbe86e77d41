import {BaseCommand} from '../../base-command.js'
import {runCatalogTemplate} from '../../cli/team-catalog.js'

export default class CatalogTemplate extends BaseCommand {
  static description = `Prints a valid catalog file with one example entry. Save it, replace the example with your API's codes, check it with \`errcode catalog validate\`, then put it in ~/.config/errcode/catalogs/ (or pass --catalog FILE).`

  static examples = [
    {
      command: '<%= config.bin %> <%= command.id %> > ~/.config/errcode/catalogs/acme.json',
      description: 'Start a team catalog',
    },
  ]

  static summary = "Print a starter file for a team's own catalog."

  async run() {
    const {flags} = await this.parse(CatalogTemplate)
    const ctx = this.context(flags)
    return this.finish(await runCatalogTemplate(), ctx)
  }
}
