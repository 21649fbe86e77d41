/**
 * The last resort for a paste that carries only a sentence (`Error validating access token: Session has
 * expired...`, `401 Bad credentials`, an error page's message): the line most likely to be the error, without
 * its log prefix, as an error with no code. The catalog's text search then explains it (the matcher's variant
 * and word features), and the provider comes from the paste's evidence as for any error.
 */
import {specificVariant, variantsFor} from '../catalog/candidates.js'
import type {Catalog} from '../catalog/catalog.js'
import {type RawError, rawError} from './types.js'
import {UNCAUGHT} from './values.js'

const MAX_LINES = 2000
const MAX_LINE = 1000
const ERROR_WORDS =
  /\b(?:error|invalid|expired?|denied|unauthori[sz]ed|forbidden|not authori[sz]ed|failed|failure|refused|rejected|mismatch(?:ing)?|(?:does|did) not match|missing|revoked|bad credentials|not allowed|no longer valid)\b/i
const NEGATED = /\b(?:no|not an?|without|zero|never)\s+(?:errors?|failures?|failed|problems?|issues?)\b/gi
/**
 * Log furniture before the message: timestamps (with their zone offset; Go's log package's `2019/01/17 11:26:54`),
 * levels, logger names (Spring Boot pads them before the colon, after its `pid --- [thread]`), Docker Compose's
 * `service | `, `Error:`-style labels.
 */
const PREFIX =
  /^(?:[\s[\]()*`>#-]{0,8}(?:\d{4}-\d\d-\d\d[T ][\d:.,]{5,15}(?:Z|[ ]?[+-]\d\d:?\d\d\b)?|\d{4}\/\d\d\/\d\d [\d:.]{8,15}|\w{3} \d{1,2} [\d:]{8}|\[[^\]\n]{1,60}\]|(?:ERROR|WARN(?:ING)?|INFO|DEBUG|FATAL)\b|\d{1,7} ---(?= )|[\w.-]{1,60}[ \t]{1,20}\|(?= )|(?!(?:[Ee]rror|ERROR|[Ee]xception)[ \t]*:)[\w.$-]{1,80}[ \t]{0,40}:(?= ))[\s:-]{0,4}){0,6}/

const ERROR_LABEL = new RegExp(`^(?:${UNCAUGHT}[ \\t]+)?(?:error|exception)[ \\t]*:[ \\t]*`, 'i')

/** `… error message: Authentication Error: Your credentials …`: a label ends at `Error:`, `Exception:`, `CAUSE:`. */
const LABEL = /(?:^|[\s.])(?:error|exception|cause|message|reason)[ \t]*:[ \t]+/gi

/** The text after the last label, when what follows still reads as a message (two words or more). */
export function afterLastLabel(message: string): string {
  LABEL.lastIndex = 0
  let cut = -1
  let m
  while ((m = LABEL.exec(message))) cut = m.index + m[0].length
  if (cut < 0) return message
  const rest = message.slice(cut).trim()
  return /[a-z]{2,}\W+[a-z]{2,}/i.test(rest) ? rest : message
}

/**
 * Prose that quotes its error in backticks (`I am getting … another error stating \`Error: Invalid SAML
 * Response…\``, `Error message \`the provided authorization grant is invalid…\``): the last quoted span that reads
 * as an error is the message.
 */
function quotedError(line: string): string {
  let found: null | string = null
  for (const m of line.matchAll(/`([^`\n]{8,500})`/g)) {
    const span = m[1].replace(ERROR_LABEL, '').trim()
    if (ERROR_WORDS.test(span) && /[a-z]{2,}\W+[a-z]{2,}/i.test(span)) found = span
  }

  return found ?? line
}

/** A line that reads as an error; `worded` when a catalog variant was found to fit it. */
interface Line {
  line: string
  offset: number
  worded?: boolean
}

function candidates(text: string, catalog: Catalog): Line[] {
  const out: Line[] = []
  let offset = 0
  for (const [n, raw] of text.split('\n').entries()) {
    if (n >= MAX_LINES) break
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw
    const unprefixed = line.replace(PREFIX, '')
    // A line labelled as an error (`Uncaught (in promise) Error: Service not found: …`) is one, whatever its words.
    const label = ERROR_LABEL.exec(unprefixed)
    const stripped = (label ? unprefixed.slice(label[0].length) : unprefixed).trim()
    const message = quotedError(afterLastLabel(stripped))
    // `no failure here`, `without errors`: an error word that is denied does not make an error.
    const plain = message.replace(NEGATED, ' ')
    // A line worded as a catalog's error is one (`JWT not active yet, now 1642051718, nbf 1642051719`).
    const sized = message.length >= 8 && message.length <= 500 && /[a-z]{3}/.test(message)
    const worded =
      ERROR_WORDS.test(plain) || (label !== null && /[a-z]{2,}\W+[a-z]{2,}/i.test(message))
        ? undefined
        : sized && variantsFor(catalog, message).some(specificVariant)
    if (sized && worded !== false)
      out.push({
        line: message.replace(/^["'`*]+|["'`*,;]+$/g, '').trim(),
        offset: offset + raw.indexOf(message),
        worded,
      })
    offset += raw.length + 1
  }

  return out
}

export function messageErrors(text: string, catalog: Catalog): RawError[] {
  const lines = candidates(text, catalog)
  if (lines.length === 0) return []
  // A line a catalog variant is worded as wins; else the first line that reads like an error.
  const worded = lines.find((l) => l.worded ?? variantsFor(catalog, l.line).length > 0)
  const pick = worded ?? lines[0]
  return [
    rawError('text', Math.max(0, pick.offset), {
      description: pick.line,
      fields: {message: pick.line},
      strength: worded ? 0.45 : 0.35,
    }),
  ]
}
