/**
 * Codes come out as their sender wrote them, without what the surrounding text left on their ends (issue 8:
 * "extracted codes are clean"); a code the catalog knows as written is kept whole.
 */
import {describe, expect, it} from 'vitest'

import {builtinCatalog} from '../../src/catalog/load.js'
import {decode} from '../../src/decode/index.js'
import {cleanCode} from '../../src/decode/values.js'

const catalog = builtinCatalog()

describe('cleanCode', () => {
  it.each([
    ['invalid_token).', 'invalid_token'],
    ['"invalid_grant"', 'invalid_grant'],
    ['`AADSTS50011`,', 'AADSTS50011'],
    ["invalid_client'", 'invalid_client'],
    ['E0000011]', 'E0000011'],
    ['[Exception]', '[Exception]'],
    ['auth/popup-closed-by-user', 'auth/popup-closed-by-user'],
    ['Error(42)', 'Error(42)'],
    ['.', '.'],
  ])('%s -> %s', (raw, clean) => {
    expect(cleanCode(raw)).toBe(clean)
  })

  it('reads the empty and the absent as no code', () => {
    expect(cleanCode(null)).toBeNull()
    expect(cleanCode('  ')).toBeNull()
  })
})

describe('codes in pastes', () => {
  it('drops the bracket and full stop of a sentence that quotes a challenge', () => {
    // https://github.com/dart-lang/pub-dev/issues/5207
    const paste =
      'Access was denied (www-authenticate header was: Bearer realm="https://accounts.google.com/", error=invalid_token).'
    const e = decode(paste, {catalog}).errors[0]
    expect(e.provider).toBe('google')
    expect(e.code).toBe('invalid_token')
  })

  it("keeps a catalog code's own trailing dots", () => {
    // Prysmid's codes end in dots on the wire (../shared/seeds, Prysmid's table).
    const e = decode('{"code": "expired_access_token/..", "message": "Token expired"}', {catalog}).errors[0]
    expect(e.code).toBe('expired_access_token/..')
  })
})
