/**
 * A forgiving reader for the object literals people paste: JSON, and what languages print instead of JSON
 * (Python dicts and bytes, Ruby hashes with =>, JS util.inspect with bare keys and single quotes, Rust Debug
 * structs, Clojure EDN maps). It never throws: on a syntax it does not know it stops and returns what it has read,
 * and at the end of the text (a truncated body) it closes what is open. Depth and work are capped, so a hostile
 * input costs time linear in its length.
 */
export type Json = boolean | Json[] | null | number | string | {[key: string]: Json}
export type JsonObject = {[key: string]: Json}

export interface ParsedObject {
  end: number
  start: number
  truncated: boolean
  value: JsonObject
}

const MAX_DEPTH = 32
const MAX_KEYS = 2000
const MAX_ATTEMPT = 4 * 1024 * 1024

/** Thrown to unwind on syntax the reader does not know; one shared object, because building an Error (its stack) is slow. */
const STOP = {stop: true} as const

const BARE: Record<string, Json> = {
  False: false,
  NaN: null,
  None: null,
  True: true,
  false: false,
  nil: null,
  null: null,
  true: true,
  undefined: null,
}

class Reader {
  pos: number

  truncated = false
  private readonly limit: number

  constructor(
    private readonly s: string,
    start: number,
  ) {
    this.pos = start
    this.limit = Math.min(s.length, start + MAX_ATTEMPT)
  }

  object(depth: number): JsonObject {
    const out: JsonObject = {}
    this.pos++
    // The first member is read without a try: a failure there unwinds straight to the caller (a throw caught and
    // rethrown at every level of a deep, broken literal costs more than the rest of the parse).
    if (!this.member(depth, out)) return out
    for (let keys = 1; ; keys++) {
      try {
        if (!this.member(depth, out)) return out
      } catch (error) {
        // Broken syntax after some keys: keep what was read (the caller resumes scanning from here).
        if (error !== STOP) throw error
        return out
      }

      if (keys > MAX_KEYS) return out
    }
  }

  /** One `key: value` of an object; false at its end (the closing brace, or the end of the text). */
  private member(depth: number, out: JsonObject): boolean {
    this.space(true)
    if (this.eof()) return this.cut(false)
    if (this.s[this.pos] === '}') {
      this.pos++
      return false
    }

    const key = this.key()
    if (key === null) throw STOP
    this.space(false)
    if (this.eof()) return this.cut(false)
    if (this.s.startsWith('=>', this.pos)) this.pos += 2
    else if (this.s[this.pos] === ':' || this.s[this.pos] === '=') this.pos++
    else if (!key.edn) throw STOP
    this.space(false)
    if (this.eof()) return this.cut(false)
    const value = this.value(depth + 1)
    if (key.name !== '__proto__') out[key.name] = value
    return true
  }

  private array(depth: number): Json[] | string {
    const start = this.pos
    const close = this.s[this.pos] === '[' ? ']' : ')'
    this.pos++
    const out: Json[] = []
    for (;;) {
      this.space(true)
      if (this.eof()) return this.cut(out)
      if (this.s[this.pos] === close) {
        this.pos++
        return out
      }

      try {
        out.push(this.value(depth + 1))
      } catch (error) {
        if (error !== STOP) throw error
        // `[Function: x]`, `[Object: null prototype]`: keep the raw text.
        this.pos = start
        return this.balanced()
      }

      if (out.length > MAX_KEYS) throw STOP
    }
  }

  private cut<T>(value: T): T {
    this.truncated = true
    return value
  }

  private eof(): boolean {
    return this.pos >= this.limit
  }

  private key(): null | {edn: boolean; name: string} {
    const c = this.s[this.pos]
    if (c === '"' || c === "'") return {edn: false, name: this.string()}
    // Python 2's u'message' keys (and b'...' bytes keys).
    if ((c === 'u' || c === 'b') && (this.s[this.pos + 1] === "'" || this.s[this.pos + 1] === '"')) {
      this.pos++
      return {edn: false, name: this.string()}
    }

    if (c === ':' && /[A-Za-z_]/.test(this.s[this.pos + 1] ?? '')) {
      this.pos++
      return {edn: true, name: this.word()}
    }

    if (c === '[') return {edn: false, name: this.balanced()}
    if (/[A-Za-z_$@\d-]/.test(c)) return {edn: false, name: this.word()}
    return null
  }

