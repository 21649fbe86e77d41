/**
 * errcode's errors. One base class with a stable `code`, the exit status it maps to and "try this"
 * suggestions (jose / sf-plugins-core style), so commands and the fast path print them the same way.
 *
 * Exit codes (documented in the README): 0 ok, 1 nothing found / a probe failed, 2 usage error,
 * 130 interrupted (Ctrl-C at a prompt).
 */
export type ErrorCode =
  | 'CATALOG_INVALID'
  | 'FILE_UNREADABLE'
  | 'INPUT_REJECTED'
  | 'INTERNAL'
  | 'INTERRUPTED'
  | 'NETWORK'
  | 'NOT_FOUND'
  | 'USAGE'

export class ErrcodeError extends Error {
  readonly code: ErrorCode
  readonly exit: number
  readonly suggestions: string[]

  constructor(code: ErrorCode, message: string, options: {exit: number; suggestions?: string[]}) {
    super(message)
    this.name = this.constructor.name
    this.code = code
    this.exit = options.exit
    this.suggestions = options.suggestions ?? []
  }
}

/** The user asked for something malformed: exit 2. */
export class UsageError extends ErrcodeError {
  constructor(message: string, suggestions: string[] = [], code: ErrorCode = 'USAGE') {
    super(code, message, {exit: 2, suggestions})
  }
}

/** The question was fine but the answer is "nothing": exit 1. */
export class NotFoundError extends ErrcodeError {
  constructor(message: string, suggestions: string[] = []) {
    super('NOT_FOUND', message, {exit: 1, suggestions})
  }
}

/** A catalog file (a team's own) that does not follow the schema. Exit 2: the user must fix the file. */
export class CatalogError extends ErrcodeError {
  constructor(message: string, suggestions: string[] = []) {
    super('CATALOG_INVALID', message, {exit: 2, suggestions})
  }
}

export interface ErrorJson {
  error: {code: string; message: string; suggestions: string[]}
}

/** Normalise anything thrown into errcode's error shape. Unknown errors never show a stack trace. */
export function normaliseError(error: unknown): ErrcodeError {
  if (error instanceof ErrcodeError) return error
  const e = error as {code?: unknown; message?: unknown; name?: unknown; oclif?: {exit?: number}; suggestions?: unknown}
  if (e && e.name === 'ExitPromptError') return new ErrcodeError('INTERRUPTED', 'interrupted', {exit: 130})
  if (e && e.oclif && typeof e.oclif.exit === 'number') {
    // oclif parse/validation errors (missing argument, unknown flag, bad option...) arrive here.
    // oclif's messages run over several lines ("Missing 1 required arg:\nquery  ...\nSee more help with --help").
    const lines = String(e.message ?? 'invalid usage')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^See more help/.test(l))
    const message =
      lines.length > 1 && lines[0].endsWith(':')
        ? `${lines[0]} ${lines[1].split(/\s{2,}/)[0]}`
        : (lines[0] ?? 'invalid usage')
    const suggestions = Array.isArray(e.suggestions) ? e.suggestions.map(String) : []
    // Every oclif parse error (it carries `parse`) is a usage error, including the ones oclif's exitCodes map has
    // no key for (a value outside a flag's `options` would otherwise exit with the default, 1).
    const exit = 'parse' in e ? 2 : e.oclif.exit
    return new ErrcodeError(exit === 2 ? 'USAGE' : 'INTERNAL', message, {exit, suggestions})
  }

  const message = e && typeof e.message === 'string' ? e.message.split('\n')[0] : String(error)
  return new ErrcodeError('INTERNAL', `unexpected error: ${message}`, {
    exit: 1,
    suggestions: ['run again with DEBUG=errcode to see where it happened, and report it'],
  })
}

export function errorToJson(error: ErrcodeError): ErrorJson {
  return {error: {code: error.code, message: error.message, suggestions: error.suggestions}}
}
