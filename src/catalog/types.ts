/** The catalog's types, derived from the one schema (schema.ts); imported as types only, so zod stays unloaded. */
import type {ProviderRecord} from './schema.js'

export type {CatalogEntry, CatalogFile, DescriptionMatch, Envelope, Evidence, ProviderRecord} from './schema.js'
export {KINDS, LOCATIONS, WHO_ACTS} from './vocab.js'
export type {EntryKind, Location, WhoActs} from './vocab.js'

/** A provider as the catalog knows it: its record (all declarations merged), with its entry count and sources. */
export interface ProviderSummary extends ProviderRecord {
  count: number
  sources: string[]
}
