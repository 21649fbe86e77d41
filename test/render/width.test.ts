import {describe, expect, it} from 'vitest'

import {count, padEnd, truncate, unbroken, wrap, stringWidth} from '../../src/render/text.js'
import {cli} from '../helpers/cli.js'

const widest = (text: string) => Math.max(...text.split('\n').map((l) => stringWidth(l)))

describe('terminal text by display width', () => {
  it('wraps CJK text to the columns it takes, not its length', () => {
    const text = 'トークンの有効期限が切れているか、取り消されています。リフレッシュトークンを再取得してください。'
    const out = wrap(text, 40, '  ')
    expect(widest(out)).toBeLessThanOrEqual(40)
    expect(out.replaceAll(/\n\s*/g, '').trim()).toBe(text)
  })

  it('never breaks inside an id, a URL or a command', () => {
    const id = 'aws-cognito/NotAuthorizedException#refresh-token-revoked'
    const url = 'https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes'
    const out = wrap(`See ${url} and the entry ${id}. ${unbroken(`errcode lookup ${id}`)}`, 40)
    const lines = out.split('\n')
    expect(lines).toContain(url)
    expect(lines.some((l) => l.includes(id))).toBe(true)
    expect(lines).toContain(`errcode lookup ${id}`)
    expect(out).not.toContain('\u00A0')
  })

  it('truncates and pads by columns', () => {
    expect(stringWidth(truncate('認証コードの有効期限切れ', 9))).toBeLessThanOrEqual(9)
    expect(truncate('short', 9)).toBe('short')
    expect(stringWidth(padEnd('認証', 6))).toBe(6)
    expect([count(1, 'entry', 'entries'), count(2, 'entry', 'entries'), count(1, 'problem')]).toEqual([
      '1 entry',
      '2 entries',
      '1 problem',
    ])
  })
})

describe('list and help at 80 columns', () => {
  it('aligns list rows in columns no wider than 80', () => {
    const r = cli(['list', '--provider', 'adobe'], {env: {COLUMNS: '80'}})
    expect(r.code).toBe(0)
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('  '))
    expect(widest(r.stdout)).toBeLessThanOrEqual(80)
    // The status column starts at the same place on every row.
    const at = new Set(rows.map((l) => l.search(/ (\d{3}(\/\d{3})*|-) {2,}/)).filter((i) => i >= 0))
    expect(at.size).toBe(1)
    expect(r.stdout).not.toMatch(/\b1 entries/)
  })

  it('prints help examples on one line each, never wrapped inside quotes', () => {
    const r = cli(['decode', '--help'], {env: {COLUMNS: '60'}})
    expect(r.stdout).toContain(
      `$ errcode decode '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}'`,
    )
    expect(r.stdout).not.toMatch(/ \\\n/)
  })

  it('describes the catalog topic in its own words', () => {
    const r = cli(['--help'])
    expect(r.stdout).toMatch(/catalog +Team catalogs/)
  })
})

describe('stringWidth', () => {
  it('counts terminal columns: wide CJK and emoji two, combining marks and colour codes none', () => {
    expect(stringWidth('invalid_grant')).toBe(13)
    expect(stringWidth('認証コード')).toBe(10)
    expect(stringWidth('e\u0301t\u00e9')).toBe(3)
    expect(stringWidth('\u001B[31mred\u001B[39m')).toBe(3)
    expect(stringWidth('ok 🔑')).toBe(5)
    expect(stringWidth('ｉｎｖａｌｉｄ')).toBe(14)
  })
})
