/**
 * What the SDK client never sends: lines that are not JSON, JSON that is not JSON-RPC, a line over the cap. Each gets
 * a JSON-RPC error (JSON-RPC 2.0 §5.1) and the session goes on; closing stdin ends the server.
 */
import {once} from 'node:events'
import {describe, expect, it} from 'vitest'

import {LineGuard, MAX_LINE_BYTES} from '../../src/mcp/guard.js'
import {spawnRaw} from './helpers.js'

const INIT = {
  id: 1,
  jsonrpc: '2.0',
  method: 'initialize',
  params: {capabilities: {}, clientInfo: {name: 'raw', version: '1'}, protocolVersion: '2025-06-18'},
}
const send = (child: ReturnType<typeof spawnRaw>['child'], ...lines: (object | string)[]) =>
  child.stdin.write(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n')

describe('errcode mcp on raw stdio', () => {
  it('answers malformed lines with JSON-RPC errors, keeps serving, and exits 0 when stdin closes', async () => {
    const raw = spawnRaw()
    send(raw.child, INIT)
    await raw.next(1)
    send(
      raw.child,
      'this is not json',
      {id: 2, jsonrpc: '2.0', method: 'tools/call', params: 'oops'},
      '[1,2]',
      {id: 3, jsonrpc: '2.0', method: 'errcode/nothing'},
      {jsonrpc: '2.0', method: 'notifications/initialized'},
      {id: 4, jsonrpc: '2.0', method: 'tools/call', params: {arguments: {query: 'invalid_client'}, name: 'lookup'}},
    )
    const lines = await raw.next(6)
    const byId = (id: unknown) => lines.filter((l) => l.id === id)
    expect(byId(null)).toEqual([
      {error: {code: -32_700, message: 'Parse error: the line is not JSON'}, id: null, jsonrpc: '2.0'},
      {error: {code: -32_600, message: 'Invalid Request: not a JSON-RPC 2.0 message'}, id: null, jsonrpc: '2.0'},
    ])
    expect(byId(2)).toEqual([
      {error: {code: -32_600, message: 'Invalid Request: not a JSON-RPC 2.0 message'}, id: 2, jsonrpc: '2.0'},
    ])
    expect(byId(3)).toMatchObject([{error: {code: -32_601}}])
    expect(byId(4)).toMatchObject([{result: {structuredContent: {query: 'invalid_client'}}}])

    const exit = once(raw.child, 'exit')
    raw.child.stdin.end()
    expect((await exit)[0]).toBe(0)
  })

  it('drops a line over the cap with an error instead of closing the session', async () => {
    const raw = spawnRaw()
    send(raw.child, INIT)
    await raw.next(1)
    const huge = JSON.stringify({
      id: 9,
      jsonrpc: '2.0',
      method: 'tools/call',
      params: {arguments: {text: 'x'.repeat(MAX_LINE_BYTES)}, name: 'decode'},
    })
    send(raw.child, huge, {id: 10, jsonrpc: '2.0', method: 'tools/list'})
    const lines = await raw.next(3)
    expect(lines[1]).toEqual({
      error: {code: -32_600, message: `Invalid Request: a message over ${MAX_LINE_BYTES} bytes was dropped`},
      id: null,
      jsonrpc: '2.0',
    })
    expect(lines[2]).toMatchObject({id: 10, result: {tools: expect.any(Array)}})
    const exit = once(raw.child, 'exit')
    raw.child.stdin.end()
    expect((await exit)[0]).toBe(0)
  })
})

describe('LineGuard', () => {
  const run = async (chunks: string[]) => {
    const replies: object[] = []
    const guard = new LineGuard((m) => replies.push(m))
    const passed: string[] = []
    guard.on('data', (d) => passed.push(String(d)))
    for (const c of chunks) guard.write(Buffer.from(c))
    guard.end()
    await once(guard, 'end')
    return {passed: passed.join(''), replies}
  }

  it('passes messages split across chunks whole, one per line, CRLF too', async () => {
    const a = JSON.stringify({id: 1, jsonrpc: '2.0', method: 'ping'})
    const b = JSON.stringify({jsonrpc: '2.0', method: 'notifications/initialized'})
    const {passed, replies} = await run([a.slice(0, 5), a.slice(5), '\r\n\n', b.slice(0, 10), b.slice(10)])
    expect(passed).toBe(`${a}\n${b}\n`)
    expect(replies).toEqual([])
  })

  it('answers a bad request by its id, and ignores a bad notification (no one to answer)', async () => {
    const {passed, replies} = await run([
      '{"jsonrpc":"2.0","id":"a","method":7}\n',
      '{"jsonrpc":"2.0","method":"x","params":"oops"}\n',
      'null\n',
    ])
    expect(passed).toBe('')
    expect(replies).toEqual([
      {error: {code: -32_600, message: 'Invalid Request: not a JSON-RPC 2.0 message'}, id: 'a', jsonrpc: '2.0'},
      {error: {code: -32_600, message: 'Invalid Request: not a JSON-RPC 2.0 message'}, id: null, jsonrpc: '2.0'},
    ])
  })

  it('drops an oversized line arriving in pieces, then reads the next line', async () => {
    const piece = 'x'.repeat(1024 * 1024)
    const ok = JSON.stringify({id: 2, jsonrpc: '2.0', method: 'ping'})
    const chunks = ['{"a":"', ...Array.from({length: 9}, () => piece), `"}\n${ok}\n`]
    const {passed, replies} = await run(chunks)
    expect(replies).toHaveLength(1)
    expect(passed).toBe(`${ok}\n`)
  })
})
