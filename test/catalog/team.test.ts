import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {validateCatalogFile} from '../../src/catalog/validate.js'
import {TEMPLATE} from '../../src/cli/team-catalog.js'
import {cli} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'errcode-team-'))
const write = (name: string, data: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data))
  return path
}

const entry = (code: string, extra: object = {}) => ({
  ...TEMPLATE.entries[0],
  aliases: [],
  code,
  id: `acme/${code}`,
  ...extra,
})
const good = write('good.json', {
  ...TEMPLATE,
  entries: [entry('acme_quota_exceeded', {title: 'Monthly quota used up'})],
})
const broken = write('broken.json', {
  ...TEMPLATE,
  entries: [entry('acme_ok_one'), {...entry('acme_bad_one'), fixes: 'restart it'}],
})

describe("teams' own catalogs", () => {
  it('the template is a valid catalog file', () => {
    expect(validateCatalogFile(TEMPLATE)).toEqual([])
    expect(validateCatalogFile(JSON.parse(cli(['catalog', 'template']).stdout))).toEqual([])
  })

  it('loads --catalog files', () => {
    const r = cli(['lookup', 'acme_quota_exceeded', '--catalog', good])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Monthly quota used up')
  })

  it('loads the config dir and ERRCODE_CATALOG_PATH', () => {
    const config = mkdtempSync(join(tmpdir(), 'errcode-cfg-'))
    mkdirSync(join(config, 'catalogs'))
    writeFileSync(
      join(config, 'catalogs', 'acme.json'),
      JSON.stringify({...TEMPLATE, entries: [entry('acme_from_config')]}),
    )
    expect(cli(['lookup', 'acme_from_config'], {env: {ERRCODE_CONFIG_DIR: config}}).code).toBe(0)
    expect(cli(['lookup', 'acme_quota_exceeded'], {env: {ERRCODE_CATALOG_PATH: good}}).code).toBe(0)
    expect(cli(['providers', '--json'], {env: {ERRCODE_CATALOG_PATH: dir}}).stdout).toContain('"acme"')
  })

  it('skips a broken entry with a warning naming file, entry and field, and keeps everything else', () => {
    const r = cli(['lookup', 'acme_ok_one', '--catalog', broken])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(broken)
    expect(r.stderr).toContain('entry "acme/acme_bad_one"')
    expect(r.stderr).toContain('fixes')
    const bad = cli(['lookup', 'acme_bad_one', '--catalog', broken, '--json'])
    expect(JSON.parse(bad.stdout).matches?.map((m: {id: string}) => m.id) ?? []).not.toContain('acme/acme_bad_one')
    expect(cli(['lookup', 'invalid_grant', '--catalog', broken]).code).toBe(0)
  })

  it('never lets a file that is not JSON take the built-in catalog down', () => {
    const notJson = write('not-json.json', '{"entries": [')
    const r = cli(['lookup', 'invalid_grant', '--catalog', notJson])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/not valid JSON.*file skipped/)
  })

  it('rejects a duplicate of a built-in id', () => {
    const dup = write('dup.json', {
      ...TEMPLATE,
      entries: [
        {...entry('x'), code: 'invalid_grant', id: 'acme/invalid_grant'},
        {...entry('y'), id: 'acme/y'},
      ],
    })
    expect(cli(['catalog', 'validate', dup]).code).toBe(0)
    const clash = write('clash.json', {
      ...TEMPLATE,
      providers: [{docs: 'https://x.example', name: 'OAuth', slug: 'oauth'}],
      entries: [{...entry('invalid_grant'), id: 'oauth/invalid_grant', provider: 'oauth'}],
    })
    const r = cli(['catalog', 'validate', clash])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('already a built-in entry')
  })

  it('catalog validate reports every problem (exit 1), an unreadable file is exit 2', () => {
    const r = cli(['catalog', 'validate', broken, '--json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({problems: [{entry: 'acme/acme_bad_one', field: 'fixes'}], valid: false})
    const missing = cli(['catalog', 'validate', join(dir, 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('cannot read')
    expect(cli(['lookup', 'x', '--catalog', join(dir, 'nope.json')]).code).toBe(2)
  })
})

describe('team catalogs teach decode and never pose as built-in entries', () => {
  const provider = {
    docs: 'https://wiki.acme.example/errors',
    evidence: {
      domains: ['acme-api.example'],
      envelopes: [{code: ['fault.id'], description: ['fault.text'], requires: ['fault.id:string', 'fault.text']}],
      names: ['AcmeApiError'],
    },
    name: 'Acme',
    slug: 'acme',
  }
  const taught = write('taught.json', {
    ...TEMPLATE,
    entries: [entry('ACME-4711', {title: 'The Acme order is locked'})],
    providers: [provider],
  })
  const posing = write('posing.json', {
    ...TEMPLATE,
    entries: [
      {
        ...entry('invalid_grant'),
        id: 'oauth/invalid_grant#team',
        match: {pattern: '^.*$'},
        provider: 'oauth',
        title: 'Team reading of invalid_grant',
      },
    ],
    providers: [{docs: 'https://wiki.acme.example', name: 'OAuth (team)', slug: 'oauth'}],
  })

  it("a team's provider record is read by decode: its envelope and its SDK's name", () => {
    const r = cli([
      'decode',
      '--json',
      '--catalog',
      taught,
      'AcmeApiError: {"fault": {"id": "ACME-4711", "text": "order locked"}}',
    ])
    expect(r.code).toBe(0)
    const e = JSON.parse(r.stdout).errors[0]
    expect({code: e.code, description: e.description, provider: e.provider}).toEqual({
      code: 'ACME-4711',
      description: 'order locked',
      provider: 'acme',
    })
    expect(e.matches[0]).toMatchObject({id: 'acme/ACME-4711', team: taught})
  })

  it("a team variant under a built-in code is listed as the team's, below the built-in entry", () => {
    const r = cli(['lookup', '--json', 'invalid_grant', '--catalog', posing])
    const matches = JSON.parse(r.stdout).matches as {id: string; providerName: string; team: null | string}[]
    expect(matches[0]).toMatchObject({id: 'oauth/invalid_grant', team: null})
    const team = matches.find((m) => m.id === 'oauth/invalid_grant#team')
    expect(team?.team).toBe(posing)
    expect(team?.providerName).toContain('team catalog posing.json')
    const d = cli(['decode', '--json', '--catalog', posing, '{"error":"invalid_grant","error_description":"x"}'])
    expect(JSON.parse(d.stdout).errors[0].matches[0].id).toBe('oauth/invalid_grant')
  })
})
