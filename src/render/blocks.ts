import type {ChalkInstance} from 'chalk'

import {clean, visibleLength, wrap} from './text.js'

/** What renderers need: colours and a width. Everything printed goes through clean(). */
export interface Style {
  chalk: ChalkInstance
  width: number
}

/** A small builder for human output: headings, wrapped paragraphs, bullets, numbered steps, key/value rows. */
export class Doc {
  private readonly lines: string[] = []
  constructor(private readonly style: Style) {}

  blank(): this {
    if (this.lines.length > 0 && this.lines.at(-1) !== '') this.lines.push('')
    return this
  }

  bullets(items: string[], indent = '  '): this {
    for (const item of items) this.lines.push(wrap(clean(item), this.style.width, `${indent}• `, `${indent}  `))
    return this
  }

  heading(text: string): this {
    this.blank()
    this.lines.push(this.style.chalk.bold.underline(clean(text)))
    return this
  }

  line(text: string): this {
    this.lines.push(text)
    return this
  }

  /** A wrapped paragraph. Text is cleaned by the caller when it mixes in colour codes (see renderEntry). */
  para(text: string, indent = '  '): this {
    this.lines.push(wrap(text.includes('\u001B') ? text : clean(text), this.style.width, indent))
    return this
  }

  /** Aligned `label  value` rows; values wrap under themselves. Rows with an empty value are left out. */
  rows(rows: [string, null | string | undefined][], indent = '  '): this {
    const present = rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== undefined && r[1] !== '')
    const pad = Math.max(0, ...present.map(([k]) => k.length))
    for (const [label, value] of present) {
      const head = `${indent}${this.style.chalk.dim(label.padEnd(pad))}  `
      const rest = ' '.repeat(visibleLength(head))
      this.lines.push(wrap(clean(value), this.style.width, head, rest))
    }

    return this
  }

  steps(items: string[], indent = '  '): this {
    const n = String(items.length).length
    for (const [i, item] of items.entries()) {
      const num = `${String(i + 1).padStart(n)}. `
      this.lines.push(wrap(clean(item), this.style.width, indent + num, indent + ' '.repeat(num.length)))
    }

    return this
  }

  toString(): string {
    while (this.lines.at(-1) === '') this.lines.pop()
    return this.lines.join('\n')
  }
}
