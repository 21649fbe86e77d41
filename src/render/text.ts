/** Terminal text helpers: strip untrusted control sequences, wrap to a display width, indent. */

// CSI / OSC / DCS and other ESC sequences, then any remaining C0 (except \t \n) and C1 controls. An OSC or DCS
// left open ends at the line's end: it must not swallow the rest of a report.
const ESCAPE_SEQUENCES =
  /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B\n]*(?:\u0007|\u001B\\)?|[PX^_][^\u001B\n]*(?:\u001B\\)?|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/g

const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g

/** Bidirectional overrides and isolates reorder what a terminal shows (a "Trojan Source" display trick). */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g

/**
 * Make untrusted text (pasted input, server responses, team catalogs) safe to print: terminal escape
 * sequences and control characters are removed, so nothing in the data can move the cursor, retitle the
 * window or hide text. \r is dropped (CRLF becomes LF).
 */
export function clean(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARS, '').replace(BIDI, '')
}

/** Every escape sequence, C0 / C1 control and bidi override, one at a time (SGR colour first, to keep ours). */
const TERMINAL_TOKEN = new RegExp(
  `\u001B\\[([\\d;]{0,30})m|${ESCAPE_SEQUENCES.source}|${CONTROL_CHARS.source}|${BIDI.source}`,
  'g',
)

/** The SGR parameters chalk writes for errcode's styles: bold, dim, italic, underline, the 16 colours, resets. */
const OUR_SGR = /^(?:0|1|2|3|4|22|23|24|39|49|3[0-7]|4[0-7]|9[0-7]|10[0-7])$/

/**
 * The last step before a terminal, for a whole rendered document: only colour and weight (SGR with the
 * parameters errcode's styles use) survive; every other sequence, control character and bidi override is
 * removed, wherever it came from and whether or not the text was cleaned before. So a string that reached a
 * renderer uncleaned (or mixed with colour, as Doc.para allows) still cannot write the clipboard (OSC 52),
 * retitle the window, move the cursor, clear the screen or hide text (SGR 8).
 */
export function forTerminal(text: string): string {
  return text.replace(TERMINAL_TOKEN, (token: string, sgr: string | undefined) =>
    sgr !== undefined && (sgr === '' || sgr.split(';').every((p) => OUR_SGR.test(p))) ? token : '',
  )
}

/**
 * `--json` text: JSON.stringify escapes C0 controls, but not DEL, C1 (U+0080-U+009F, which terminals read as
 * CSI, OSC...), U+2028/U+2029 or bidi overrides; those are written as \\u escapes, which is the same JSON.
 */
export function jsonText(data: unknown): string {
  return JSON.stringify(data, null, 2).replace(
    /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

// Made on first use: constructing a segmenter loads ICU's break data, a fifth of a cold `node -e 0`, and most runs
// never split a word.
let segmenter: Intl.Segmenter | undefined
const graphemes = (s: string) => Array.from((segmenter ??= new Intl.Segmenter()).segment(s), (g) => g.segment)

/**
 * Columns a string takes on a terminal: colour codes and combining marks take none, East Asian wide and full-width
 * characters and emoji take two. (string-width does this too, but compiling its emoji pattern costs about 200 ms
 * of every run's start-up.)
 */
export function stringWidth(s: string): number {
  const plain = s.replace(SGR, '')
  // Printable ASCII is one column a character: most text, measured without a pattern test per character.
  if (PRINTABLE_ASCII.test(plain)) return plain.length
  let width = 0
  for (const ch of plain) {
    const c = ch.codePointAt(0)!
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (ZERO_WIDTH ??= /[\p{Mn}\p{Me}\p{Cf}]/u).test(ch)) continue
    width += WIDE.test(ch) ? 2 : 1
  }

  return width
}

const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/
const SGR = /\u001B\[[\d;]*m/g
// Patterns of Unicode properties are compiled when first needed: building their classes is about a millisecond
// each, in a run that may never meet a non-ASCII character or a word longer than a line.
let ZERO_WIDTH: RegExp | undefined
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u

export const visibleLength = (s: string): number => stringWidth(s)

/** Cut a string to at most `max` columns, saying so. */
export function truncate(text: string, max: number): string {
  if (stringWidth(text) <= max) return text
  let out = ''
  for (const g of graphemes(text)) {
    if (stringWidth(out + g) > max - 1) break
    out += g
  }

  return `${out}…`
}

/** Pad to `width` columns (String.padEnd counts UTF-16 units, so CJK text would push the next column out). */
export const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - stringWidth(text)))

/**
 * Keep a command (or any run of words) on one line: wrap() breaks only at plain spaces, and turns these
 * no-break spaces back into spaces. `Full entry: errcode lookup aws-cognito/...` never splits before the id.
 */
export const unbroken = (text: string): string => text.replaceAll(' ', '\u00A0')

/** A word wrap() may break inside: plain letters (a long compound) or wide CJK text, which has no spaces. */
let BREAKABLE: RegExp | undefined
const breakable = (word: string) =>
  (BREAKABLE ??=
    /^[\p{L}\p{M}]+[,.;:!?)]?$|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u).test(word)

/**
 * Wrap text to `width` display columns. `first` prefixes the first line, `rest` the others (bullets, numbered
 * steps). Ids, URLs, paths, tokens and commands are never broken: one longer than a line gets a line of its own
 * (a broken URL cannot be clicked or copied); only letters-only words and CJK runs are broken to fit.
 */
export function wrap(text: string, width: number, first = '', rest = first): string {
  const out: string[] = []
  // Widths add up across a space or a grapheme boundary (no colour code spans one), so the line's width is kept
  // as it grows rather than measured again for every word.
  const firstWidth = stringWidth(first)
  const restWidth = stringWidth(rest)
  // Index loops: wrap runs over every word shown, and in V8's interpreter each step of for...of allocates.
  const paragraphs = text.split('\n')
  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p]
    let line = ''
    let lineWidth = 0
    let prefix = out.length === 0 ? first : rest
    let room = Math.max(8, width - (out.length === 0 ? firstWidth : restWidth))
    const flush = () => {
      out.push(prefix + line)
      prefix = rest
      room = Math.max(8, width - restWidth)
      line = ''
      lineWidth = 0
    }

    const words = paragraph.split(/ +/)
    for (let k = 0; k < words.length; k++) {
      const word = words[k]
      if (!word) continue
      const w = stringWidth(word)
      if (line && lineWidth + 1 + w <= room) {
        line = `${line} ${word}`
        lineWidth += 1 + w
        continue
      }

      if (line) flush()
      if (w <= room || word.includes('\u001B') || !breakable(word)) {
        line = word
        lineWidth = w
        continue
      }

      // Break a long letters-only word or CJK run between graphemes.
      for (const g of graphemes(word)) {
        const gw = stringWidth(g)
        if (line && lineWidth + gw > room) flush()
        line += g
        lineWidth += gw
      }
    }

    out.push(prefix + line)
  }

  return out.join('\n').replaceAll('\u00A0', ' ')
}

/** "1 entry", "2 entries": a count with its noun. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
