import {Flags} from '@oclif/core'

/** --catalog FILE (repeatable): a team's own catalog, same schema as src/data (docs/catalog-schema.md). */
export const catalogFlag = Flags.string({
  description:
    'Also load this catalog file (repeatable). Files in ~/.config/errcode/catalogs and ERRCODE_CATALOG_PATH are loaded too.',
  helpValue: 'FILE',
  multiple: true,
})
