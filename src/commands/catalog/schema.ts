import {BaseCommand} from '../../base-command.js'
import {runCatalogSchema} from '../../cli/team-catalog.js'

export default class CatalogSchema extends BaseCommand {
  static description = `Prints the JSON Schema of catalog files (entries, provider records and their evidence). A team file that names it with "$schema" is completed and checked by editors; \`errcode catalog template\` writes that line for you.`

  static examples = [
    {
      command: '<%= config.bin %> <%= command.id %> > catalog.schema.json',
      description: 'Save the schema for an editor',
    },
  ]

  static summary = 'Print the JSON Schema that team catalog files follow.'

  async run() {
    const {flags} = await this.parse(CatalogSchema)
    const ctx = this.context(flags)
    return this.finish(await runCatalogSchema(), ctx)
  }
}
