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
import {isLinearPattern} from './safe-pattern.js'
import type {CatalogEntry, CatalogFile} from './types.js'
import {type CatalogProblem, validateCatalogFile} from './validate.js'

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

/** The catalog with team files added. Built-in data is trusted (a test validates it); team files are not. */
export function loadCatalog(options: LoadOptions = {}): LoadedCatalog {
  const extraFiles = teamCatalogFiles(options)
  if (extraFiles.length === 0 && builtinCache) return {catalog: builtinCache, extraFiles, warnings: []}
  const catalog = new Catalog()
  loadBuiltin(catalog)
  if (extraFiles.length === 0) builtinCache = catalog
  const warnings: string[] = []
  for (const path of extraFiles) warnings.push(...addTeamFile(catalog, path))
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
 * Field names that are members of every JavaScript object (`toString`, `constructor`, `__proto__`) are refused
 * here as well as by the schema: a lookup with `in` finds them in any plain object.
 */
function memberNameProblems(entries: unknown[]): CatalogProblem[] {
  const problems: CatalogProblem[] = []
  for (const [i, e] of entries.entries()) {
    if (!e || typeof e !== 'object') continue
    const entry =
      typeof (e as CatalogEntry).id === 'string' && (e as CatalogEntry).id ? (e as CatalogEntry).id : `entries[${i}]`
    for (const key of Object.keys(e))
      if (key === '__proto__' || key in Object.prototype)
        problems.push({entry, field: key, message: 'is not a field of the schema'})
  }

  return problems
}

/** Team patterns run on untrusted descriptions: only the linear subset (safe-pattern.ts) is accepted. */
function patternProblems(data: unknown): CatalogProblem[] {
  const entries =
    data && typeof data === 'object' && Array.isArray((data as CatalogFile).entries)
      ? (data as CatalogFile).entries
      : []
  const problems: CatalogProblem[] = []
  for (const [i, e] of entries.entries()) {
    const pattern = (e as {match?: {pattern?: unknown}} | null)?.match?.pattern
    if (typeof pattern !== 'string') continue
    const verdict = isLinearPattern(pattern)
    const entry = typeof e?.id === 'string' && e.id ? e.id : `entries[${i}]`
    if (!verdict.ok)
      problems.push({entry, field: 'match', message: `pattern is not in the linear subset: ${verdict.reason}`})
  }

  return problems
}

/**
 * Parse and validate one catalog file; throws CatalogError with file, entry and field when it cannot be used
 * at all (not a regular file, too large, not JSON, no entries array). Used by loadCatalog and `errcode catalog validate`.
 */
export function readCatalogFile(path: string): {data: CatalogFile; problems: CatalogProblem[]} {
  const text = readCatalogText(path)

  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new CatalogError(`${path}: not valid JSON (${(error as Error).message})`, ['errcode catalog template'])
  }

  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new CatalogError(
      `${path}: not a catalog (the file holds ${data === null ? 'null' : Array.isArray(data) ? 'an array' : `a ${typeof data}`}, not an object with "entries")`,
      ['errcode catalog template'],
    )
  const problems = validateCatalogFile(data)
  const known = new Set(problems.map((p) => `${p.entry}\u0000${p.field}`))
  const entries = Array.isArray((data as CatalogFile).entries) ? (data as CatalogFile).entries : []
  for (const p of [...memberNameProblems(entries), ...patternProblems(data)])
    if (!known.has(`${p.entry}\u0000${p.field}`)) problems.push(p)
  return {data: data as CatalogFile, problems}
}

function addTeamFile(catalog: Catalog, path: string): string[] {
  let parsed
  try {
    parsed = readCatalogFile(path)
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

  catalog.add({...data, entries: good}, path)
  return warnings
}
