import {password} from '@inquirer/prompts'
import {render} from '@inquirer/testing'
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {askSecret, type Prompter} from '../../src/probe/prompts.js'
import {cli, ROOT} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'errcode-wording-'))

describe('wording', () => {
  it('a JSON parse error stays on one line, in text and in --json', () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"entries": [\n,]}')
    const r = cli(['catalog', 'validate', bad])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toMatch(/^Error: .*not valid JSON.*\)$/)
    expect(JSON.parse(cli(['catalog', 'validate', bad, '--json']).stdout).error.message).not.toContain('\n')
    // A team catalog that is skipped warns on one line as well.
    const warned = cli(['lookup', 'invalid_grant', '--catalog', bad])
    expect(warned.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('hints name commands as they are typed, never with a colon', () => {
    const r = cli(['catalog', 'validate', '--bogus'])
    expect(r.stderr).toContain('errcode catalog validate --help')
    expect(r.stderr).not.toContain('catalog:validate')
  })

  it('says TOKEN_URL in probe help, the name its messages use', () => {
    const r = cli(['probe', '--help'])
    expect(r.stdout).toContain('[TOKEN_URL]')
    expect(r.stdout).not.toContain('ENDPOINT')
  })

  it('counts in words: "1 problem in 1 entry", never "1 entries"', () => {
    const one = join(dir, 'one.json')
    writeFileSync(one, JSON.stringify({entries: [{id: 'x'}]}))
    const r = cli(['catalog', 'validate', one])
    expect(r.stdout).toMatch(/problems? in 1 entry\b/)
    expect(cli(['providers']).stdout).toMatch(/^\d+ providers, \d+ entries/)
  })

  it('scrub counts in words too: "1 entry", "1 value"', () => {
    const har = join(dir, 'one.har')
    const entry = {
      request: {
        cookies: [],
        headers: [],
        method: 'GET',
        queryString: [],
        url: 'https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA',
      },
      response: {content: {mimeType: 'text/html', size: 0}, cookies: [], headers: [], status: 200},
      startedDateTime: '2026-12-01T10:00:00.000Z',
      time: 1,
    }
    writeFileSync(har, JSON.stringify({log: {creator: {name: 'test', version: '1'}, entries: [entry], version: '1.2'}}))
    const r = cli(['scrub', har, '-o', join(dir, 'one.scrubbed.har')])
    expect(r.stdout.split('\n')[0]).toMatch(/ \(1 entry\): 1 value replaced\.$/)
  })

  it('a secret prompt that echoes * says so, never "hidden"', async () => {
    let screen = ''
    // The real @inquirer password prompt, on a virtual terminal.
    const prompter = {
      async password(config: Parameters<Prompter['password']>[0]) {
        const {answer, events, getScreen} = await render(password, config)
        events.type('s3cr3t')
        screen = getScreen()
        events.keypress('enter')
        return answer
      },
    } as Prompter
    expect(await askSecret(prompter)).toBe('s3cr3t')
    expect(screen).toContain('******')
    expect(screen).toContain('shown as *')
    expect(screen).not.toMatch(/hidden/i)
    const sources = readdirSync(join(ROOT, 'src'), {recursive: true, withFileTypes: true}).filter((d) =>
      d.name.endsWith('.ts'),
    )
    for (const d of sources)
      expect([d.name, readFileSync(join(d.parentPath, d.name), 'utf8').includes('(hidden')]).toEqual([d.name, false])
  })
})
