import {Command} from '@oclif/core'

import {makeContext} from '../cli/context.js'
import {printOutcome} from '../cli/print.js'
import {RUNNERS} from '../cli/runners.js'

/**
 * `errcode __complete -- WORDS...`, what the completion scripts call at each Tab (src/cli/complete.ts). It reads
 * its words itself (strict off, no parsing: `--provider` in them is a word being completed, not a flag); the fast
 * path runs the same runner.
 */
export default class Complete extends Command {
  static hidden = true

  static runner = 'complete' as const

  static strict = false

  static summary = 'Print the completions for a partial command line (used by errcode completion scripts).'

  async run(): Promise<void> {
    // Its words are not flags to parse (see above); without this oclif warns that it forgot to.
    this.parsed = true
    const ctx = makeContext({configDir: this.config.configDir, json: false})
    const run = await RUNNERS.complete()
    printOutcome(await run({words: this.argv}, {}, ctx), {chalk: ctx.chalk, json: false})
  }
}
