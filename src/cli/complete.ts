/**
 * Shell completion. The scripts `errcode completion SHELL` prints (src/cli/completion-scripts.ts) hand the words
 * typed so far to the hidden `errcode __complete -- WORDS...`, which answers from the same oclif.manifest.json the
 * fast path reads (command names, their flags) and from the catalog's provider records (`--provider` values: every
 * slug and alias, team catalogs' providers included). So a new command, flag or provider completes without a
 * script to regenerate.
 *
 * Output: one candidate a line, `value<TAB>description` (bash drops the description, zsh and fish show it), or the
 * single line `:files` when the word is a file name (the shell completes paths itself).
 */
import {readFileSync} from 'node:fs'

import {loadCatalog} from '../catalog/load.js'
import {compareText} from '../catalog/normalise.js'
import {SHELLS} from './completion-scripts.js'
import type {RunContext} from './context.js'
import type {ManifestCommand, ManifestFlag} from './fast.js'
import type {Outcome} from './outcome.js'

export interface Candidate {
  description?: string
  value: string
}

export type Completion = 'files' | Candidate[]

export interface CompletionCommand extends ManifestCommand {
  args: Record<string, {multiple?: boolean; options?: string[]; required?: boolean}>
  flags: Record<string, ManifestFlag & {description?: string; summary?: string}>
  hidden?: boolean
  summary?: string
}

export interface CompletionSource {
  commands: Record<string, CompletionCommand>
  /** Provider values, asked for only when a `--provider` value is being completed. */
  providers: (catalogFiles: string[]) => Promise<Candidate[]>
  topics: Record<string, {description?: string}>
}

/** Flags and arguments whose value is a path. */
const FILE_VALUES = new Set(['ca', 'catalog', 'file', 'output'])
/** Global flags oclif adds to every command (they are not in the manifest's flags). */
const GLOBAL_FLAGS: Candidate[] = [{description: 'Show help for this command.', value: '--help'}]

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0].trim() || undefined

const byPrefix = (candidates: Candidate[], prefix: string, add = '') =>
  candidates
    .filter((c) => c.value.toLowerCase().startsWith(prefix.toLowerCase()))
    .map((c) => ({...c, value: add + c.value}))

interface Reading {
  /** The option flag whose value the current word is. */
  awaiting?: string
  catalogs: string[]
  positionals: number
  seen: Set<string>
}

/** Read the words before the current one as oclif would: which flags were given, how many arguments. */
function readWords(words: string[], command: CompletionCommand): Reading {
  const byChar = new Map(
    Object.entries(command.flags)
      .filter(([, f]) => f.char)
      .map(([name, f]) => [f.char as string, name]),
  )
  const reading: Reading = {catalogs: [], positionals: 0, seen: new Set()}
  let rest = false
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (rest || word === '-' || !word.startsWith('-')) {
      reading.positionals++
      continue
    }

    if (word === '--') {
      rest = true
      continue
    }

    const long = word.startsWith('--')
    const eq = word.indexOf('=')
    const name = long ? word.slice(2, eq === -1 ? undefined : eq) : byChar.get(word[1])
    const flag = name && Object.hasOwn(command.flags, name) ? command.flags[name] : undefined
    if (!name || !flag) continue
    reading.seen.add(name)
    if (flag.type !== 'option' || eq !== -1 || (!long && word.length > 2)) {
      if (name === 'catalog' && eq !== -1) reading.catalogs.push(word.slice(eq + 1))
      continue
    }

    // bash splits `--provider=go` into `--provider`, `=`, `go` (COMP_WORDBREAKS has `=`).
    let next = i + 1
    if (words[next] === '=') next++
    if (next >= words.length) {
      reading.awaiting = name
      break
    }

    if (name === 'catalog') reading.catalogs.push(words[next])
    i = next
  }

  return reading
}

async function flagValues(
  name: string,
  flag: ManifestFlag,
  source: CompletionSource,
  reading: Reading,
): Promise<Completion> {
  if (name === 'provider') return source.providers(reading.catalogs)
  if (flag.options) return flag.options.map((value) => ({value}))
  return FILE_VALUES.has(name) ? 'files' : []
}

