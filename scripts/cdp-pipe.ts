/**
 * The DevTools protocol over Chromium's --remote-debugging-pipe: JSON messages ended by a NUL byte, commands written
 * to the browser's fd 3, answers and events read from its fd 4. No port, no WebSocket, no dependency.
 */
type Params = Record<string, unknown>

export class Cdp {
  onEvent: (method: string, params: Params, sessionId: string | undefined) => void = () => {}
  private buffer = ''
  private nextId = 1
  private readonly waiting = new Map<number, {reject: (e: Error) => void; resolve: (v: unknown) => void}>()

  constructor(
    private readonly input: NodeJS.WritableStream,
    output: NodeJS.ReadableStream,
  ) {
    output.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8')
      for (let end = this.buffer.indexOf('\0'); end !== -1; end = this.buffer.indexOf('\0')) {
        const message = JSON.parse(this.buffer.slice(0, end)) as {
          error?: {message: string}
          id?: number
          method?: string
          params?: Params
          result?: unknown
          sessionId?: string
        }
        this.buffer = this.buffer.slice(end + 1)
        if (message.id !== undefined) {
          const w = this.waiting.get(message.id)
          this.waiting.delete(message.id)
          if (message.error) w?.reject(new Error(message.error.message))
          else w?.resolve(message.result)
        } else if (message.method) this.onEvent(message.method, message.params ?? {}, message.sessionId)
      }
    })
    output.on('close', () => {
      for (const w of this.waiting.values()) w.reject(new Error('Chromium closed the DevTools pipe'))
      this.waiting.clear()
    })
  }

  /** One command; its answer within `timeoutMs`, or an error (a browser that hangs never stalls the recording). */
  send(method: string, params: Params = {}, sessionId?: string, timeoutMs = 10_000): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id)
        reject(new Error(`${method}: no answer from Chromium within ${timeoutMs} ms`))
      }, timeoutMs)
      const done =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          clearTimeout(timer)
          f(v)
        }
      this.waiting.set(id, {reject: done(reject), resolve: done(resolve)})
      this.input.write(`${JSON.stringify({id, method, params, ...(sessionId ? {sessionId} : {})})}\0`)
    })
  }
}
