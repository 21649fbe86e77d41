/**
 * A JSON reader for HAR files that leaves large `text` strings (response and request bodies) where they are: it
 * records where each one starts and ends and unescapes it only when asked. The bodies of a browser's HAR are most
 * of its bytes and almost all of them are static assets no login diagnosis reads, so JSON.parse would copy and
 * unescape 95% of the file for nothing. Objects have no prototype (keys in untrusted data are never looked up on
 * Object.prototype). Linear: each string's end is found with indexOf from where the last search stopped.
 */

/** A string left in the source text; `value()` unescapes it (once, then cached). */
export class LazyText {
  private cached: string | undefined
  constructor(
    private readonly source: string,
    /** Offset of the opening quote. */
    readonly start: number,
    /** Offset just past the closing quote. */
    readonly end: number,
  ) {}

  /** Length in the file (escapes counted as written): a bound on the decoded length. */
  get rawLength(): number {
    return this.end - this.start - 2
  }

  value(): string {
    if (this.cached === undefined) {
      const raw = this.source.slice(this.start + 1, this.end - 1)
      this.cached = raw.includes('\\') ? (JSON.parse(this.source.slice(this.start, this.end)) as string) : raw
    }

    return this.cached
  }
}

export type JsonValue = boolean | JsonValue[] | LazyText | null | number | string | {[key: string]: JsonValue}

export class JsonSyntaxError extends Error {}

const LAZY_MIN = 1024
const MAX_DEPTH = 64
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

export function parseJsonLazy(text: string): JsonValue {
  let pos = 0
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at offset ${pos}`)
  }

  const space = () => {
    for (;;) {
      const c = text.charCodeAt(pos)
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++
      else return
    }
  }

  /** The offset just past the closing quote of the string opening at `pos`. */
  const stringEnd = (): number => {
    let i = pos + 1
    for (;;) {
      const q = text.indexOf('"', i)
      if (q < 0) fail('unterminated string')
      let k = q - 1
      while (text.charCodeAt(k) === 92) k--
      if ((q - 1 - k) % 2 === 0) return q + 1
      i = q + 1
    }
  }

  const string = (lazy: boolean): LazyText | string => {
    const start = pos
    const end = stringEnd()
    pos = end
    if (lazy && end - start - 2 >= LAZY_MIN) return new LazyText(text, start, end)
    const raw = text.slice(start + 1, end - 1)
    if (!raw.includes('\\')) return raw
    try {
      return JSON.parse(text.slice(start, end)) as string
    } catch {
      return fail('bad escape in string')
    }
  }

  const value = (depth: number, key: string): JsonValue => {
    if (depth > MAX_DEPTH) fail('nested too deeply')
    space()
    const c = text[pos]
    if (c === '{') {
      pos++
      const o: {[key: string]: JsonValue} = Object.create(null)
      space()
      if (text[pos] === '}') {
        pos++
        return o
      }

      for (;;) {
        space()
        if (text[pos] !== '"') fail('expected a key')
        const k = string(false) as string
        space()
        if (text[pos++] !== ':') fail('expected ":"')
        o[k] = value(depth + 1, k)
        space()
        const d = text[pos++]
        if (d === '}') return o
        if (d !== ',') fail('expected "," or "}"')
      }
    }

    if (c === '[') {
      pos++
      const a: JsonValue[] = []
      space()
      if (text[pos] === ']') {
        pos++
        return a
      }

      for (;;) {
        a.push(value(depth + 1, ''))
        space()
        const d = text[pos++]
        if (d === ']') return a
        if (d !== ',') fail('expected "," or "]"')
      }
    }

    if (c === '"') return string(key === 'text')
    if (text.startsWith('true', pos)) return ((pos += 4), true)
    if (text.startsWith('false', pos)) return ((pos += 5), false)
    if (text.startsWith('null', pos)) return ((pos += 4), null)
    NUMBER.lastIndex = pos
    const m = NUMBER.exec(text)
    if (!m) return fail('unexpected character')
    pos += m[0].length
    return Number(m[0])
  }

  if (text.charCodeAt(0) === 0xfeff) pos = 1
  const result = value(0, '')
  space()
  if (pos < text.length) fail('unexpected text after the end')
  return result
}
