/**
 * errcode mcp through the SDK's own client over stdio, against the built ./bin/run.js: the same objects as the
 * commands' --json, masked, bounded. The last test scans every result of this file for the planted secrets.
 */
import {existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {z} from 'zod'

import {cli, ROOT} from '../helpers/cli.js'
import {call, connect, leaks, type Session} from './helpers.js'

// A real callback URL from a GitHub issue (test/fixtures/decode/corpus/dev-samples.jsonl, dev-013,
// https://github.com/OpenQDev/OpenQ-Frontend/issues/943).
const samples = readFileSync(join(ROOT, 'test/fixtures/corpus/dev-samples.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as {id: string; input: string})
const GITHUB_CALLBACK = samples.find((s) => s.id === 'dev-013')!.input

// The decode fixture with planted secrets (a client secret, a code, a verifier and an access token in one paste).
const secretCase = readFileSync(join(ROOT, 'test/fixtures/decode/cases.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as {expected: {secretsAbsent?: string[]}; id: string; input: string})
  .find((c) => c.id === 'shape-secrets')!
const PLANTED = secretCase.expected.secretsAbsent!

const dir = mkdtempSync(join(tmpdir(), 'errcode-mcp-'))
const pasteFile = join(dir, 'token-request.log')
writeFileSync(pasteFile, secretCase.input)

let session: Session
beforeAll(async () => {
  session = await connect()
})
afterAll(() => session.close())

const json = (args: string[]) => JSON.parse(cli([...args, '--json']).stdout)

describe('session', () => {
  it('initialises: server name and version, instructions, the tools capability', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(session.client.getServerVersion()).toMatchObject({name: 'errcode', version: pkg.version})
    expect(session.client.getInstructions()).toContain('prefer a file path over pasting')
    expect(session.client.getServerCapabilities()?.tools).toBeDefined()
  })

  it('lists the tools, each with a description that says when to use it and described inputs', async () => {
    const {tools} = await session.client.listTools()
    const har = existsSync(join(ROOT, 'dist/har/index.js'))
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['decode', 'lookup', 'probe', 'providers', ...(har ? ['har'] : [])].sort(),
    )
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(80)
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, {description?: string}>
      for (const [name, p] of Object.entries(properties)) expect(p.description, `${tool.name}.${name}`).toBeTruthy()
    }

    const decode = tools.find((t) => t.name === 'decode')!
    expect(decode.description).toContain('Give path (a file, preferred')
    expect(tools.find((t) => t.name === 'lookup')!.inputSchema.required).toEqual(['query'])
    expect(tools.find((t) => t.name === 'probe')!.description).toContain('This server sends no credentials')
  })
})

describe('tools return the --json object of their command, with a summary', () => {
  it('lookup invalid_grant', async () => {
    const r = await call(session, 'lookup', {query: 'invalid_grant'})
    expect(r.isError).toBe(false)
    expect(r.structured).toEqual(json(['lookup', 'invalid_grant']))
    expect(r.text).toMatch(/^\d+ match\(es\) for "invalid_grant"\.\ninvalid_grant - OAuth 2\.0/)
    expect(r.text).toContain('fix: ')
  })

  it('lookup with a provider and a description picks the variant', async () => {
    const args = {description: 'Token has been expired or revoked.', provider: 'google', query: 'invalid_grant'}
    const r = await call(session, 'lookup', args)
    expect(r.structured).toEqual(
      json(['lookup', 'invalid_grant', '--provider', 'google', '--description', args.description]),
    )
    expect((r.structured.matches as {provider: string}[])[0].provider).toBe('google')
  })

  it('lookup of an unknown code answers with no match and the closest candidates, as --json does', async () => {
    const r = await call(session, 'lookup', {query: 'nosuchcodexyz'})
    expect(r.structured).toEqual(json(['lookup', 'nosuchcodexyz']))
    expect(r.structured).toMatchObject({closest: expect.any(Array), matches: []})
    expect(r.text).toMatch(/^No catalog entry matches "nosuchcodexyz"/)
  })

  it('decode of a real callback URL', async () => {
    const r = await call(session, 'decode', {text: GITHUB_CALLBACK})
    expect(r.isError).toBe(false)
    expect(r.structured).toEqual(json(['decode', GITHUB_CALLBACK]))
    expect(r.text).toContain(
      'access_denied from github (high confidence): The user has denied your application access.',
    )
  })

  it('decode of a file path reads it locally and masks the secrets in it', async () => {
    const r = await call(session, 'decode', {path: pasteFile})
    expect(r.isError).toBe(false)
    expect(r.structured).toEqual(json(['decode', '--file', pasteFile]))
    expect(JSON.stringify(r.structured)).toContain('masked')
    expect(r.text).toContain('invalid_grant')
  })

  it('decode of the same paste as text masks it too', async () => {
    const r = await call(session, 'decode', {text: secretCase.input})
    expect(r.structured).toEqual(json(['decode', secretCase.input]))
    expect((r.structured.errors as {code: string}[])[0].code).toBe('invalid_grant')
  })

  it('decode with nothing recognised answers with the notes, not an error', async () => {
    const r = await call(session, 'decode', {text: 'all good here'})
    expect(r.isError).toBe(false)
    expect(r.structured.errors).toEqual([])
    expect(r.text).toMatch(/^No error recognised in the input/)
  })

  it('decode refuses a directory, a missing file, and both or neither input', async () => {
    expect((await call(session, 'decode', {path: dir})).text).toContain('not a regular file')
    expect((await call(session, 'decode', {path: '/dev/null'})).text).toContain('not a regular file')
    const big = join(dir, 'big.log')
    writeFileSync(big, '')
    truncateSync(big, 10 * 1024 * 1024 + 1) // sparse: refused by its size before anything is read
    expect((await call(session, 'decode', {path: big})).structured).toMatchObject({error: {code: 'INPUT_REJECTED'}})
    const missing = await call(session, 'decode', {path: join(dir, 'nope.txt')})
    expect(missing.structured).toMatchObject({error: {code: 'FILE_UNREADABLE'}})
    for (const args of [{}, {path: pasteFile, text: 'x'}]) {
      const r = await call(session, 'decode', args)
      expect(r.isError).toBe(true)
      expect(r.text).toContain('give either text or path')
    }
  })

  it('decode of "-" never reads the server stdin (the protocol): it reads as empty', async () => {
    const r = await call(session, 'decode', {text: '-'})
    expect(r.structured).toMatchObject({error: {code: 'USAGE', message: 'the input is empty'}})
    expect((await call(session, 'providers')).isError).toBe(false)
  })

  it('providers', async () => {
    const r = await call(session, 'providers')
    expect(r.structured).toEqual(json(['providers']))
    // The summary lists providers alphabetically with their entry counts.
    expect(r.text).toMatch(/^\d+ providers, \d+ entries: adobe \(\d+\), [a-z-]+ \(\d+\)/)
  })
})

describe('bad requests get errors, and the session goes on', () => {
  it('an unknown tool is a JSON-RPC error (-32602)', async () => {
    await expect(session.client.callTool({arguments: {}, name: 'nope'})).rejects.toMatchObject({code: -32_602})
  })

  it('arguments of the wrong type are a tool error naming the field', async () => {
    const r = await call(session, 'lookup', {query: 42})
    expect(r.isError).toBe(true)
    expect(r.text).toContain('query')
  })

  it('an unknown method is a JSON-RPC error (-32601)', async () => {
    await expect(session.client.request({method: 'errcode/nothing', params: {}}, z.object({}))).rejects.toMatchObject({
      code: -32_601,
    })
  })

  it('a huge input is refused by its cap, and the next call works', async () => {
    const r = await call(session, 'decode', {text: `error=invalid_grant&${'x'.repeat(1_100_000)}`})
    expect(r.isError).toBe(true)
    expect(r.text).toContain('Too big')
    const q = await call(session, 'lookup', {query: `invalid_client ${'y'.repeat(5000)}`})
    expect(q.isError).toBe(true)
    expect((await call(session, 'lookup', {query: 'invalid_client'})).isError).toBe(false)
  })
})

describe('the command', () => {
  it('is left to oclif by the fast path', async () => {
    const {runFast} = await import(join(ROOT, 'dist/fastpath/fast.js'))
    expect(await runFast(['mcp'], join(ROOT, 'oclif.manifest.json'))).toBeUndefined()
  })

  it('refuses a credential host that is not a host name (exit 2), before serving', () => {
    const r = cli(['mcp', '--allow-credentials', 'https://login.example.com/token'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--allow-credentials takes host names')
    expect(r.stdout).toBe('')
  })
})

describe('secrets', () => {
  it('no result of this file carries a planted secret, and nothing went to the server stderr', () => {
    expect(PLANTED.length).toBeGreaterThanOrEqual(4)
    expect(leaks(PLANTED)).toEqual([])
    expect(session.stderr()).toBe('')
  })
})
