import {UsageError} from '../errors.js'

/**
 * What a command run produces, before anything is printed: the `--json` object, the human text, the exit code
 * and warnings for stderr. The oclif command and the fast path (src/cli/fast.ts) print it the same way.
 */
export interface Outcome<T extends object = object> {
  data: T
  exit: number
  text: string
  warnings: string[]
}

/** Positive integer flag; both paths hand the raw value here, so the message is the same. */
export function positiveInt(name: string, value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${value}"`)
  return n
}
