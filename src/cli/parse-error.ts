import {ErrcodeError, UsageError} from '../errors.js'

/**
 * Anything oclif's parser throws is a usage error: exit 2, whatever exit code oclif attached (a flag given twice
 * arrives as a plain CLIError with exit 1). The message keeps oclif's reason on one line:
 * "Parsing --limit \n\tExpected an integer..." and "Missing 1 required arg:\nquery  ..." are two-line messages.
 */
export function parseErrorToUsage(error: unknown, run: {argv?: string[]; id?: string} = {}): ErrcodeError {
  if (error instanceof ErrcodeError) return error
  const e = error as {message?: unknown; suggestions?: unknown}
  const lines = String(e?.message ?? 'invalid usage')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^See more help/.test(l))
  let message = lines[0] ?? 'invalid usage'
  if (lines.length > 1 && message.endsWith(':')) message = `${message} ${lines[1].split(/\s{2,}/)[0]}`
  else if (lines.length > 1 && message.startsWith('Parsing --')) message = `${message.slice(8)}: ${lines[1]}`
  const suggestions = Array.isArray(e?.suggestions) ? e.suggestions.map(String) : []
  // Words the shell split: say how to keep them one argument.
  if (message.startsWith('Unexpected argument') && run.id) {
    const words = (run.argv ?? []).filter((a) => !a.startsWith('-'))
    suggestions.push(`quote the text as one argument: errcode ${run.id.replaceAll(':', ' ')} '${words.join(' ')}'`)
  }

  return new UsageError(message, suggestions)
}
