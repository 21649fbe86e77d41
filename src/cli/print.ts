import type {ChalkInstance} from 'chalk'

import {type ErrcodeError, errorToJson, normaliseError, UsageError} from '../errors.js'
import {makeContext} from './context.js'
import {writeErr, writeOut} from './output.js'
import {clean, forTerminal, jsonText} from '../render/text.js'
import type {Outcome} from './outcome.js'

type Write = (text: string) => void

const out: Write = writeOut
const err: Write = writeErr

/** `--json` output: the command's result object itself, two-space indented, never coloured, C0 and C1 escaped. */
export function printJson(data: object, write: Write = out): void {
  write(`${jsonText(data)}\n`)
}

/**
 * Human output: the one place text reaches the terminal. Renderers clean what they take from the data, but
 * this pass runs on the whole document regardless, so nothing a renderer let through (a coloured paragraph, a
 * curl block, a server's value) can carry a sequence other than errcode's own colours.
 */
export function printText(text: string, write: Write = out): void {
  write(`${forTerminal(text)}\n`)
}

const oneLine = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')

export function printWarnings(warnings: string[], chalk: ChalkInstance, write: Write = err): void {
  for (const w of warnings) write(forTerminal(`${chalk.yellow('warning:')} ${clean(oneLine(w))}\n`))
}

export function printOutcome(outcome: Outcome, options: {chalk: ChalkInstance; json: boolean}): void {
  printWarnings(outcome.warnings, options.chalk)
  if (options.json) printJson(outcome.data)
  else if (outcome.text) printText(outcome.text)
}

/**
 * An error, the same from every path: one line on stderr (`Error: ...`), then "Try this:" suggestions;
 * under --json, `{"error": {code, message, suggestions}}` on stdout. Never a stack trace.
 */
export function printError(error: ErrcodeError, options: {chalk: ChalkInstance; json: boolean}): void {
  if (error.code === 'INTERRUPTED') return
  // One line, whatever the message quotes: a JSON parser's message repeats the input, newlines included.
  const message = oneLine(error.message)
  if (options.json) {
    const json = errorToJson(error)
    json.error.message = message
    printJson(json)
    return
  }

  const {chalk} = options
  let text = `${chalk.red('Error:')} ${clean(message)}\n`
  if (error.suggestions.length === 1) text += `${chalk.dim('Try this:')} ${clean(error.suggestions[0])}\n`
  else if (error.suggestions.length > 1)
    text += `${chalk.dim('Try this:')}\n${error.suggestions.map((s) => `  ${clean(s)}\n`).join('')}`
  err(forTerminal(text))
}

/** How a user types a command id: `catalog:validate` is `catalog validate` (topicSeparator is a space). */
export const displayId = (id: string) => id.replaceAll(':', ' ')

/**
 * What both paths do with an error thrown by a run: normalise it, point a usage error without its own
 * suggestion at the command's help, print it, and return the exit code.
 */
export function printCommandError(error: unknown, options: {color?: boolean; id?: string; json: boolean}): number {
  let e = normaliseError(error)
  if (e.exit === 2 && e.suggestions.length === 0 && options.id)
    e = new UsageError(e.message, [`errcode ${displayId(options.id)} --help`], e.code)
  if (process.env.DEBUG?.includes('errcode') && error instanceof Error && error.stack) err(`${error.stack}\n`)
  printError(e, {chalk: makeContext({color: options.color, json: options.json}).chalk, json: options.json})
  return e.exit
}
