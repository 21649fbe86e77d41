import {Command, Flags, type Interfaces} from '@oclif/core'

import {makeContext, type RunContext} from './cli/context.js'
import type {Outcome} from './cli/outcome.js'
import {printError, printJson, printText, printWarnings} from './cli/print.js'
import {normaliseError, UsageError} from './errors.js'

/**
 * errcode's base command: `--json` (the command's result object, printed as it is), `--[no-]color`,
 * errors normalised to {error: {code, message, suggestions}} with errcode's exit codes (oclif's own --json
 * path collapses every exit code to 1, oclif/core#1423; this catch() keeps them), and the run context.
 */
export abstract class BaseCommand extends Command {
  static baseFlags = {
    color: Flags.boolean({
      allowNo: true,
      description: 'Colour the output. Default: on for a terminal; off with NO_COLOR, TERM=dumb or when piped.',
      helpGroup: 'GLOBAL',
    }),
  }

  static enableJsonFlag = true

  protected context(flags: {color?: boolean}): RunContext {
    return makeContext({color: flags.color, configDir: this.config.configDir, json: this.jsonEnabled()})
  }

  /** Print an outcome for humans (--json prints the returned data), set the exit code, return the data. */
  protected finish<T extends object>(outcome: Outcome<T>, ctx: RunContext): T {
    // Under --json oclif prints the returned object through logJson below.
    printWarnings(outcome.warnings, ctx.chalk)
    if (!ctx.json && outcome.text) printText(outcome.text)
    process.exitCode = outcome.exit
    return outcome.data
  }

  async catch(error: Error & {exitCode?: number}): Promise<void> {
    let e = normaliseError(error)
    if (e.exit === 2 && e.suggestions.length === 0) e = new UsageError(e.message, [`errcode ${this.id} --help`])
    if (process.env.DEBUG?.includes('errcode') && error.stack) process.stderr.write(`${error.stack}\n`)
    const ctx = makeContext({json: this.jsonEnabled()})
    printError(e, {chalk: ctx.chalk, json: ctx.json})
    process.exitCode = e.exit
  }

  protected logJson(json: unknown): void {
    printJson(json as object)
  }

  protected toSuccessJson<T>(result: T): T {
    return result
  }
}

export type BaseFlags = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags']>
