/**
 * The fast path. Importing @oclif/core alone costs more than errcode's whole start-up budget (2x `node -e 0`,
 * measured in `npm run bench`), so bin/run.js first offers the arguments to this module. It runs the commands
 * whose manifest entry names a runner (src/cli/runners.ts; oclif copies a command's `static runner` into
 * oclif.manifest.json, generated from the command classes by the build), reading their flags from the same entry.
 *
 * It reads an argument list only when oclif would read it the same way, and hands every other one to oclif
 * (returns undefined): a flag given twice, `--` , a value that starts with `-` or is empty, a boolean with `=`,
 * combined short flags, anything that is not a flag of the command, a missing or surplus argument, a value outside
 * a flag's options, and flag features errcode does not use (aliases, env, relationships). What it accepts it reads
 * as oclif's parser does: `--name value`, `--name=value`, `-c value`, `-c=value`, `-cvalue`, `--[no-]name`, `-` as
 * an argument, a variadic last argument. test/cli/parity.test.ts holds the two paths to the same output.
 */
import {readFileSync} from 'node:fs'

import {jsonFromEnv, makeContext} from './context.js'
import {writeDirectly} from './output.js'
import {printCommandError, printOutcome} from './print.js'
import {isRunnerName, RUNNERS} from './runners.js'

type Values = Record<string, unknown>

export interface ManifestFlag {
  aliases?: string[]
  allowNo?: boolean
  char?: string
  charAliases?: string[]
  default?: unknown
  dependsOn?: string[]
  env?: string
  exclusive?: string[]
  multiple?: boolean
  options?: string[]
  relationships?: unknown[]
  required?: boolean
  type: 'boolean' | 'option'
}

export interface ManifestCommand {
  args: Record<string, {multiple?: boolean; options?: string[]; required?: boolean}>
  flags: Record<string, ManifestFlag>
  runner?: string
  strict?: boolean
}

const plainFlag = (f: ManifestFlag) =>
  !f.aliases?.length && !f.charAliases?.length && !f.env && !f.dependsOn && !f.exclusive && !f.relationships

/** Parse argv against a manifest entry; undefined when oclif should read it (it then explains any problem). */
export function parseFast(argv: string[], command: ManifestCommand): undefined | {args: Values; flags: Values} {
  if (command.strict === false) return undefined
  const defs = new Map(Object.entries(command.flags))
  if (![...defs.values()].every((f) => plainFlag(f))) return undefined
  const byChar = new Map([...defs].filter(([, f]) => f.char).map(([name, f]) => [f.char as string, name]))
  const flags: Values = {}
  const seen = new Set<string>()
  const positionals: string[] = []

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (token === '-' || !token.startsWith('-')) {
      positionals.push(token)
      continue
    }

    let name: string | undefined
    let inline: string | undefined
    if (token.startsWith('--')) {
      const eq = token.indexOf('=')
      name = eq === -1 ? token.slice(2) : token.slice(2, eq)
      inline = eq === -1 ? undefined : token.slice(eq + 1)
    } else {
      name = byChar.get(token[1])
      if (token.length > 2) inline = token.slice(token[2] === '=' ? 3 : 2)
    }

    if (name === undefined || name === '') return undefined
    let def = defs.get(name)
    let value: unknown
    if (!def) {
      // --no-NAME for a boolean that allows it; anything else that looks like a flag is oclif's to judge.
      const base = token.startsWith('--no-') && inline === undefined ? name.slice(3) : ''
      def = defs.get(base)
      if (!def || def.type !== 'boolean' || !def.allowNo) return undefined
      name = base
      value = false
    } else if (def.type === 'boolean') {
      if (inline !== undefined) return undefined
      value = true
    } else {
      value = inline ?? argv[++i]
      if (typeof value !== 'string' || value === '' || value.startsWith('-')) return undefined
      if (def.options && !def.options.includes(value)) return undefined
    }

    if (seen.has(name) && !(def.type === 'option' && def.multiple)) return undefined
    seen.add(name)
    flags[name] = def.multiple ? [...((flags[name] as string[] | undefined) ?? []), value] : value
  }

  for (const [name, def] of defs) {
    if (seen.has(name)) continue
    if (def.required) return undefined
    if (def.default !== undefined) flags[name] = def.default
  }

  const args: Values = {}
  const entries = Object.entries(command.args)
  for (const [i, [name, def]] of entries.entries()) {
    const last = i === entries.length - 1
    // A variadic argument anywhere but last is ordered by rules the fast path does not copy.
    if (def.multiple && !last) return undefined
    const value = def.multiple ? positionals.slice(i) : positionals[i]
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      if (def.required) return undefined
      continue
    }

    if (def.options) return undefined
    args[name] = value
  }

  const variadic = entries.at(-1)?.[1].multiple
  if (!variadic && positionals.length > entries.length) return undefined
  return {args, flags}
}

/**
 * Run argv on the fast path; returns the exit code, or undefined to hand the run to oclif (having written
 * nothing). `direct`: write fds 1 and 2 rather than process.stdout and process.stderr (src/cli/output.ts).
 */
export async function runFast(
  argv: string[],
  manifestPath: URL | string,
  options: {direct?: boolean} = {},
): Promise<number | undefined> {
  if (!argv[0] || argv[0].startsWith('-')) return undefined
  let manifest: {commands?: Record<string, ManifestCommand>}
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  } catch {
    return undefined
  }

  // Own keys only: `errcode constructor` must not find Object's members in these plain objects.
  const find = (id: string) =>
    manifest.commands && Object.hasOwn(manifest.commands, id) ? manifest.commands[id] : undefined
  // Topics are separated by a space: `catalog validate` is the command catalog:validate.
  const two = argv.length > 1 ? `${argv[0]}:${argv[1]}` : ''
  const id = two && find(two) ? two : argv[0]
  const rest = argv.slice(id.split(':').length)
  const command = find(id)
  if (!command || !isRunnerName(command.runner)) return undefined
  // A command that reads its words itself (`__complete`, strict off) gets them as they are, on both paths.
  const parsed = command.strict === false ? {args: {words: rest}, flags: {}} : parseFast(rest, command)
  if (!parsed) return undefined
  // Its words are a shell's, not a user's: ERRCODE_CONTENT_TYPE=json must not turn completions into JSON.
  const json = command.strict !== false && (Boolean(parsed.flags.json) || jsonFromEnv(process.env))
  if (options.direct) writeDirectly()
  const ctx = makeContext({color: parsed.flags.color as boolean | undefined, json})
  try {
    const run = await RUNNERS[command.runner]()
    const outcome = await run(parsed.args, parsed.flags, ctx)
    printOutcome(outcome, {chalk: ctx.chalk, json})
    return outcome.exit
  } catch (error) {
    return printCommandError(error, {color: parsed.flags.color as boolean | undefined, id, json})
  }
}
