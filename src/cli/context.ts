import {Chalk, type ChalkInstance} from 'chalk'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {stdoutColumns, stdoutIsTTY} from './output.js'

/** What a command needs from its surroundings, so the logic stays testable without a terminal. */
export interface RunContext {
  chalk: ChalkInstance
  /** oclif's config.configDir (~/.config/errcode), where team catalogs live in catalogs/. */
  configDir: string
  env: NodeJS.ProcessEnv
  json: boolean
  stdin: NodeJS.ReadableStream & {isTTY?: boolean}
  /** Terminal width to wrap human output to. */
  width: number
}

/**
 * Colour policy: off with NO_COLOR (non-empty, no-color.org), TERM=dumb, --no-color, or when stdout is
 * not a terminal; FORCE_COLOR (other than 0) turns it on unless NO_COLOR is set. chalk 5 ignores NO_COLOR
 * by itself, so errcode decides and hands commands a Chalk instance with that level.
 */
export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean, flag: boolean | undefined): 0 | 1 | 2 | 3 {
  if (flag === false) return 0
  if (env.NO_COLOR) return 0
  const forced = env.FORCE_COLOR
  if (forced !== undefined && forced !== '' && forced !== '0' && forced !== 'false') {
    const n = Number(forced)
    return n === 2 || n === 3 ? n : 1
  }

  if (flag === true) return 1
  if (env.TERM === 'dumb' || !isTTY) return 0
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3
  return /256/.test(env.TERM ?? '') ? 2 : 1
}

export function terminalWidth(env: NodeJS.ProcessEnv, columns: number | undefined): number {
  const fromEnv = Number(env.COLUMNS)
  const width = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (columns ?? 80)
  return Math.max(40, Math.min(width, 120))
}

/** The same directory oclif computes for config.configDir (ERRCODE_CONFIG_DIR, XDG_CONFIG_HOME, ~/.config). */
export function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.ERRCODE_CONFIG_DIR) return env.ERRCODE_CONFIG_DIR
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'))
  return join(base, 'errcode')
}

export function jsonFromEnv(env: NodeJS.ProcessEnv): boolean {
  return (env.ERRCODE_CONTENT_TYPE ?? '').toLowerCase() === 'json'
}

export function makeContext(options: {color?: boolean; configDir?: string; json: boolean}): RunContext {
  const env = process.env
  const level = options.json ? 0 : colorLevel(env, stdoutIsTTY(), options.color)
  return {
    chalk: new Chalk({level}),
    configDir: options.configDir ?? defaultConfigDir(env),
    env,
    json: options.json,
    // On first use: process.stdin opens a stream on fd 0 (a socket for a pipe), which only a run reading stdin needs.
    get stdin() {
      return process.stdin
    },
    width: terminalWidth(env, stdoutColumns()),
  }
}

/** CI systems set CI (true, 1, or a name); a prompt there waits for a keyboard that never comes. */
export function ciFromEnv(env: NodeJS.ProcessEnv): boolean {
  const ci = (env.CI ?? '').toLowerCase()
  return ci !== '' && ci !== 'false' && ci !== '0'
}
