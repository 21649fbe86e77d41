import {describe, expect, it} from 'vitest'

import {runTool, type ServerOptions, type ToolResult} from '../../src/mcp/context.js'

const SECRET = 'server-held-secret-Qm4Vx8Lr2Tn6'
const options: ServerOptions = {credentialHosts: [], env: {TEST_SECRET: SECRET}, secretEnv: 'TEST_SECRET'}
const ok = (text: string, data: Record<string, unknown> = {}): ToolResult => ({
  content: [{text, type: 'text'}],
  structuredContent: data,
})

describe('runTool', () => {
  it('answers a call that runs past its timeout with a tool error, at the timeout', async () => {
    const started = Date.now()
    const r = await runTool(options, 100, () => new Promise<ToolResult>(() => {}))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(r.isError).toBe(true)
    expect(r.structuredContent).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'the call took longer than 0.1 s and was abandoned',
        suggestions: ['give a smaller input, or for probe a shorter timeout_seconds'],
      },
    })
  })

  it('turns an unexpected exception into a one-line tool error, no stack', async () => {
    const r = await runTool(options, 1000, async () => {
      throw new TypeError('boom\n    at somewhere (file.js:1:1)')
    })
    expect(r.isError).toBe(true)
    expect(r.content[0].text).toMatch(/^Error: unexpected error: boom\n/)
    expect(JSON.stringify(r)).not.toContain('file.js')
  })

  it("masks the server's own secret wherever it appears in a result", async () => {
    const r = await runTool(options, 1000, async () => ok(`sent ${SECRET}`, {nested: [{value: `x=${SECRET}`}]}))
    expect(JSON.stringify(r)).not.toContain(SECRET)
    expect(r.content[0].text).toContain('[masked secret, 31 chars')
  })
})
