/**
 * The in-process figure `npm run bench` reports for decode: a large log (10 MB by default) with one error inside,
 * decoded the way the CLI would. Deterministic filler, so runs compare.
 */
import type {Catalog} from '../catalog/catalog.js'
import {builtinCatalog} from '../catalog/load.js'
import {decode} from './index.js'

const ERROR_LINE =
  '2026-01-01T12:00:00.123Z ERROR auth token refresh failed status=400 body={"error":"invalid_grant","error_description":"Token has been expired or revoked."}'

/** Log lines of ordinary traffic, with the error line in the middle. */
export function makeLargeLog(bytes = 10 * 1024 * 1024, errorLine = ERROR_LINE): string {
  const lines: string[] = []
  let size = 0
  let i = 0
  while (size < bytes - errorLine.length - 1) {
    const line = `2026-01-01T12:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z INFO  http request method=GET path=/api/v1/items/${i} status=200 duration_ms=${(i * 7) % 97} user=u${i % 50} trace=${((i * 2_654_435_761) >>> 0).toString(16)}`
    lines.push(line)
    size += line.length + 1
    i++
  }

  lines.splice(Math.floor(lines.length / 2), 0, errorLine)
  return lines.join('\n')
}

export interface LargeLogFigure {
  bytes: number
  code: null | string
  ms: number
  provider: null | string
}

/** Decode a generated log of `bytes` bytes and time it (catalog loading excluded: it is measured on its own). */
export function benchLargeLog(bytes = 10 * 1024 * 1024, catalog: Catalog = builtinCatalog()): LargeLogFigure {
  const log = makeLargeLog(bytes)
  const start = performance.now()
  const result = decode(log, {catalog})
  const ms = performance.now() - start
  return {
    bytes: Buffer.byteLength(log),
    code: result.errors[0]?.code ?? null,
    ms,
    provider: result.errors[0]?.provider ?? null,
  }
}