  /** A run of text up to the bracket that closes the one at pos (quotes respected), returned raw. */
  private balanced(): string {
    const start = this.pos
    const stack: string[] = []
    const pairs: Record<string, string> = {'(': ')', '<': '>', '[': ']', '{': '}'}
    while (!this.eof()) {
      const c = this.s[this.pos]
      if (c === '"' || c === "'") {
        this.string()
        continue
      }

      if (pairs[c]) stack.push(pairs[c])
      else if (c === stack.at(-1)) {
        stack.pop()
        if (stack.length === 0) {
          this.pos++
          return this.s.slice(start, this.pos)
        }
      }

      this.pos++
    }

    return this.cut(this.s.slice(start, this.pos))
  }

  private number(): Json {
    const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 40))
    if (!m) throw STOP
    const after = this.s[this.pos + m[0].length] ?? ''
    if (/[\w.:-]/.test(after)) return this.word()
    this.pos += m[0].length
    return Number(m[0])
  }

  private space(commas: boolean): void {
    while (this.pos < this.limit) {
      const c = this.s[this.pos]
      if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || (commas && c === ',')) this.pos++
      else break
    }
  }

  /**
   * Whether the quote at pos ends the string: something structural follows it. A quote followed by a word is one
   * the paste did not escape (`"message": "Invalid API Key provided: "sk_test…JhB"",`).
   */
  private closes(): boolean {
    let i = this.pos + 1
    while (i < this.limit && i - this.pos < 64 && (this.s[i] === ' ' || this.s[i] === '\t')) i++
    const next = this.s[i]
    return next === undefined || i >= this.limit || i - this.pos >= 64 || !/[\p{L}\p{N}"'_$]/u.test(next)
  }

  string(): string {
    const quote = this.s[this.pos]
    this.pos++
    let out = ''
    let from = this.pos
    while (this.pos < this.limit) {
      const c = this.s[this.pos]
      if (c === quote && this.closes()) {
        out += this.s.slice(from, this.pos)
        this.pos++
        return out
      }

      if (c === '\\') {
        out += this.s.slice(from, this.pos)
        const n = this.s[this.pos + 1]
        const simple: Record<string, string> = {
          '"': '"',
          "'": "'",
          '/': '/',
          '\\': '\\',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        }
        if (n === 'u' && /^[\da-fA-F]{4}$/.test(this.s.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(Number.parseInt(this.s.slice(this.pos + 2, this.pos + 6), 16))
          this.pos += 6
        } else if (n === 'x' && /^[\da-fA-F]{2}$/.test(this.s.slice(this.pos + 2, this.pos + 4))) {
          out += String.fromCharCode(Number.parseInt(this.s.slice(this.pos + 2, this.pos + 4), 16))
          this.pos += 4
        } else if (n !== undefined && simple[n] !== undefined) {
          out += simple[n]
          this.pos += 2
        } else {
          out += n ?? ''
          this.pos += 2
        }

        from = this.pos
        continue
      }

      this.pos++
    }

    out += this.s.slice(from, Math.min(this.pos, this.limit))
    return this.cut(out)
  }

  value(depth: number): Json {
    if (depth > MAX_DEPTH) throw STOP
    const c = this.s[this.pos]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"' || c === "'" || c === '`') return this.string()
    if (c === '-' || (c >= '0' && c <= '9')) return this.number()
    if (c === '<' || (c === '#' && this.s[this.pos + 1] === '<')) {
      if (c === '#') this.pos++
      return this.balanced()
    }

    // Python b'...' / r'...' / u'...' literals.
    if (/[bru]/i.test(c) && (this.s[this.pos + 1] === "'" || this.s[this.pos + 1] === '"')) {
      this.pos++
      return this.string()
    }

    if (c === ':' && /[A-Za-z_]/.test(this.s[this.pos + 1] ?? '')) {
      this.pos++
      return this.word()
    }

    if (c !== undefined && /[A-Za-z_$@]/.test(c)) {
      const word = this.word()
      if (Object.hasOwn(BARE, word)) return BARE[word]
      const save = this.pos
      this.space(false)
      const next = this.s[this.pos]
      // Rust `Url { .. }`, JS `Caseless { .. }`: a named struct is an object.
      if (next === '{') return this.object(depth)
      // Rust `Some(x)`, `Domain("a.com")`: the argument, or the arguments as a list.
      if (next === '(') {
        const list = this.array(depth)
        return Array.isArray(list) && list.length === 1 ? list[0] : list
      }

      this.pos = save
      // `errorMessage: Error validating access token: Session has expired…` (Java and Kotlin toString): a bare
      // value that goes on in words is a sentence, up to the next `, key:` or the bracket that closes it.
      if ((this.s[save] === ' ' || this.s[save] === '\t') && next !== undefined && /[\p{L}\p{N}]/u.test(next)) {
        const rest = this.s.slice(save, Math.min(this.limit, save + 2000))
        const end = rest.search(/,[ \t]*[A-Za-z_$][\w$]{0,60}[ \t]*[:=][ \t]|[}\])\n]/)
        const stop = end < 0 ? rest.length : end
        this.pos = save + stop
        return `${word}${rest.slice(0, stop)}`.trimEnd()
      }

      return word
    }

    throw STOP
  }

  private word(): string {
    const m = /^[\w$@.:/+-]+/.exec(this.s.slice(this.pos, this.pos + 400))
    if (!m) throw STOP
    // A key is followed by its separator: `statusCode: 401` must not read `statusCode:` as one word.
    let w = m[0]
    const colon = w.indexOf(':')
    if (colon > 0 && !/^[a-z][\w+.-]*:\/\//i.test(w)) w = w.slice(0, colon)
    this.pos += w.length
    return w
  }
}

/** Read one object literal starting at `start` (a `{`); null when nothing usable is there. */
export function readObject(text: string, start: number): null | ParsedObject {
  const reader = new Reader(text, start)
  let value: JsonObject
  try {
    value = reader.object(0)
  } catch (error) {
    if (error instanceof RangeError) return null
    return {end: Math.max(start + 1, reader.pos), start, truncated: true, value: {}}
  }

  return {end: reader.pos, start, truncated: reader.truncated, value}
}

/**
 * Every object literal in a text, outermost only, in order. Work is capped at a multiple of the text's length, so
 * a text made of unbalanced braces cannot make this quadratic.
 */
export function findObjects(text: string, maxResults = 200): ParsedObject[] {
  const out: ParsedObject[] = []
  let budget = text.length * 4 + 200_000
  let i = text.indexOf('{')
  while (i !== -1 && budget > 0 && out.length < maxResults) {
    // Cheap test first: an object literal starts with a key, `}` or (EDN) `:key`.
    let j = i + 1
    while (
      j < text.length &&
      j - i < 64 &&
      (text[j] === ' ' || text[j] === '\n' || text[j] === '\t' || text[j] === '\r')
    )
      j++
    if (!/["'\w$@:[}-]/.test(text[j] ?? '')) {
      budget -= j - i
      i = text.indexOf('{', i + 1)
      continue
    }

    const parsed = readObject(text, i)
    const end = parsed ? parsed.end : i + 1
    budget -= end - i + 1
    if (parsed && Object.keys(parsed.value).length > 0) out.push(parsed)
    // A literal that failed in its first member failed along a chain of first members: every `{` up to the failure
    // belongs to that chain and would fail the same way, so resume after it (this keeps the scan linear).
    i = text.indexOf('{', Math.max(end, i + 1))
  }

  return out
}

/**
 * R's print() of a list (`$error\n$error$.tag\n[1] "expired_access_token"`), which has no braces at all: the
 * `$a$b` paths and their `[1] "value"` lines, rebuilt into an object. Null when the text has none.
 */
export function readRList(text: string): JsonObject | null {
  const re = /^\$([\w.$]{1,200})\n\[1\] (?:"((?:[^"\\\n]|\\.){0,2000})"|([^\n]{1,200}))$/gm
  const out: JsonObject = {}
  let found = 0
  let m
  while ((m = re.exec(text)) && found < 200) {
    const path = m[1].split('$').filter(Boolean)
    let node = out
    for (const part of path.slice(0, -1)) {
      const next = node[part]
      if (next && typeof next === 'object' && !Array.isArray(next)) node = next
      else node = node[part] = {}
    }

    node[path.at(-1)!] = m[2] === undefined ? m[3].trim() : m[2].replace(/\\(.)/g, '$1')
    found++
  }

  return found > 0 ? out : null
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
