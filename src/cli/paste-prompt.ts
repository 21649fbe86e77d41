/**
 * The interactive paste: on a terminal with no input, ask for the text and read lines until an empty line or
 * Ctrl-D. A paste arrives as a burst of lines and may contain empty lines of its own (between the headers and the
 * body of `curl -i`), so an empty line ends the input only when nothing follows it for a moment.
 *
 * Built on node:readline rather than @inquirer/prompts: Inquirer's `input` submits at the first newline of a
 * multi-line paste (the rest is lost) and `editor` opens $EDITOR; a custom Inquirer prompt needs @inquirer/core,
 * which errcode does not depend on directly. Streams are injected so tests drive it without a terminal.
 */
import {createInterface} from 'node:readline'

import {ErrcodeError} from '../errors.js'
import {tooLarge} from '../decode/input.js'

export interface PasteOptions {
  maxBytes: number
  /** The question, already styled. */
  message: string
  /** How long an empty line must stay the last one before it ends the paste. */
  quietMs?: number
}

export function interrupted(): ErrcodeError {
  return new ErrcodeError('INTERRUPTED', 'interrupted', {exit: 130})
}

export function promptForPaste(
  input: NodeJS.ReadableStream & {isTTY?: boolean},
  output: NodeJS.WritableStream,
  options: PasteOptions,
): Promise<string> {
  output.write(`${options.message}\n`)
  const rl = createInterface({input, output, terminal: Boolean(input.isTTY)})
  const lines: string[] = []
  let size = 0
  let done = false
  let timer: NodeJS.Timeout | undefined
  return new Promise<string>((resolve, reject) => {
    const end = (error?: Error) => {
      if (done) return
      done = true
      clearTimeout(timer)
      rl.close()
      if (error) reject(error)
      else resolve(lines.join('\n'))
    }

    rl.on('line', (line) => {
      clearTimeout(timer)
      size += Buffer.byteLength(line) + 1
      if (size > options.maxBytes) {
        end(tooLarge(size, options.maxBytes, true))
        return
      }

      if (line.trim() === '') {
        // Empty lines before the paste are ignored; after it, one ends the input once the burst is over.
        if (lines.length === 0) return
        timer = setTimeout(() => end(), options.quietMs ?? 150)
      }

      lines.push(line)
    })
    rl.on('close', () => end())
    rl.on('SIGINT', () => {
      // The terminal's cursor sits after ^C; end the line so the shell prompt starts on its own.
      output.write('\n')
      end(interrupted())
    })
  })
}
