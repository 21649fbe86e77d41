/**
 * HTML error pages (a provider's "Sorry, but we're having trouble signing you in", a gateway's 502, a framework's
 * 500 page): the title, the headings and elements marked as errors, and the page's text read like a log, so a
 * code printed on the page (AADSTS50011, "Error 400: redirect_uri_mismatch") is found the same way.
 */
import {decodeEntities} from './callback.js'
import {textErrors, type TextOptions} from './text.js'
import {type RawError, rawError} from './types.js'

const MAX_HTML = 1024 * 1024
const START = /<!doctype html|<html\b|<head\b|<title\b|<body\b/i

/** The text of an HTML fragment: scripts and styles dropped, block tags as line breaks, entities decoded. */
export function htmlText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|noscript)\b[^>]{0,500}>[\s\S]{0,200000}?<\/\1>/gi, ' ')
      .replace(
        /<\/?(?:p|div|br|h\d|li|tr|td|th|title|section|header|footer|pre|table|ul|ol|form|span)\b[^>]{0,500}>/gi,
        '\n',
      )
      .replace(/<[^>]{0,2000}>/g, ' '),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim()
}

export function htmlErrors(text: string, options: TextOptions): RawError[] {
  const start = text.search(START)
  if (start < 0) return []
  const html = text.slice(start, start + MAX_HTML)
  const title = /<title\b[^>]{0,200}>([^<]{1,500})/i.exec(html)?.[1]
  const headings: string[] = []
  const tags = /<(h[1-3]|div|p|span|pre)\b([^>]{0,400})>([^<]{1,1000})/gi
  const marked: string[] = []
  let m
  while ((m = tags.exec(html)) && headings.length + marked.length < 20) {
    const inner = decodeEntities(m[3]).trim()
    if (!inner) continue
    if (/^h/i.test(m[1])) headings.push(inner)
    else if (/\b(?:id|class)\s*=\s*["'][^"']{0,200}error[^"']{0,200}["']/i.test(m[2])) marked.push(inner)
  }

  const page = htmlText(html)
  const coded = textErrors(page, options).map((e) => ({
    ...e,
    offset: start + Math.min(e.offset, html.length),
    source: 'html' as const,
  }))
  if (coded.length > 0) return coded
  const clean = (s: string | undefined) => (s ? decodeEntities(s).replace(/\s+/g, ' ').trim() : '')
  const description = clean(marked[0]) || clean(headings[0]) || clean(title)
  if (!description) return []
  const statusText = `${clean(title)} ${headings.join(' ')}`
  const status = /\b([45]\d\d)\b/.exec(statusText)?.[1]
  return [
    rawError('html', start, {
      description,
      fields: {
        ...(title ? {title: clean(title)} : {}),
        ...(headings.length > 0 ? {headings: headings.slice(0, 5).map(clean)} : {}),
      },
      http: status ? Number(status) : null,
      strength: 0.45,
    }),
  ]
}
