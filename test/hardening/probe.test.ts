/**
 * probe against hostile servers (127.0.0.1 only): reflections of the secret in every encoding, tokens in forms a
 * redactor might miss, a 400,000-deep answer, terminal escapes in errors, discovery that points nowhere or
 * elsewhere; and random reflections through the redaction itself (fast-check).
 */
import fc from 'fast-check'
import {spawn} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {redactResponse} from '../../src/probe/redact.js'
import {basicVariants} from '../../src/secrets.js'
import {check, probe, type ProbeRun} from '../probe/helpers.js'
import {clientSecret} from './generators.js'
import {type Hostile, ISSUED, startHostile} from './hostile-server.js'
import {asPrinted, expectNoControl, expectNoLeak, reportTally, TALLY} from './tally.js'

let main: Hostile
let other: Hostile
beforeAll(async () => ({main, other} = await startHostile()))
afterAll(async () => {
  await main.close()
  await other.close()
})

reportTally('probe')

/** The secrets every run uses: the characters encoders disagree on, a JSON quote and backslash. */
const SECRETS = ["Az~8Q.x_ y!z*(q)'Jk3", 'p"q\\r/Lm5Nb7Vc9Xz1Aa', 'k%2Bv+w&x=y:z#Lp4Qs6Tu8']
const ID = 'hostile-app'

async function run(
  flags: Parameters<typeof probe>[0],
  secret: string,
  json = false,
): Promise<{out: string; r: ProbeRun}> {
  TALLY.cases++
  let r: ProbeRun
  try {
    r = await probe({'client-id': ID, 'client-secret-env': 'S', timeout: '5', ...flags}, {env: {S: secret}, json})
  } catch (error) {
    TALLY.crashes++
    throw error
  }

  return {out: `${asPrinted(r.text, r.report)}\n${r.warnings.join('\n')}\n${r.stderr}`, r}
}

async function both(flags: Parameters<typeof probe>[0], secret: string): Promise<string> {
  const human = await run({...flags, curl: true, verbose: true}, secret)
  const json = await run({...flags, curl: true}, secret, true)
  return `${human.out}\n${json.out}`
}

describe('reflections of the secret', () => {
  for (const scenario of ['reflect-raw', 'reflect-decoded', 'reflect-json', 'reflect-form', 'reflect-header']) {
    it(`${scenario}: no output holds the secret, in any encoding`, async () => {
      for (const secret of SECRETS) {
        const out = await both({endpoint: `${main.url}/${scenario}/token`}, secret)
        expectNoLeak(scenario, out, secret)
        expectNoControl(scenario, out)
        for (const b of basicVariants(ID, secret)) expect(out).not.toContain(b)
      }
    })
  }

  it('random secrets reflected in random spellings are masked (fast-check, redaction itself)', () => {
    fc.assert(
      fc.property(
        clientSecret,
        fc.array(fc.nat(), {maxLength: 6, minLength: 1}),
        fc.string({maxLength: 20}),
        (secret, picks, noise) => {
          TALLY.cases++
          // One encoding a server may apply (or none), then the container adds its own (JSON, form, header).
          const encoders = [
            (s: string) => s,
            encodeURIComponent,
            (s: string) => new URLSearchParams([['', s]]).toString().slice(1),
            (s: string) => encodeURIComponent(s).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
            (s: string) => JSON.stringify(s).slice(1, -1),
            (s: string) =>
              JSON.stringify(s)
                .slice(1, -1)
                .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
            (s: string) => basicVariants(ID, s)[0],
          ]
          const reflected = picks
            .map((p) => encoders[p % encoders.length](secret))
            .join(`${noise.replace(/[\w%\\]/g, ' ')} `)
          // The body JSON-encodes the reflection, so a JSON-escaped spelling arrives escaped twice.
          const body = JSON.stringify({error: 'invalid_client', error_description: reflected})
          for (const response of [
            {body, headers: {'x-echo': reflected}, status: 401, truncated: false},
            {body: `error=invalid_client&d=${reflected}`, headers: {}, status: 401, truncated: false},
          ]) {
            const masked = redactResponse(response, [secret])
            const out = `${masked.body}\n${JSON.stringify(masked.headers)}`
            expectNoLeak('redactResponse', out, secret)
          }
        },
      ),
      {numRuns: 400},
    )
  })
})

describe('tokens a server issues', () => {
  for (const scenario of ['tokens-camel', 'tokens-form', 'tokens-header']) {
    it(`${scenario}: issued tokens never print in full`, async () => {
      const out = await both({endpoint: `${main.url}/${scenario}/token`}, SECRETS[0])
      for (const t of Object.values(ISSUED)) expectNoLeak(scenario, out, t)
    })
  }
})

