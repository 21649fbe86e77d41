/** probe's dependencies are handed in (issue 12): the transport and the clock a run uses are the ones given. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import Probe from '../../src/commands/probe.js'
import {createHttpClient, type HttpClient, type TransportOptions} from '../../src/probe/http.js'
import {check, probe} from './helpers.js'
import {startStub, STUB, type Stub} from './stub-server.js'

let stub: Stub
beforeAll(async () => {
  stub = await startStub()
})
afterAll(() => stub.close())

describe('dependencies passed in, not a static field', () => {
  it('every request goes through the transport given, made with the run options', async () => {
    const seen: string[] = []
    let options: TransportOptions | undefined
    const transport = (o: TransportOptions): HttpClient => {
      options = o
      const real = createHttpClient(o)
      return {
        close: () => real.close(),
        send(spec) {
          seen.push(`${spec.method} ${spec.url}`)
          return real.send(spec)
        },
        get sent() {
          return real.sent
        },
      }
    }

    const endpoint = `${stub.base}/basic-only/token`
    const r = await probe({endpoint, only: ['method-get', 'empty-post'], timeout: '3'}, {deps: {transport}})
    expect(options?.timeoutMs).toBe(3000)
    expect(seen).toEqual([`GET ${endpoint}`, `POST ${endpoint}`])
    expect(check(r.report, 'empty-post').status).not.toBe('skip')
  })

  it('clock-skew reads the clock given: ten minutes ahead here is the server ten minutes behind', async () => {
    const now = () => Date.now() + 600_000
    const r = await probe(
      {'client-id': STUB.clientId, 'client-secret-env': 'S', endpoint: `${stub.base}/basic-only/token`},
      {deps: {now}, env: {S: STUB.secret}},
    )
    expect(check(r.report, 'clock-skew').finding).toMatch(/The server's clock is 60\d s behind this machine's/)
  })

  it('the command class holds no mutable dependencies: each bound class keeps its own', () => {
    expect(Object.hasOwn(Probe, 'deps')).toBe(false)
    const a = Probe.using({interactive: true})
    const b = Probe.using({interactive: false})
    expect(a).not.toBe(b)
    expect(a.prototype).toBeInstanceOf(Probe)
  })
})
