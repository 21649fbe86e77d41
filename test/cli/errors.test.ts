import {describe, expect, it} from 'vitest'

import {ErrcodeError, errorToJson, normaliseError, UsageError} from '../../src/errors.js'

describe('normaliseError', () => {
  it('keeps errcode errors as they are', () => {
    const e = new UsageError('bad', ['try x'])
    expect(normaliseError(e)).toBe(e)
    expect(errorToJson(e)).toEqual({error: {code: 'USAGE', message: 'bad', suggestions: ['try x']}})
  })

  it('turns every oclif parse error into a usage error (exit 2), whatever exit oclif gave it', () => {
    const invalidOption = Object.assign(
      new Error('Expected --auth=bogus to be one of: basic, post\nSee more help with --help'),
      {
        oclif: {exit: 1},
        parse: {},
      },
    )
    const e = normaliseError(invalidOption)
    expect([e.code, e.exit, e.message]).toEqual(['USAGE', 2, 'Expected --auth=bogus to be one of: basic, post'])
  })

  it('joins oclif\'s two-line "Missing 1 required arg" message', () => {
    const missing = Object.assign(
      new Error('Missing 1 required arg:\nquery  An error code\nSee more help with --help'),
      {oclif: {exit: 2}, parse: {}},
    )
    expect(normaliseError(missing).message).toBe('Missing 1 required arg: query')
  })

  it('maps Ctrl-C at a prompt to a quiet 130, and anything else to one line without a stack', () => {
    const ctrlC = Object.assign(new Error('User force closed the prompt'), {name: 'ExitPromptError'})
    expect(normaliseError(ctrlC).exit).toBe(130)
    const boom = normaliseError(new TypeError('x is not a function\n    at foo (a.js:1:1)'))
    expect(boom).toBeInstanceOf(ErrcodeError)
    expect([boom.exit, boom.message]).toEqual([1, 'unexpected error: x is not a function'])
  })
})
