/**
 * The `har` tool, offered only when this build has the HAR diagnosis (src/har/index.ts, built on its own branch):
 * the server looks for it once at start-up and registers the tool only if it loads and exports diagnoseHar.
 */
import {constants} from 'node:fs'
import {open} from 'node:fs/promises'
import {resolve} from 'node:path'

import {UsageError} from '../errors.js'
import {CALL_TIMEOUT_MS, MAX_HAR_BYTES, runTool, type ServerOptions, type ToolResult} from './context.js'
import {summariseHar} from './summary.js'

export type DiagnoseHar = (text: string, options: Record<string, never>) => unknown

/** diagnoseHar, or null when this build has no HAR module. */
export async function loadDiagnoseHar(): Promise<DiagnoseHar | null> {
  // A variable, so TypeScript does not require the module at compile time; it resolves against this file's URL.
  const specifier = '../har/index.js'
  try {
    const m = (await import(specifier)) as {diagnoseHar?: unknown}
    return typeof m.diagnoseHar === 'function' ? (m.diagnoseHar as DiagnoseHar) : null
  } catch {
    return null
  }
}

/**
 * A regular file under the cap, read through one handle (so what was checked is what is read). O_NONBLOCK: opening
 * a FIFO would otherwise wait for a writer; it is refused by the isFile check instead.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<string> {
  const full = resolve(path)
  let handle
  try {
    handle = await open(full, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw new UsageError(
      `${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      [],
      'FILE_UNREADABLE',
    )
  }

  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new UsageError(`${path}: not a regular file`)
    if (stat.size > maxBytes)
      throw new UsageError(`${path}: ${stat.size} bytes, over the ${maxBytes}-byte limit`, [], 'INPUT_REJECTED')
    // Read at most one byte over the cap: a file that grows after the check is still refused, not read whole.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1)
    let length = 0
    while (length < buffer.length) {
      const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }

    if (length > maxBytes) throw new UsageError(`${path}: over the ${maxBytes}-byte limit`, [], 'INPUT_REJECTED')
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    await handle.close()
  }
}

export async function harTool(path: string, diagnoseHar: DiagnoseHar, options: ServerOptions): Promise<ToolResult> {
  return runTool(options, CALL_TIMEOUT_MS, async () => {
    const text = await readRegularFile(path, MAX_HAR_BYTES)
    const data = (await diagnoseHar(text, {})) as Record<string, unknown>
    return {content: [{text: summariseHar(data), type: 'text'}], structuredContent: data}
  })
}
