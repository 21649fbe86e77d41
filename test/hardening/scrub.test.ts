/**
 * The one redaction mechanism as other readers use it (a HAR file, an MCP request): redactText finds secrets by
 * name, by format and in name/value pairs, and masks them in every spelling.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {redactText} from '../../src/secret-formats.js'
import {isSecretName, maskSecret, secretKind} from '../../src/secrets.js'
import {token} from './generators.js'
import {expectNoLeak, reportTally, TALLY} from './tally.js'

reportTally('scrub')

const har = (s: string) =>
  JSON.stringify(
    {
      log: {
        entries: [
          {
            request: {
              headers: [
                {name: 'Authorization', value: `Bearer ${s}`},
                {name: 'Cookie', value: `sid=${s}x; theme=dark`},
                {name: 'X-Api-Key', value: `${s}k`},
              ],
              postData: {
                params: [
                  {name: 'client_secret', value: `${s}~ (s)`},
                  {name: 'grant_type', value: 'client_credentials'},
                ],
              },
              url: `https://login.example/token?code=${s}c`,
            },
            response: {
              content: {text: JSON.stringify({access_token: `${s}a`, refreshToken: `${s}r`})},
              headers: [{name: 'Set-Cookie', value: `s=${s}s; Path=/`}],
            },
          },
        ],
      },
    },
    null,
    2,
  )

describe('redactText', () => {
  it('a HAR capture: headers, cookies, form params, URL codes and response bodies', () => {
    fc.assert(
      fc.property(token(22), (s) => {
        TALLY.cases++
        const out = redactText(har(s))
        expectNoLeak('har', out, s)
        expect(out).toContain('"grant_type"')
        expect(out).toContain('client_credentials')
        expect(() => JSON.parse(out)).not.toThrow()
      }),
      {numRuns: 50},
    )
  })

  it('names: snake, camel and kebab case alike; suffixes; never a lookalike', () => {
    TALLY.cases++
    for (const n of [
      'client_secret',
      'clientSecret',
      'Client-Secret',
      'AUTH0_CLIENT_SECRET',
      'accessToken',
      'x-access-token',
      'SAMLResponse',
      'pwd',
      'sessionToken',
      'x-debug-authorization',
    ])
      expect(isSecretName(n), n).toBe(true)
    for (const n of [
      'client_secret_basic',
      'token_type',
      'token_endpoint',
      'expires_in',
      'constructor',
      '__proto__',
      'toString',
      'error_code',
    ])
      expect(isSecretName(n), n).toBe(false)
    expect(secretKind('password')).toBe('password')
    expect(maskSecret('hunter2hunter2hunter2', 'password')).not.toMatch(/hunt|ter2/)
  })
})
