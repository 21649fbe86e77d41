/**
 * Completion: `errcode __complete` against the real manifest and catalog, both argument paths, and the bash script
 * it prints run in a real bash (COMP_WORDS as bash itself splits a line: `--provider=go` is `--provider`, `=`, `go`).
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {type Candidate, complete, type CompletionSource, providerCandidates} from '../../src/cli/complete.js'
import {TEMPLATE} from '../../src/cli/team-catalog.js'
import {cli, EMPTY_CONFIG, ROOT, RUN} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'errcode-complete-'))
const team = join(dir, 'team.json')
writeFileSync(team, JSON.stringify(TEMPLATE))
const ctx = {configDir: EMPTY_CONFIG, env: {} as NodeJS.ProcessEnv}
const source: CompletionSource = {
  commands: JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')).commands,
  providers: (files) => providerCandidates(files, ctx),
  topics: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).oclif.topics,
}
const values = async (...words: string[]) => {
  const c = await complete(words, source)
  return c === 'files' ? c : c.map((x: Candidate) => x.value)
}

describe('completion candidates', () => {
  it("completes command names and a topic's commands, never a hidden one", async () => {
    expect(await values('')).toEqual(expect.arrayContaining(['catalog', 'decode', 'list', 'lookup', 'providers']))
    expect(await values('')).not.toContain('__complete')
    expect(await values('lo')).toEqual(['lookup'])
    expect(await values('catalog', 'v')).toEqual(['validate'])
    expect(await values('help', 'pro')).toEqual(['probe', 'providers'])
  })

  it('completes provider values from the records: slugs and aliases, after --provider and -p, on every command that has it', async () => {
    expect(await values('lookup', 'invalid_grant', '--provider', 'goo')).toEqual(
      expect.arrayContaining(['google', 'google-cloud']),
    )
    expect(await values('lookup', 'x', '-p', 'entr')).toEqual(['entra', 'entra-id'])
    expect(await values('decode', '--provider', 'cogn')).toContain('cognito')
    expect(await values('list', '-p', 'zap')).toEqual(['zapier'])
    // Inline forms: one word in zsh and fish, three in bash.
    expect(await values('list', '--provider=zap')).toEqual(['--provider=zapier'])
    expect(await values('list', '-p=zap')).toEqual(['-p=zapier'])
    expect(await values('list', '--provider', '=', 'zap')).toEqual(['zapier'])
    expect(await values('list', '--provider', '=')).toContain('=zapier')
    // Every slug `errcode providers` lists completes.
    const listed = JSON.parse(cli(['providers', '--json']).stdout).providers.map((p: {slug: string}) => p.slug)
    expect(await values('lookup', 'x', '--provider', '')).toEqual(expect.arrayContaining(listed))
  })

  it("adds a team catalog's providers, from --catalog on the same line", async () => {
    expect(await values('lookup', '--catalog', team, '--provider', 'ac')).toEqual(['acme'])
    expect(await values('lookup', '--provider', 'ac')).toEqual([])
  })

  it('completes flags not given yet, and asks the shell for paths where a file goes', async () => {
    const flags = await values('lookup', 'x', '--provider', 'google', '--')
    expect(flags).toEqual(expect.arrayContaining(['--catalog', '--description', '--json', '--no-color', '--help']))
    expect(flags).not.toContain('--provider')
    expect(await values('lookup', '--catalog', 'a.json', '--cat')).toEqual(['--catalog'])
    expect(await values('har', '')).toBe('files')
    expect(await values('decode', '--file', '')).toBe('files')
    expect(await values('completion', '')).toEqual(['bash', 'fish', 'zsh'])
    expect(await values('lookup', '')).toEqual([])
    expect(await values('nope', '')).toEqual([])
  })

  it("prints a team catalog's provider names as data: no escape sequence, one line a candidate", () => {
    const hostile = join(dir, 'hostile.json')
    const name = 'Evil \u001B]0;owned\u0007\u001B[2J Corp\tTab\nNewline'
    writeFileSync(
      hostile,
      JSON.stringify({...TEMPLATE, providers: [{...TEMPLATE.providers[0], aliases: ['acme-corp'], name}]}),
    )
    const r = cli(['__complete', '--', 'lookup', '--catalog', hostile, '-p', 'acm'])
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/)
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^acme\tEvil .*Corp Tab Newline$/),
      expect.stringMatching(/^acme-corp\tEvil .*\(acme\)$/),
    ])
  })

  it('answers the same from both argument paths, and never in JSON', () => {
    for (const words of [['lookup', '-p', 'goo'], ['catalog', ''], ['list', '--provider=zap'], ['--bogus']]) {
      const args = ['__complete', '--', ...words]
      const fast = cli(args, {env: {ERRCODE_CONTENT_TYPE: 'json'}})
      const slow = cli(args, {env: {ERRCODE_CONTENT_TYPE: 'json', ERRCODE_NO_FAST: '1'}})
      expect({words, ...fast}).toEqual({words, ...slow})
      expect(fast.code).toBe(0)
      expect(fast.stdout).not.toContain('{')
    }
    expect(cli(['__complete', '--', 'lookup', '-p', 'goo']).stdout).toContain('google\tGoogle\n')
  })
})

describe('errcode completion', () => {
  const script = (shell: string) => cli(['completion', shell])

  it('prints a script for bash, zsh and fish, and refuses another shell', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = script(shell)
      expect([shell, r.code]).toEqual([shell, 0])
      expect(r.stdout).toContain('errcode __complete --')
    }
    expect(cli(['completion'], {env: {SHELL: '/usr/bin/zsh'}}).stdout).toContain('#compdef errcode')
    expect(cli(['completion'], {env: {SHELL: undefined}}).stderr).toMatch(/^Error: SHELL is not set; name the shell/)
    const bad = cli(['completion', 'tcsh'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('errcode completes bash, zsh and fish')
  })

  it('completes in a real bash: commands, provider values (also after `=`), file names', () => {
    // `errcode` on PATH, as after `npm link`.
    const bin = join(dir, 'bin')
    mkdirSync(bin, {recursive: true})
    symlinkSync(RUN, join(bin, 'errcode'))
    writeFileSync(join(dir, 'login.har'), '{}')
    const run = (words: string[]) => {
      const line = words.map((w) => `'${w}'`).join(' ')
      const r = spawnSync(
        'bash',
        [
          '--norc',
          '-c',
          `eval "$(errcode completion bash)"; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _errcode_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        {
          cwd: dir,
          encoding: 'utf8',
          env: {
            ...process.env,
            ERRCODE_CONFIG_DIR: EMPTY_CONFIG,
            PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
          },
          timeout: 30_000,
        },
      )
      expect(r.stderr).toBe('')
      return r.stdout.split('\n').filter(Boolean)
    }

    expect(run(['errcode', 'lo'])).toEqual(['lookup'])
    expect(run(['errcode', 'lookup', 'invalid_grant', '--provider', 'goo'])).toEqual(
      expect.arrayContaining(['google', 'google-cloud']),
    )
    expect(run(['errcode', 'lookup', 'x', '--provider', '=', 'entr'])).toEqual(['entra', 'entra-id'])
    expect(run(['errcode', 'list', '--provider', '='])).toContain('=zapier')
    expect(run(['errcode', 'har', 'log'])).toEqual(['login.har'])
  })
})
