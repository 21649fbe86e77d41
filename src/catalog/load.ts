import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs'
import {delimiter, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {CatalogError, UsageError} from '../errors.js'
import {addSplitCatalog} from './bundle.js'
import {Catalog} from './catalog.js'
import {Records} from './records.js'
import type {Meta} from './shards.js'
import type {CatalogEntry, CatalogFile} from './types.js'
import type {CatalogProblem} from './validate.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const DATA_DIR = join(here, '..', 'data')
const HEADS = join(DATA_DIR, 'catalog.json')
const BODIES = join(DATA_DIR, 'catalog-bodies.json')

/**
 * The built-in catalog: the split bundle when built (dist/, see bundle.ts), else src/data/*.json as they are
 * (tests importing src/, bin/dev.js).
 */
export function loadBuiltin(catalog: Catalog): void {
  if (existsSync(HEADS)) {
    addSplitCatalog(catalog, HEADS, BODIES)
    return
  }

  for (const name of readdirSync(DATA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    catalog.add(JSON.parse(readFileSync(join(DATA_DIR, name), 'utf8')) as CatalogFile, name)
  }
}

export interface LoadOptions {
  /** Files given with --catalog (repeatable). A missing one is a usage error. */
  catalogFiles?: string[]
  /** oclif's config.configDir; team catalogs are read from <configDir>/catalogs/*.json. */
  configDir?: string
  env?: NodeJS.ProcessEnv
}

export interface LoadedCatalog {
  catalog: Catalog
  /** Team files that were read, in order. */
  extraFiles: string[]
  /** One line per problem in a team file (the bad entry is skipped, the rest still loads). */
  warnings: string[]
}

let builtinCache: Catalog | undefined

const META = join(DATA_DIR, 'catalog-meta.json')
const SHARDS_DIR = join(DATA_DIR, 'shards')

/**
 * The built-in catalog alone, loaded once per process. Built, it is read piecemeal: an exact lookup parses the
 * provider records and one small index shard (shards.ts), decode and fuzzy lookups the entries' columns and the
 * entries they touch (records.ts), whatever the size of the catalog.
 */
export function builtinCatalog(): Catalog {
  if (!builtinCache) {
    if (existsSync(META)) {
      builtinCache = Catalog.fromShards(
        JSON.parse(readFileSync(META, 'utf8')) as Meta,
        SHARDS_DIR,
        new Records(DATA_DIR),
        (catalog) => addSplitCatalog(catalog, HEADS, BODIES),
      )
    } else {
      builtinCache = new Catalog()
      loadBuiltin(builtinCache)
    }
  }

  return builtinCache
}

/**
 * The catalog with team files added. Built-in data is trusted (the build validates it); team files are not, and
 * only they load the validator (zod), so a run without team files never pays for it.
 */
export async function loadCatalog(options: LoadOptions = {}): Promise<LoadedCatalog> {
  const extraFiles = teamCatalogFiles(options)
  if (extraFiles.length === 0) return {catalog: builtinCatalog(), extraFiles, warnings: []}
  const catalog = new Catalog()
  loadBuiltin(catalog)
  const warnings: string[] = []
  for (const path of extraFiles) warnings.push(...(await addTeamFile(catalog, path)))
  return {catalog, extraFiles, warnings}
}

function teamCatalogFiles(options: LoadOptions): string[] {
  const env = options.env ?? process.env
  const files: string[] = []
  const jsonIn = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, f))
  if (options.configDir) {
    const dir = join(options.configDir, 'catalogs')
    if (existsSync(dir) && statSync(dir).isDirectory()) files.push(...jsonIn(dir))
  }

  for (const part of (env.ERRCODE_CATALOG_PATH ?? '').split(delimiter).filter(Boolean)) {
    if (!existsSync(part)) continue
    files.push(...(statSync(part).isDirectory() ? jsonIn(part) : [part]))
  }

  for (const file of options.catalogFiles ?? []) {
    if (!existsSync(file)) {
      throw new UsageError(`--catalog ${file}: no such file`, ['errcode catalog template > my-catalog.json'])
    }

    files.push(file)
  }

  return [...new Set(files)]
}

/** A team catalog larger than this is not a catalog (the whole built-in one is about 1 MB). */
export const MAX_CATALOG_BYTES = 4 * 1024 * 1024

/**
 * The text of a catalog file, read only when it is a regular file under the size cap. Opened without blocking
 * and checked on the open descriptor, so a FIFO, a device (a symlink to /dev/zero) or a file swapped after the
 * check can neither hang the run nor fill the memory.
 */
export function readCatalogText(path: string): string {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw new CatalogError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }

  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw new CatalogError(`${path}: not a regular file (a FIFO, device or directory); not read`)
    if (stat.size > MAX_CATALOG_BYTES)
      throw new CatalogError(`${path}: larger than ${MAX_CATALOG_BYTES / 1024 / 1024} MB; not read`)
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_CATALOG_BYTES) + 1)
    let length = 0
    for (let n = 1; n > 0 && length < buffer.length; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null)
    if (length > MAX_CATALOG_BYTES)
      throw new CatalogError(`${path}: larger than ${MAX_CATALOG_BYTES / 1024 / 1024} MB; not read`)
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/**
 * Parse and validate one catalog file; throws CatalogError with file, entry and field when it cannot be used
 * at all (not a regular file, too large, not JSON, no entries array). Used by loadCatalog and `errcode catalog validate`.
 */
export async function readCatalogFile(path: string): Promise<{data: CatalogFile; problems: CatalogProblem[]}> {
  const text = readCatalogText(path)

  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    // JSON.parse quotes the start of the file in its message: the reason is enough, the content stays unprinted.
    const reason = (error as Error).message.replace(/,?\s*"[^"\n]{0,40}"(?:\.\.\.)?\s*is not valid JSON$/, '')
    throw new CatalogError(`${path}: not valid JSON (${reason})`, ['errcode catalog template'])
  }

  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new CatalogError(
      `${path}: not a catalog (the file holds ${data === null ? 'null' : Array.isArray(data) ? 'an array' : `a ${typeof data}`}, not an object with "entries")`,
      ['errcode catalog template'],
    )
  // The schema refuses Object member names and patterns outside the linear subset (safe-pattern.ts).
  const {validateCatalogFile} = await import('./validate.js')
  return {data: data as CatalogFile, problems: validateCatalogFile(data)}
}

async function addTeamFile(catalog: Catalog, path: string): Promise<string[]> {
  let parsed
  try {
    parsed = await readCatalogFile(path)
  } catch (error) {
    return [`${(error as Error).message}; file skipped`]
  }

  const {data, problems} = parsed
  const fileLevel = problems.filter((p) => p.entry === null)
  if (fileLevel.length > 0 || !Array.isArray(data.entries)) {
    return fileLevel.map((p) => `${path}: ${p.field} ${p.message}; file skipped`)
  }

  const warnings: string[] = []
  const badEntries = new Set(problems.map((p) => p.entry))
  for (const p of problems) warnings.push(`${path}: entry "${p.entry}": ${p.field} ${p.message}; entry skipped`)
  const good: CatalogEntry[] = []
  for (const [i, entry] of data.entries.entries()) {
    const name = typeof entry?.id === 'string' && entry.id ? entry.id : `entries[${i}]`
    if (badEntries.has(name)) continue
    if (catalog.has(entry.id)) {
      warnings.push(`${path}: entry "${entry.id}": id is already in the catalog; entry skipped (give it another id)`)
      continue
    }

    good.push(entry)
  }

  catalog.add({...data, entries: good}, path, true)
  return warnings
}
