/**
 * Labelled lines in free text: `Error Code: x` with its `Description:` nearby, labels alone on their line with the
 * value on the next, an error page's `Error 400: code`, and the prose line a lone code stands before. Read line by
 * line from text.ts (lines are cut at 4 kB there before any regex runs).
 */
import type {Line, TextOptions} from './text.js'
import {type RawError, rawError} from './types.js'
import {looksLikeCode} from './values.js'

// A label's separator: `:`, `=`, or a dash between spaces (`code - 190`, as facebook4j prints its errors).
const LABEL_CODE =
  /^[ \t]*(?:error[ _-]?code|fault[ _-]?code|error|code)(?:[ \t]*(?:[:=]|-(?=[ \t])))?[ \t]+["']?([\w.:-]{2,100})["']?/i
const LABEL_DESCRIPTION =
  /^[ \t]*(?:error[ _-]?)?(?:description|message|details?|reason)[ \t]*(?:(?:[:=]|-(?=[ \t]))[ \t]*)?(?:"([^"\n]{1,2000})"|(\S.{0,1999}))$/i
const STATUS_THEN_CODE = /^[ \t]*error[ \t]+([45]\d\d)[ \t]*:[ \t]*([\w.-]{2,100})[ \t]*$/i
const CODE_ALONE = /^[ \t]*(?:error[ _-]?code|fault[ _-]?code|code)[ \t]*:[ \t]*$/i
const LABEL_ALONE = /^[ \t]*(?:error[ _-]?)?(?:description|message|details?|reason)[ \t]*:[ \t]*$/i

/**
 * A number under a key that names a code (`[code=100]`, `errorCode=003100`, `Error Code 124`) is a vendor's
 * numeric code; 400-599 under such a key is usually the HTTP status repeated, and leading zeros are padding.
 */
export function numericCode(key: string, value: string): null | string {
  if (!/code/i.test(key) || !/^\d{2,10}$/.test(value)) return null
  const n = value.replace(/^0+(?=\d)/, '')
  return /^[45]\d\d$/.test(n) ? null : n
}

export function labelled(all: Line[], index: number, out: RawError[], options: TextOptions): void {
  const line = all[index]
  // An error page's `Error 400: redirect_uri_mismatch` (Google's): the status, then the code; the message is the
  // prose around it.
  const page = STATUS_THEN_CODE.exec(line.text)
  if (page && (options.isKnownCode(page[2]) || looksLikeCode(page[2]))) {
    const description = nextProse(all, index) ?? nextProse(all, index, true)
    out.push(
      rawError('text', line.offset, {
        code: page[2],
        description,
        fields: {code: page[2], ...(description ? {description} : {})},
        http: Number(page[1]),
        standard: options.isStandardCode(page[2]),
        strength: 0.7,
      }),
    )
    return
  }

  // `errorCode:` alone on its line: the code is the next line, when that is one word.
  const alone = CODE_ALONE.test(line.text)
    ? /^[ \t]*["']?([\w.:-]{2,100})["']?[ \t]*$/.exec(all[index + 1]?.text ?? '')
    : null
  const m = alone ?? LABEL_CODE.exec(line.text)
  if (!m) return
  const value = m[1].replace(/[.:]+$/, '')
  const numeric = numericCode('code', value)
  const code = numeric ?? value
  if (numeric === null && !looksLikeCode(code) && !options.isKnownCode(code)) return
  // The description is on a labelled line near it (an error page's "Description:", a debugger's `Message "..."`).
  let description: null | string = null
  for (const near of [...all.slice(index + 1, index + 4), ...all.slice(Math.max(0, index - 3), index).reverse()]) {
    // The label alone on its line and the value on the next (`message:` / `Session expired or invalid`).
    if (LABEL_ALONE.test(near.text)) {
      const value = all[all.indexOf(near) + 1]?.text.trim()
      if (value && !LABEL_ALONE.test(value) && !/^[\w.-]{1,40}:$/.test(value)) description = value
      break
    }

    const d = LABEL_DESCRIPTION.exec(near.text)
    if (d) {
      description = (d[1] ?? d[2]).trim()
      break
    }
  }

  // An error page that prints `Error: invalid_client` on its own, then the message in prose below it; a log
  // line that puts the message after the code and a separator (`Error Code 124 > invalid access token`).
  const rest = /^[ \t"']*(?:>|-|\u2013|\u2014|:)[ \t]+(\S.{0,1999})$/.exec(line.text.slice(m[0].length))?.[1]
  if (!description && rest) description = rest.trim()
  if (!description && line.text.trim().length <= m[0].trim().length + 2) description = nextProse(all, index)
  out.push(
    rawError('text', line.offset, {
      code,
      description,
      fields: {code, ...(description ? {description} : {})},
      standard: options.isStandardCode(code),
      strength: 0.65,
    }),
  )
}

/**
 * The nearest non-blank line after a code that stands alone (an error page: the code, then the message), or with
 * `before` the nearest above it (a page that puts the message above its `Error 400: code` line), when it is prose.
 */
export function nextProse(all: Line[], index: number, before = false): null | string {
  const near = before ? all.slice(Math.max(0, index - 3), index).reverse() : all.slice(index + 1, index + 3)
  for (const line of near) {
    const t = line.text.trim()
    if (!t) continue
    return /\s/.test(t) && !looksLikeCode(t) && t.length <= 500 ? t : null
  }

  return null
}
