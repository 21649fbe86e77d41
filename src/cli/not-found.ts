/**
 * oclif's command_not_found hook: a mistyped command is a usage error (exit 2) with the nearest command as the
 * suggestion, the same on a terminal and off it, and never a prompt (plugin-not-found asks "did you mean" on a
 * TTY, which blocks scripts and CI). Under --json (or ERRCODE_CONTENT_TYPE=json) it is errcode's JSON error.
 */
import type {Hook} from '@oclif/core'

import {UsageError} from '../errors.js'
import {jsonFromEnv} from './context.js'
import {displayId, printCommandError} from './print.js'

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps): `lokup` is 1 from `lookup`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => [i, ...Array.from({length: b.length}, () => 0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }

  return d[a.length][b.length]
}

/** The nearest command id to what was typed, or undefined when nothing is close (more than a third changed). */
export function nearestCommand(typed: string, ids: string[]): string | undefined {
  let best: {distance: number; id: string} | undefined
  for (const id of ids) {
    const distance = editDistance(typed.toLowerCase(), id)
    if (!best || distance < best.distance) best = {distance, id}
  }

  return best && best.distance <= Math.max(1, Math.floor(typed.length / 3)) ? best.id : undefined
}

export function notFoundError(id: string, argv: string[], ids: string[]): UsageError {
  // `errcode --bogus`: oclif looks for a command of that name.
  if (id.startsWith('-')) return new UsageError(`Nonexistent flag: ${id}`, ['errcode --help'])
  const words = id.split(':')
  // `errcode list zapier`: a real command given a word it does not take.
  for (let n = words.length - 1; n > 0; n--) {
    const command = words.slice(0, n).join(':')
    if (ids.includes(command)) {
      const extra = [...words.slice(n), ...argv].join(' ')
      return new UsageError(`Unexpected argument: ${extra}`, [`errcode ${displayId(command)} --help`])
    }
  }

  // The command the user meant is the first word, or two when the first is a topic (`catalog valdate`).
  const topic = ids.some((i) => i.startsWith(`${words[0]}:`))
  const typed = words.slice(0, topic && words.length > 1 ? 2 : 1)
  const rest = [...words.slice(typed.length), ...argv]
  const near = nearestCommand(typed.join(':'), ids)
  const suggestions = near ? [`errcode ${[displayId(near), ...rest].join(' ')}`] : []
  suggestions.push(topic ? `errcode ${words[0]} --help` : 'errcode --help')
  return new UsageError(`${typed.join(' ')} is not an errcode command`, suggestions)
}

const hook: Hook<'command_not_found'> = async function (options) {
  const argv = options.argv ?? []
  const ids = options.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const json = argv.includes('--json') || jsonFromEnv(process.env)
  process.exitCode = printCommandError(
    notFoundError(
      options.id,
      argv.filter((a) => a !== '--json'),
      ids,
    ),
    {json},
  )
}

export default hook
