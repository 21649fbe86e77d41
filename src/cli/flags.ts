import {Flags} from '@oclif/core'

/** --catalog FILE (repeatable): a team's own catalog, same schema as src/data (docs/catalog-schema.md). */
export const catalogFlag = Flags.string({
  description:
    'Also load this catalog file (repeatable). Files in ~/.config/errcode/catalogs and ERRCODE_CATALOG_PATH are loaded too.',
  helpValue: 'FILE',
  multiple: true,
  // `--catalog team.json CODE`: one value per --catalog, so the code stays the argument (the fast path relies on it).
  multipleNonGreedy: true,
})