describe('hostile answers', () => {
  it('a 400,000-deep JSON array: the report is printed, nothing overflows', async () => {
    const {out, r} = await run({endpoint: `${main.url}/deep/token`}, SECRETS[0])
    expect(r.report.checks.length).toBeGreaterThan(5)
    expect(check(r.report, 'empty-post').response?.body.length).toBeLessThan(5000)
    expectNoControl('deep', out)
  })

  it('Object member names as headers, JSON keys and error codes: a report, no crash', async () => {
    const {out, r} = await run({endpoint: `${main.url}/proto/token`}, SECRETS[0])
    const headers = check(r.report, 'auth-basic').response!.headers
    // (Node's own header parser drops a header named __proto__; constructor arrives as a header.)
    expect(Object.getOwnPropertyDescriptor(headers, 'constructor')?.value).toBe('c')
    expect(out).toContain('toString')
    expectNoControl('proto', out)
  })

  it('terminal escapes in error, description, error_uri and headers reach no output', async () => {
    const out = await both({endpoint: `${main.url}/escape/token`}, SECRETS[1])
    expectNoControl('escape', out)
    expect(out).toContain('invalid_client')
  })
})

describe('discovery', () => {
  for (const scenario of ['iss-bad', 'iss-js', 'iss-file', 'iss-escape', 'iss-userinfo']) {
    it(`${scenario}: a token_endpoint that is not a plain http(s) URL is refused, not sent to, not a crash`, async () => {
      const before = main.received.length
      const {out, r} = await run({issuer: `${main.url}/${scenario}`}, SECRETS[0])
      expectNoControl(scenario, out)
      expect(out).not.toContain('hunter2hunter2')
      if (scenario === 'iss-escape') return // a URL after all once its escapes are dropped: probed, but cleanly
      expect(check(r.report, 'discovery').status).toBe('fail')
      expect(main.received.slice(before).every((q) => q.path.includes('/.well-known/'))).toBe(true)
    })
  }

  it('a token endpoint on another host gets no secret without --yes, and gets it with --yes', async () => {
    const before = other.received.length
    const {out, r} = await run({issuer: `${main.url}/iss-other`}, SECRETS[0])
    expect(check(r.report, 'discovery').finding).toMatch(/not on the issuer's host/)
    expect(check(r.report, 'auth-basic').status).toBe('skip')
    // The deliberately wrong secret may go there (it is random); the real one must not.
    const sent = (q: {authorization?: string; body: string}) =>
      q.body.includes('Az%7E8Q') ||
      Buffer.from((q.authorization ?? '').slice(6), 'base64')
        .toString()
        .includes('Az%7E8Q')
    expect(other.received.slice(before).some(sent)).toBe(false)
    expectNoLeak('other host', out, SECRETS[0])
    const yes = await run({issuer: `${main.url}/iss-other`, yes: true}, SECRETS[0])
    expect(other.received.slice(before).some(sent)).toBe(true)
    expectNoLeak('other host --yes', yes.out, SECRETS[0])
  })

  it('URL userinfo is refused before anything is sent, and never printed', async () => {
    const before = main.received.length
    TALLY.cases++
    await expect(
      probe(
        {
          'client-id': ID,
          'client-secret-env': 'S',
          endpoint: `http://u:pa55w0rdXYZ@${main.url.slice(7)}/reflect-raw/token`,
        },
        {env: {S: SECRETS[0]}},
      ),
    ).rejects.toThrow(/user name or password/)
    expect(main.received.length).toBe(before)
    await expect(probe({endpoint: `http://u:pa55w0rdXYZ@[bad/token`})).rejects.toThrow(/^(?!.*pa55w0rd)/)
  })
})

describe('--curl', () => {
  it('one raw value in $ERRCODE_CLIENT_SECRET works for every printed command', async () => {
    for (const secret of SECRETS) {
      const {r} = await run({curl: true, endpoint: `${main.url}/reflect-decoded/token`}, secret)
      const blocks = r.text.split('\n\n').filter((b) => /^# (auth-basic|auth-post)/.test(b))
      expect(blocks).toHaveLength(2)
      for (const command of blocks) {
        const answer = await new Promise<string>((resolve) => {
          const child = spawn('sh', ['-c', command], {env: {PATH: process.env.PATH, ERRCODE_CLIENT_SECRET: secret}})
          let text = ''
          child.stdout.on('data', (d) => (text += d))
          const timer = setTimeout(() => child.kill(), 10_000)
          child.on('close', () => {
            clearTimeout(timer)
            resolve(text)
          })
        })
        // The server decodes what it got (Basic per RFC 6749 Appendix B, or the form) and says it back.
        expect(answer, command).toContain(`"secret ${secret}"`)
      }
    }
  })
})
