/**
 * XML error bodies (Intuit's `<Fault><Error code="100"><Message>…`, S3's `<Error><Code>AccessDenied</Code>…`, SOAP
 * faults): the document read into the same objects JSON gives, so the one set of shapes (shapes.ts) reads them.
 * An element with attributes or children becomes an object (attributes and children as keys, a lone text as
 * `message` when it has attributes), an element with only text becomes that string. One pass over the tags,
 * depth and size capped; no DTD, entities beyond the five predefined and numeric ones are left as written.
 */
import {decodeEntities} from './callback.js'
import type {JsonObject} from './relaxed-json.js'

const MAX_XML = 1024 * 1024
const MAX_DEPTH = 32
const MAX_ELEMENTS = 4000
const TAG = /<(\/?)([A-Za-z_][\w.-]{0,100}:)?([A-Za-z_][\w.-]{0,100})((?:\s[^<>]{0,2000})?)>/g
// After a space only, so a long run of name characters is read once, not from each of its positions.
const ATTRIBUTE = /(?<=\s)([\w.-]{1,100}:)?([A-Za-z_][\w.-]{0,100})[ \t]*=[ \t]*(?:"([^"]{0,2000})"|'([^']{0,2000})')/g
// A document, or an element whose name says it carries an error.
const MARKER = /<\?xml\b|<(?:[\w.-]{1,100}:)?(?:Error|Errors|Fault|ErrorResponse|IntuitResponse)\b/i

interface Element {
  children: [string, unknown][]
  name: string
  text: string
}

function valueOf(e: Element): unknown {
  const text = e.text.replace(/\s+/g, ' ').trim()
  if (e.children.length === 0) return text
  const o: JsonObject = {}
  for (const [k, v] of e.children)
    if (!Object.hasOwn(o, k))
      Object.defineProperty(o, k, {configurable: true, enumerable: true, value: v, writable: true})
  if (text && !Object.hasOwn(o, 'message')) o.message = text
  return o
}

/** The XML documents in a text, each as an object keyed by its root element's name, with where it starts. */
export function xmlObjects(text: string): {start: number; value: JsonObject}[] {
  const at = text.search(MARKER)
  if (at < 0) return []
  const xml = text.slice(at, at + MAX_XML)
  const out: {start: number; value: JsonObject}[] = []
  const stack: Element[] = []
  let start = -1
  let last = 0
  let elements = 0
  TAG.lastIndex = 0
  let m
  while ((m = TAG.exec(xml)) && elements++ < MAX_ELEMENTS) {
    const between = xml.slice(last, m.index)
    last = TAG.lastIndex
    if (stack.length > 0) stack.at(-1)!.text += decodeEntities(between)
    const [, closing, , name, rest] = m
    if (closing) {
      // A closer that matches nothing open is ignored; one that matches an outer element closes what it skipped.
      const i = stack.map((e) => e.name).lastIndexOf(name)
      if (i < 0) continue
      while (stack.length > i + 1) close(stack)
      const done = stack.pop()!
      if (stack.length > 0) stack.at(-1)!.children.push([done.name, valueOf(done)])
      else out.push({start: at + start, value: {[done.name]: valueOf(done)} as JsonObject})
      continue
    }

    if (stack.length >= MAX_DEPTH) continue
    const element: Element = {children: [], name, text: ''}
    for (const a of rest.matchAll(ATTRIBUTE))
      if (!a[1]) element.children.push([a[2], decodeEntities(a[3] ?? a[4] ?? '')])
    if (stack.length === 0) start = m.index
    if (rest.trimEnd().endsWith('/')) {
      if (stack.length > 0) stack.at(-1)!.children.push([name, valueOf(element)])
      continue
    }

    stack.push(element)
  }

  // A truncated document: what is open is closed where the text ends.
  while (stack.length > 1) close(stack)
  if (stack.length === 1) out.push({start: at + start, value: {[stack[0].name]: valueOf(stack[0])} as JsonObject})
  return out
}

function close(stack: Element[]): void {
  const done = stack.pop()!
  stack.at(-1)!.children.push([done.name, valueOf(done)])
}
