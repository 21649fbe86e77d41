/** Terminal text helpers: strip untrusted control sequences, wrap to a width, indent. */

// CSI / OSC / DCS and other ESC sequences, then any remaining C0 (except \t \n) and C1 controls.

const ESCAPE_SEQUENCES =
  /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[PX^_][^\u001B]*(?:\u001B\\)?|[@-Z\\-_])|\u009B[0-?]*[ -/]*[@-~]/g

const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g

/**
 * Make untrusted text (pasted input, server responses, team catalogs) safe to print: terminal escape
 * sequences and control characters are removed, so nothing in the data can move the cursor, retitle the
 * window or hide text. \r is dropped (CRLF becomes LF).
 */
export function clean(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARS, '')
}

/** Cut a string to at most `max` characters, saying so. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`
}

const ANSI = /\u001B\[[0-9;]*m/g
export const visibleLength = (s: string): number => s.replace(ANSI, '').length

/**
 * Wrap text to `width` columns. `first` prefixes the first line, `rest` the others (bullets, numbered steps).
 * Words longer than a line (URLs, tokens) are broken hard so no line is wider than the terminal.
 */
export function wrap(text: string, width: number, first = '', rest = first): string {
  const out: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    let prefix = out.length === 0 ? first : rest
    const room = () => Math.max(8, width - visibleLength(prefix))
    const words = paragraph.split(/ +/).filter(Boolean)
    for (let word of words) {
      // URLs stay whole (a broken URL cannot be clicked or copied); other long words are broken hard.
      while (visibleLength(word) > room() && !word.includes('\u001B') && !/^https?:\/\//.test(word)) {
        if (line) {
          out.push(prefix + line)
          prefix = rest
          line = ''
        }

        out.push(prefix + word.slice(0, room()))
        word = word.slice(room())
        prefix = rest
      }

      if (line && visibleLength(line) + 1 + visibleLength(word) > room()) {
        out.push(prefix + line)
        prefix = rest
        line = word
      } else line = line ? `${line} ${word}` : word
    }

    out.push(prefix + line)
  }

  return out.join('\n')
}
