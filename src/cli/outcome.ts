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
  // Decimal digits only: Number() would also take '0x2', ' 2' and '1e0'.
  const n = typeof value === 'number' ? value : /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${value}"`)
  return n
}
