/**
 * What every MCP tool shares: the run context the commands take (never the process's stdin, which carries the
 * protocol), the limits, the per-call timeout, and the conversion of a command outcome or error into a tool result.
 */
import {Chalk} from 'chalk'
import {Readable} from 'node:stream'

import {defaultConfigDir, type RunContext} from '../cli/context.js'
import type {Outcome} from '../cli/outcome.js'
import {ErrcodeError, errorToJson, normaliseError} from '../errors.js'
import {clean} from '../render/text.js'
import {redactValues} from '../secrets.js'

/** Pasted text over this is refused by the input schema: a bigger log belongs in a file (the `path` input). */
export const MAX_TEXT_CHARS = 1024 * 1024
/** Files: decode's own default cap; HAR exports of a whole login run larger. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024
export const MAX_HAR_BYTES = 50 * 1024 * 1024
/** Per call; probe gets longer because it sends up to ~15 requests one at a time. */
export const CALL_TIMEOUT_MS = 30_000
export const PROBE_CALL_TIMEOUT_MS = 120_000

export interface ServerOptions {
  /** Extra catalog files (the command's --catalog). */
  catalog?: string[]
  /** Hosts credentialed probes may send the client secret to; empty: never. */
  credentialHosts: string[]
  env: NodeJS.ProcessEnv
  /** The environment variable of the server that holds the client secret. */
  secretEnv: string
}

/** JSON mode (no prompts, no colour, "nothing found" as data), stdin that is always empty. */
export function toolContext(options: ServerOptions): RunContext {
  const stdin = Readable.from([]) as Readable & {isTTY?: boolean}
  return {
    chalk: new Chalk({level: 0}),
    configDir: defaultConfigDir(options.env),
    env: options.env,
    json: true,
    stdin,
    width: 100,
  }
}

/** The result shape the SDK expects from a tool callback (kept local: the SDK's type is a wide union). */
export interface ToolResult {
  [key: string]: unknown
  content: {text: string; type: 'text'}[]
  isError?: boolean
  structuredContent: Record<string, unknown>
}

/**
 * Values no result may carry: the server's own client secret. Everything else is masked by the commands
 * themselves; this is the last line of defence for the one secret the server holds.
 */
function serverSecrets(options: ServerOptions): string[] {
  const secret = options.env[options.secretEnv]
  return secret && secret.length >= 4 ? [secret] : []
}

function redactResult(result: ToolResult, secrets: string[]): ToolResult {
  if (secrets.length === 0) return result
  return JSON.parse(JSON.stringify(result), (_key, value) =>
    typeof value === 'string' ? redactValues(value, secrets) : value,
  )
}

export function errorResult(error: ErrcodeError): ToolResult {
  const hints = error.suggestions.length > 0 ? `\nTry: ${error.suggestions.slice(0, 3).join(' | ')}` : ''
  return {
    content: [{text: clean(`Error: ${error.message}${hints}`), type: 'text'}],
    isError: true,
    structuredContent: errorToJson(error) as unknown as Record<string, unknown>,
  }
}

/** A finished command run: its `--json` object as structured content, plus the summary (and warnings) as text. */
export function outcomeResult(outcome: Outcome, summary: string): ToolResult {
  const warnings = outcome.warnings.map((w) => `warning: ${w}`)
  return {
    content: [{text: clean([summary, ...warnings].join('\n')), type: 'text'}],
    structuredContent: outcome.data as Record<string, unknown>,
  }
}

class TimeoutError extends ErrcodeError {
  constructor(ms: number) {
    super('INTERNAL', `the call took longer than ${ms / 1000} s and was abandoned`, {
      exit: 1,
      suggestions: ['give a smaller input, or for probe a shorter timeout_seconds'],
    })
  }
}

/**
 * Run one tool call: bounded in time, every failure a tool error (never a crash), the result scrubbed of the
 * server's secret. A timed-out call is answered at once; its work cannot be interrupted, but each piece of it is
 * bounded (input caps, probe's own per-request timeout).
 */
export async function runTool(
  options: ServerOptions,
  timeoutMs: number,
  work: () => Promise<ToolResult>,
): Promise<ToolResult> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs)
  })
  let result: ToolResult
  try {
    result = await Promise.race([work(), timeout])
  } catch (error) {
    result = errorResult(normaliseError(error))
  } finally {
    clearTimeout(timer)
  }

  return redactResult(result, serverSecrets(options))
}
