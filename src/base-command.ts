import {Command, Flags, type Interfaces} from '@oclif/core'

import {makeContext, type RunContext} from './cli/context.js'
import type {Outcome} from './cli/outcome.js'
import {parseErrorToUsage} from './cli/parse-error.js'
import {printCommandError, printJson, printText, printWarnings} from './cli/print.js'
import {RUNNERS, type RunnerName} from './cli/runners.js'

/**
 * errcode's base command: `--json` (the command's result object, printed as it is), `--[no-]color`,
 * errors normalised to {error: {code, message, suggestions}} with errcode's exit codes (oclif's own --json
 * path collapses every exit code to 1, oclif/core#1423; this catch() keeps them), and the run context.
 *
 * A command that sets `static runner` runs that function from src/cli/runners.ts; the fast path finds the same
 * name in oclif.manifest.json, so both paths run one function.
 */
// oclif's FlagOutput and ArgOutput, which its package does not export.
type Output = {[name: string]: unknown}

export abstract class BaseCommand extends Command {
  static baseFlags = {
    color: Flags.boolean({
      allowNo: true,
      description: 'Colour the output. Default: on for a terminal; off with NO_COLOR, TERM=dumb or when piped.',
      helpGroup: 'GLOBAL',
    }),
  }

  static enableJsonFlag = true

  static runner?: RunnerName

  async catch(error: Error & {exitCode?: number}): Promise<void> {
    // The last of --color/--no-color, as the parser would read it (it may not have got that far).
    const color = this.argv.filter((a) => a === '--color' || a === '--no-color').at(-1)
    process.exitCode = printCommandError(error, {
      color: color === undefined ? undefined : color === '--color',
      id: this.id,
      json: this.jsonEnabled(),
    })
  }

  async run(): Promise<unknown> {
    const ctor = this.constructor as typeof BaseCommand
    if (!ctor.runner) throw new Error(`${this.id} has neither a runner nor its own run()`)
    const {args, flags} = await this.parse(ctor)
    const ctx = this.context(flags as {color?: boolean})
    const run = await RUNNERS[ctor.runner]()
    return this.finish(await run(args, flags, ctx), ctx)
  }

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

  protected logJson(json: unknown): void {
    printJson(json as object)
  }

  protected async parse<F extends Output, B extends Output, A extends Output>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv)
    } catch (error) {
      // It did parse, and failed: oclif's development-mode "did not parse its arguments" warning would be noise.
      this.parsed = true
      throw parseErrorToUsage(error, {argv: argv ?? this.argv, id: this.id})
    }
  }

  protected toSuccessJson<T>(result: T): T {
    return result
  }
}

export type BaseFlags = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags']>
