/**
 * The fast path. Importing @oclif/core alone costs more than errcode's whole start-up budget (2x `node -e 0`,
 * measured in `npm run bench`), so bin/run.js first offers the arguments to this module. It handles the
 * catalog and decode commands when their arguments are plain, reading the flag definitions from
 * oclif.manifest.json (generated from the command classes by the build, so the two cannot drift), and calls the
 * same run functions the oclif commands call. Anything else (help, a parse problem, an unknown flag or command,
 * no manifest) returns undefined and oclif handles the run as usual, with its own messages.
 */
import {readFileSync} from 'node:fs'
import {parseArgs, type ParseArgsConfig} from 'node:util'

import {normaliseError} from '../errors.js'
import {jsonFromEnv, makeContext, type RunContext} from './context.js'
import type {Outcome} from './outcome.js'
import {printError, printOutcome} from './print.js'

type Values = Record<string, unknown>
type Runner = (args: Record<string, string>, flags: Values, ctx: RunContext) => Promise<Outcome>

const RUNNERS: Record<string, () => Promise<Runner>> = {
  async decode() {
    const m = await import('./decode-command.js')
    return (a, f, c) => m.runDecode(a, f, c)
  },
  async har() {
    const m = await import('./har-command.js')
    return (a, f, c) => m.runHar(a.file, f, c)
  },
  async list() {
    const m = await import('./catalog-commands.js')
    return (_a, f, c) => m.runList(f, c)
  },
  async lookup() {
    const m = await import('./catalog-commands.js')
    return (a, f, c) => m.runLookup(a.query, f, c)
  },
  async providers() {
    const m = await import('./catalog-commands.js')
    return (_a, f, c) => m.runProviders(f, c)
  },
  async scrub() {
    const m = await import('./scrub-command.js')
    return (a, f, c) => m.runScrub(a.file, f, c)
  },
}

interface ManifestFlag {
  allowNo?: boolean
  char?: string
  multiple?: boolean
  options?: string[]
  type: 'boolean' | 'option'
}

interface ManifestCommand {
  args: Record<string, {required?: boolean}>
  flags: Record<string, ManifestFlag>
}

/** Parse argv against a manifest entry; undefined when oclif should handle it (it then explains the problem). */
export function parseFast(
  argv: string[],
  command: ManifestCommand,
): undefined | {args: Record<string, string>; flags: Values} {
  if (argv.some((a) => a === '-h' || a === '--help' || a === '--')) return undefined
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const [name, flag] of Object.entries(command.flags)) {
    options[name] = {multiple: Boolean(flag.multiple), type: flag.type === 'boolean' ? 'boolean' : 'string'}
    if (flag.char) options[name].short = flag.char
  }

  for (const token of argv) {
    const negated = /^--no-([^=]+)$/.exec(token)?.[1]
    if (negated && !command.flags[negated]?.allowNo) return undefined
  }

  let parsed
  try {
    parsed = parseArgs({allowNegative: true, allowPositionals: true, args: argv, options, strict: true})
  } catch {
    return undefined
  }

  const names = Object.keys(command.args)
  if (parsed.positionals.length > names.length) return undefined
  const args: Record<string, string> = {}
  for (const [i, name] of names.entries()) {
    const value = parsed.positionals[i]
    if (value === undefined) {
      if (command.args[name].required) return undefined
    } else args[name] = value
  }

  for (const [name, value] of Object.entries(parsed.values)) {
    const allowed = command.flags[name]?.options
    const values = Array.isArray(value) ? value : [value]
    if (allowed && values.some((v) => typeof v === 'string' && !allowed.includes(v))) return undefined
  }

  return {args, flags: parsed.values as Values}
}

/** Run argv on the fast path; returns the exit code, or undefined to hand the run to oclif. */
export async function runFast(argv: string[], manifestPath: URL | string): Promise<number | undefined> {
  const [id, ...rest] = argv
  // Own keys only: `errcode constructor` must not find Object's members in these plain objects.
  if (!id || !Object.hasOwn(RUNNERS, id)) return undefined
  let manifest: {commands?: Record<string, ManifestCommand>}
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  } catch {
    return undefined
  }

  const command = manifest.commands && Object.hasOwn(manifest.commands, id) ? manifest.commands[id] : undefined
  if (!command) return undefined
  const parsed = parseFast(rest, command)
  if (!parsed) return undefined
  const json = Boolean(parsed.flags.json) || jsonFromEnv(process.env)
  const ctx = makeContext({color: parsed.flags.color as boolean | undefined, json})
  try {
    const run = await RUNNERS[id]()
    const outcome = await run(parsed.args, parsed.flags, ctx)
    printOutcome(outcome, {chalk: ctx.chalk, json})
    return outcome.exit
  } catch (error) {
    const e = normaliseError(error)
    if (process.env.DEBUG?.includes('errcode') && error instanceof Error) process.stderr.write(`${error.stack}\n`)
    printError(e, {chalk: ctx.chalk, json})
    return e.exit
  }
}
