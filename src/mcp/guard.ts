/**
 * Between stdin and the SDK's stdio transport. The SDK skips a line that is not JSON and drops a JSON line that is
 * not JSON-RPC without answering, and closes the whole session when one line passes its 10 MB buffer. This guard
 * answers each of those with a JSON-RPC error instead (JSON-RPC 2.0 §5.1: -32700, -32600) and passes on only
 * well-formed messages under the size cap, so a client always hears back and the session survives.
 */
import {parseJSONRPCMessage} from '@modelcontextprotocol/server'
import {Transform, type TransformCallback} from 'node:stream'

/** Under the SDK's own 10 MB buffer, over the 1 MB text cap plus JSON escaping. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024

type Reply = (message: object) => void

function idOf(value: unknown): null | number | string {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'id')) {
    const {id} = value as {id: unknown}
    if (typeof id === 'string' || typeof id === 'number') return id
  }

  return null
}

const error = (id: null | number | string, code: number, message: string) => ({
  jsonrpc: '2.0',
  id,
  error: {code, message},
})

export class LineGuard extends Transform {
  private chunks: Buffer[] = []
  private size = 0
  /** Inside a line that went over the cap: drop bytes up to its newline. */
  private skipping = false

  constructor(private readonly reply: Reply) {
    super()
  }

  _flush(callback: TransformCallback): void {
    if (!this.skipping && this.size > 0) this.line(Buffer.concat(this.chunks))
    callback()
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let start = 0
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl)
      if (this.skipping) this.skipping = false
      else if (this.size + piece.length > MAX_LINE_BYTES) this.tooLarge()
      else this.line(this.size === 0 ? piece : Buffer.concat([...this.chunks, piece]))
      this.chunks = []
      this.size = 0
      start = nl + 1
    }

    const rest = chunk.subarray(start)
    if (!this.skipping && rest.length > 0) {
      if (this.size + rest.length > MAX_LINE_BYTES) {
        this.tooLarge()
        this.chunks = []
        this.size = 0
        this.skipping = true
      } else {
        this.chunks.push(Buffer.from(rest))
        this.size += rest.length
      }
    }

    callback()
  }

  private line(bytes: Buffer): void {
    const text = bytes.toString('utf8').replace(/\r$/, '')
    if (text.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      this.reply(error(null, -32_700, 'Parse error: the line is not JSON'))
      return
    }

    try {
      parseJSONRPCMessage(value)
    } catch {
      // A response or notification gets no answer (there is no one to answer); a request does.
      const id = idOf(value)
      const isNotification = value !== null && typeof value === 'object' && 'method' in value && id === null
      if (!isNotification) this.reply(error(id, -32_600, 'Invalid Request: not a JSON-RPC 2.0 message'))
      return
    }

    this.push(`${text}\n`)
  }

  private tooLarge(): void {
    this.reply(error(null, -32_600, `Invalid Request: a message over ${MAX_LINE_BYTES} bytes was dropped`))
  }
}