/** The candidates for the last word of `words` (the words after `errcode`; the last may be empty). */
export async function complete(words: string[], source: CompletionSource): Promise<Completion> {
  const current = words.at(-1) ?? ''
  const before = words.slice(0, -1)
  const visible = Object.entries(source.commands).filter(([, c]) => !c.hidden)
  const commandNames = (topic?: string): Candidate[] => {
    const names = new Map<string, string | undefined>()
    for (const [id, c] of visible) {
      const parts = id.split(':')
      const topicText = Object.hasOwn(source.topics, parts[0]) ? source.topics[parts[0]].description : undefined
      if (topic === undefined) names.set(parts[0], parts.length > 1 ? topicText : c.summary)
      else if (parts[0] === topic && parts.length === 2) names.set(parts[1], c.summary)
    }

    if (topic === undefined) names.set('help', 'Show help for a command.')
    return [...names]
      .sort(([a], [b]) => compareText(a, b))
      .map(([value, description]) => ({description: firstLine(description), value}))
  }

  if (before.length === 0) {
    if (current.startsWith('-'))
      return byPrefix([...GLOBAL_FLAGS, {description: "Show errcode's version.", value: '--version'}], current)
    return byPrefix(commandNames(), current)
  }

  const isTopic = (word: string) => visible.some(([id]) => id.startsWith(`${word}:`))
  if (before[0] === 'help') return before.length === 1 ? byPrefix(commandNames(), current) : []
  if (before.length === 1 && isTopic(before[0])) return byPrefix(commandNames(before[0]), current)
  const id = isTopic(before[0]) ? `${before[0]}:${before[1]}` : before[0]
  const command = Object.hasOwn(source.commands, id) ? source.commands[id] : undefined
  if (!command || command.hidden) return []
  const reading = readWords(before.slice(id.split(':').length), command)

  if (reading.awaiting) {
    const values = await flagValues(reading.awaiting, command.flags[reading.awaiting], source, reading)
    // `--provider=` in bash: the current word is `=` itself, and a completion replaces it.
    if (current === '=' && values !== 'files') return byPrefix(values, '', '=')
    return values === 'files' ? values : byPrefix(values, current)
  }

  // `--provider=go` or `-p=go` as one word (zsh, fish): the values, each with that prefix.
  const inline = /^(?:--([^=]+)|-([^-=]))=/.exec(current)
  if (inline) {
    const byChar = Object.entries(command.flags).find(([, f]) => inline[2] !== undefined && f.char === inline[2])
    const name = inline[1] ?? byChar?.[0] ?? ''
    const flag = Object.hasOwn(command.flags, name) ? command.flags[name] : undefined
    if (!flag || flag.type !== 'option') return []
    const values = await flagValues(name, flag, source, reading)
    const prefix = current.slice(0, current.indexOf('=') + 1)
    return values === 'files' ? values : byPrefix(values, current.slice(prefix.length), prefix)
  }

  if (current.startsWith('-')) {
    const flags: Candidate[] = []
    for (const [name, flag] of Object.entries(command.flags)) {
      if (reading.seen.has(name) && !flag.multiple) continue
      const description = firstLine(flag.summary ?? flag.description)
      flags.push({description, value: `--${name}`})
      if (flag.type === 'boolean' && flag.allowNo) flags.push({description, value: `--no-${name}`})
    }

    return byPrefix([...flags, ...GLOBAL_FLAGS], current)
  }

  const args = Object.entries(command.args)
  const arg = args[Math.min(reading.positionals, args.length - 1)]
  if (!arg || (reading.positionals >= args.length && !arg[1].multiple)) return []
  if (arg[1].options)
    return byPrefix(
      arg[1].options.map((value) => ({value})),
      current,
    )
  if (id === 'completion')
    return byPrefix(
      Object.keys(SHELLS).map((value) => ({value})),
      current,
    )
  return FILE_VALUES.has(arg[0]) ? 'files' : []
}

/** `--provider` values: every provider with entries, by slug, then its aliases. */
export async function providerCandidates(
  catalogFiles: string[],
  ctx: Pick<RunContext, 'configDir' | 'env'>,
): Promise<Candidate[]> {
  // A --catalog file on the line that cannot be read still leaves the built-in providers to complete.
  const loaded = await loadCatalog({catalogFiles, configDir: ctx.configDir, env: ctx.env}).catch(() =>
    loadCatalog({configDir: ctx.configDir, env: ctx.env}),
  )
  const providers = [...loaded.catalog.providers.values()].filter((p) => p.count > 0)
  const slugs = providers.map((p) => ({description: p.name, value: p.slug}))
  const aliases = providers.flatMap((p) =>
    (p.aliases ?? []).map((alias) => ({description: `${p.name} (${p.slug})`, value: alias})),
  )
  const seen = new Set<string>()
  return [...slugs, ...aliases]
    .filter((c) => !seen.has(c.value) && seen.add(c.value))
    .sort((a, b) => compareText(a.value, b.value))
}

/** The root of the package: this module runs from src/cli, dist/cli or dist/fastpath, all two levels down. */
const ROOT = new URL('../../', import.meta.url)

function manifestSource(ctx: RunContext): CompletionSource {
  const manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', ROOT), 'utf8')) as {
    commands: Record<string, CompletionCommand>
  }
  const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
    oclif?: {topics?: Record<string, {description?: string}>}
  }
  return {
    commands: manifest.commands,
    providers: (files) => providerCandidates(files, ctx),
    topics: pkg.oclif?.topics ?? {},
  }
}

/** Candidates as the shell scripts read them; one line each, tabs and newlines never inside a value. */
export function formatCompletion(completion: Completion): string {
  if (completion === 'files') return ':files'
  const flat = (s: string) => s.replaceAll(/[\t\n\r]+/g, ' ')
  return completion.map((c) => (c.description ? `${flat(c.value)}\t${flat(c.description)}` : flat(c.value))).join('\n')
}

/** `errcode __complete -- WORDS...`: never an error (a shell would print it in the middle of the command line). */
export async function runComplete(words: string[], ctx: RunContext): Promise<Outcome<{completions: Completion}>> {
  const typed = words[0] === '--' ? words.slice(1) : words
  let completions: Completion = []
  try {
    completions = await complete(typed.length === 0 ? [''] : typed, manifestSource(ctx))
  } catch {
    completions = []
  }

  return {data: {completions}, exit: 0, text: formatCompletion(completions), warnings: []}
}
