import {describe, expect, it} from 'vitest'

import {cli} from '../helpers/cli.js'

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)

describe('errcode lookup (end to end through bin/run.js)', () => {
  it('explains a code, exit 0', () => {
    const r = cli(['lookup', 'invalid_grant'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('invalid_grant')
    expect(r.stdout).toMatch(/Likely causes[\s\S]*Fix[\s\S]*1\. /)
    expect(r.stdout).toContain('RFC 6749')
  })

  it('prints the documented JSON object as it is', () => {
    const r = cli(['lookup', 'invalid_grant', '--json', '--limit', '3'])
    expect(r.code).toBe(0)
    const data = JSON.parse(r.stdout)
    expect(Object.keys(data).sort()).toEqual(['matches', 'query'])
    expect(data.query).toBe('invalid_grant')
    expect(data.matches).toHaveLength(3)
    expect(data.matches[0]).toMatchObject({code: 'invalid_grant', provider: 'oauth', http: [400]})
  })

  it('exits 1 with the closest candidates, never a full entry, when nothing matches', () => {
    const r = cli(['lookup', 'zzqx_vorpal_blade'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^No entry matches "zzqx_vorpal_blade"/)
    expect(r.stdout).not.toContain('Likely causes')
    const near = cli(['lookup', 'React hydration mismatch warning'])
    expect(near.code).toBe(1)
    expect(near.stdout).toContain('Closest candidates (none is a confident match)')
  })

  it('keeps exit codes under --json and normalises errors', () => {
    const notFound = cli(['lookup', 'qqqqqqqqqq', '--json'])
    expect(notFound.code).toBe(1)
    expect(JSON.parse(notFound.stdout)).toMatchObject({closest: expect.any(Array), matches: [], query: 'qqqqqqqqqq'})
    const usage = cli(['lookup', '--json'])
    expect(usage.code).toBe(2)
    expect(JSON.parse(usage.stdout)).toMatchObject({error: {code: 'USAGE', message: expect.stringContaining('query')}})
  })

  it.each([
    [['lookup'], 'Missing 1 required arg: query'],
    [['lookup', 'x', '--bogus'], 'Nonexistent flag: --bogus'],
    [['lookup', 'x', '--limit', 'abc'], 'integer'],
    [['lookup', 'x', '--provider', 'nope'], 'unknown provider "nope"'],
    [['lookup', ''], 'empty'],
    [['list', '--provider', 'nope'], 'unknown provider "nope"'],
  ])('%j is a usage error (exit 2) with one clear line', (args, text) => {
    const r = cli(args)
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toContain(text)
    noStack(r.stderr)
  })

  it('answers the same on the fast path and through oclif', () => {
    for (const args of [
      ['lookup', 'invalid_grant'],
      ['lookup', 'invalid_grant', '--json', '-n', '2'],
      ['lookup', 'invalid_grnt', '--provider', 'oauth'],
      ['lookup', 'qqqqqqqqqqq'],
      ['lookup', 'qqqqqqqqqqq', '--json'],
      ['providers', '--json'],
      ['list', '--provider', 'zapier'],
    ]) {
      const fast = cli(args)
      const slow = cli(args, {env: {ERRCODE_NO_FAST: '1'}})
      expect({args, code: fast.code, stderr: fast.stderr, stdout: fast.stdout}).toEqual({
        args,
        code: slow.code,
        stderr: slow.stderr,
        stdout: slow.stdout,
      })
    }
  })
})

describe('colour policy', () => {
  const ESC = '\u001B['
  it('colours when forced, and never with NO_COLOR or --no-color', () => {
    expect(cli(['lookup', 'invalid_grant'], {env: {FORCE_COLOR: '1', NO_COLOR: undefined}}).stdout).toContain(ESC)
    expect(cli(['lookup', 'invalid_grant'], {env: {FORCE_COLOR: '1', NO_COLOR: '1'}}).stdout).not.toContain(ESC)
    expect(
      cli(['lookup', 'invalid_grant', '--no-color'], {env: {FORCE_COLOR: '1', NO_COLOR: undefined}}).stdout,
    ).not.toContain(ESC)
    expect(cli(['lookup', 'invalid_grant'], {env: {NO_COLOR: undefined}}).stdout).not.toContain(ESC) // not a TTY
  })

  it('wraps to the terminal width', () => {
    const lines = cli(['lookup', 'invalid_grant'], {env: {COLUMNS: '60'}}).stdout.split('\n')
    expect(Math.max(...lines.filter((l) => !l.includes('https://')).map((l) => l.length))).toBeLessThanOrEqual(60)
  })
})

describe('list and providers', () => {
  it('lists one provider, one line per code', () => {
    const r = cli(['list', '--provider', 'nylas'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('grant.refresh_token_invalid')
    expect(r.stdout).not.toContain('AADSTS')
  })

  it('lists the whole catalog as JSON entries', () => {
    const data = JSON.parse(cli(['list', '--json']).stdout)
    expect(data.entries.length).toBeGreaterThan(500)
    expect(data.entries[0]).toHaveProperty('causes')
  })

  it('lists the providers with counts and sources', () => {
    const data = JSON.parse(cli(['providers', '--json']).stdout)
    const zapier = data.providers.find((p: {slug: string}) => p.slug === 'zapier')
    expect(zapier.count).toBeGreaterThanOrEqual(20)
    expect(zapier.sources).toEqual(['zapier.json'])
  })
})

describe('help and mistyped commands (completion: completion.test.ts)', () => {
  it('shows real examples in help', () => {
    const top = cli(['--help'])
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('lookup')
    const r = cli(['lookup', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('EXAMPLES')
    expect(r.stdout).toContain('errcode lookup invalid_grant --provider zapier')
  })

  it('suggests the nearest command for a typo, exit 2, never a prompt, JSON under --json', () => {
    const r = cli(['lokup', 'invalid_grant'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'Error: lokup is not an errcode command\nTry this:\n  errcode lookup invalid_grant\n  errcode --help\n',
    )
    // On a terminal too: the hook never asks (plugin-not-found prompted there and suggested "catalog validate").
    expect(cli(['catalog', 'valdate', 'x.json']).stderr).toContain('errcode catalog validate x.json')
    const json = cli(['nope', '--json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      error: {code: 'USAGE', message: 'nope is not an errcode command', suggestions: ['errcode --help']},
    })
    expect(cli(['list', 'zapier']).stderr).toContain('Unexpected argument: zapier')
  })
})
