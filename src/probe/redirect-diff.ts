/**
 * Why a redirect URI the server refused differs from the registered one: a character-level diff, the kinds of
 * difference (scheme, host, port, trailing slash...), and the matching rules that apply to them. The rules and the
 * providers' loopback-port behaviour are data (src/data/probe/redirect-rules.json, sources in the file); this
 * module only compares.
 */
import {readFileSync} from 'node:fs'

export type DiffKind =
  | 'case'
  | 'encoding'
  | 'fragment'
  | 'host'
  | 'localhost-ip'
  | 'loopback-port'
  | 'path'
  | 'port'
  | 'query'
  | 'scheme'
  | 'trailing-slash'

interface Rule {
  id: string
  providers?: {follows: string; name: string; note: string; source: string}[]
  sources: string[]
  text: string
  when: 'always' | DiffKind
}

export interface RedirectDiff {
  /** git word-diff notation: `[-only in the sent one-]{+only in the registered one+}`. */
  inline: string
  kinds: DiffKind[]
  registered: string
  rules: Rule[]
  sent: string
}

const MAX_RULES_BYTES = 64 * 1024

let rules: null | Rule[] = null

function loadRules(): Rule[] {
  if (rules) return rules
  const text = readFileSync(new URL('../data/probe/redirect-rules.json', import.meta.url), 'utf8')
  if (text.length > MAX_RULES_BYTES) throw new Error('redirect-rules.json is larger than expected')
  const parsed = JSON.parse(text) as {rules?: unknown}
  rules = Array.isArray(parsed.rules) ? (parsed.rules as Rule[]) : []
  return rules
}

/** RFC 3986 Appendix B, split further into host and port; every part is the raw text, never normalised. */
interface Parts {
  fragment: null | string
  host: string
  path: string
  port: string
  query: null | string
  scheme: string
}

const URI = /^([A-Za-z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s

function split(uri: string): null | Parts {
  const m = URI.exec(uri)
  if (!m) return null
  const authority = (m[2] ?? '').replace(/^[^@]*@/, '')
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority)
  return {
    fragment: m[5] ?? null,
    host: hostPort?.[1] ?? authority,
    path: m[3],
    port: hostPort?.[2] ?? '',
    query: m[4] ?? null,
    scheme: m[1],
  }
}

const LOOPBACK_IPS = new Set(['127.0.0.1', '[::1]'])
const isLoopbackHost = (host: string) => LOOPBACK_IPS.has(host) || host.toLowerCase() === 'localhost'

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** The kinds of difference between two redirect URIs, from their raw parts. */
export function diffKinds(sent: string, registered: string): DiffKind[] {
  const a = split(sent)
  const b = split(registered)
  if (!a || !b) return sent === registered ? [] : ['path']
  const kinds = new Set<DiffKind>()
  if (a.scheme !== b.scheme) kinds.add(a.scheme.toLowerCase() === b.scheme.toLowerCase() ? 'case' : 'scheme')
  if (a.host !== b.host) {
    const la = a.host.toLowerCase()
    const lb = b.host.toLowerCase()
    if (la === lb) kinds.add('case')
    else if ((la === 'localhost' && LOOPBACK_IPS.has(lb)) || (lb === 'localhost' && LOOPBACK_IPS.has(la)))
      kinds.add('localhost-ip')
    else kinds.add('host')
  }

  if (a.port !== b.port) {
    const loopback = isLoopbackHost(a.host) && isLoopbackHost(b.host) && a.scheme.toLowerCase() === 'http'
    kinds.add(loopback ? 'loopback-port' : 'port')
  }

  if (a.path !== b.path) {
    if (
      `${a.path}/` === b.path ||
      `${b.path}/` === a.path ||
      (a.path === '' && b.path === '/') ||
      (b.path === '' && a.path === '/')
    )
      kinds.add('trailing-slash')
    else if (a.path.toLowerCase() === b.path.toLowerCase()) kinds.add('case')
    else if (safeDecode(a.path) === safeDecode(b.path)) kinds.add('encoding')
    else kinds.add('path')
  }

  if (a.query !== b.query)
    kinds.add(
      a.query !== null && b.query !== null && safeDecode(a.query) === safeDecode(b.query) ? 'encoding' : 'query',
    )
  if (a.fragment !== null || b.fragment !== null) kinds.add('fragment')
  return [...kinds]
}

/** The differing middle of two strings, marked (common prefix and suffix kept as they are). */
function markMiddle(sent: string, registered: string): string {
  if (sent === registered) return sent
  let start = 0
  while (start < sent.length && start < registered.length && sent[start] === registered[start]) start++
  let end = 0
  while (
    end < sent.length - start &&
    end < registered.length - start &&
    sent[sent.length - 1 - end] === registered[registered.length - 1 - end]
  )
    end++
  return `${sent.slice(0, start)}${mark(sent.slice(start, sent.length - end), registered.slice(start, registered.length - end))}${sent.slice(sent.length - end)}`
}

const mark = (removed: string, added: string) => `${removed ? `[-${removed}-]` : ''}${added ? `{+${added}+}` : ''}`

/** The parts of a URI as they are written, separators included, so that joined they give the URI back. */
function pieces(p: Parts, uri: string): null | string[] {
  const out = [
    `${p.scheme}:`,
    uri.includes('://') ? '//' : '',
    p.host,
    p.port ? `:${p.port}` : '',
    p.path,
    p.query === null ? '' : `?${p.query}`,
    p.fragment === null ? '' : `#${p.fragment}`,
  ]
  return out.join('') === uri ? out : null
}

/**
 * The difference character by character, in git word-diff notation, marked part by part (scheme, host, port, path,
 * query, fragment) so a changed host and a changed port read as two changes, not as scattered letters.
 */
export function inlineDiff(sent: string, registered: string): string {
  const a = split(sent)
  const b = split(registered)
  const pa = a && pieces(a, sent)
  const pb = b && pieces(b, registered)
  if (!pa || !pb) return markMiddle(sent, registered)
  return pa.map((piece, i) => markMiddle(piece, pb[i])).join('')
}

/** Compare the redirect URI sent with the registered one, with the rules that apply. */
export function compareRedirectUris(sent: string, registered: string): RedirectDiff {
  const kinds = diffKinds(sent, registered)
  const applicable = loadRules().filter((r) => r.when === 'always' || kinds.includes(r.when))
  return {inline: inlineDiff(sent, registered), kinds, registered, rules: applicable, sent}
}

const KIND_WORDS: Record<DiffKind, string> = {
  case: 'upper/lower case',
  encoding: 'percent-encoding',
  fragment: 'a fragment (#...)',
  host: 'the host',
  'localhost-ip': 'localhost vs a loopback IP',
  'loopback-port': 'the port of a loopback URI',
  path: 'the path',
  port: 'the port',
  query: 'the query',
  scheme: 'the scheme',
  'trailing-slash': 'a trailing slash',
}

/** The diff in a few sentences for a finding: both URIs, the marked difference, the kinds, then the rules. */
export function describeDiff(diff: RedirectDiff, registeredFrom: 'error' | 'flag'): string {
  const whence = registeredFrom === 'flag' ? 'registered (--registered-redirect-uri)' : 'the one the error names'
  if (diff.sent === diff.registered)
    return `The redirect URI sent is identical to ${whence}, so the server refused something else: check the client_id (another client, or another tenant/realm) and the error above.`
  const parts = [
    `Sent ${diff.sent}; ${whence} ${diff.registered}. Character by character ([-sent-]{+registered+}): ${diff.inline}.`,
    `Differences: ${diff.kinds.map((k) => KIND_WORDS[k]).join('; ')}.`,
  ]
  for (const rule of diff.rules) {
    parts.push(rule.text)
    if (rule.providers)
      parts.push(
        `Which providers apply it: ${rule.providers.map((p) => `${p.name}: ${p.follows} (${p.note})`).join('; ')}.`,
      )
  }

  return parts.join(' ')
}

const URL_IN_TEXT = /\b[a-z][\w+.-]{1,30}:\/\/[^\s"'<>()[\]{},;]{1,2048}/gi

/**
 * The registered redirect URI an error message names, if it names one other than the URI sent: the closest to the
 * sent one (servers that name it put it next to the sent one, or alone).
 */
export function registeredFromError(text: null | string, sent: string): null | string {
  if (!text) return null
  const found = [...text.slice(0, 20_000).matchAll(URL_IN_TEXT)]
    .map((m) => m[0].replace(/[.:]+$/, ''))
    .filter((u) => u !== sent && safeDecode(u) !== sent)
  const a = split(sent)
  const related = found.filter((u) => {
    const b = split(u)
    // An error page links fonts and help pages; only a URI with the sent one's path or host can be the registered one.
    return Boolean(
      a && b && (b.path === a.path || b.host.toLowerCase() === a.host.toLowerCase() || isLoopbackHost(b.host)),
    )
  })
  const shared = (u: string) => {
    let n = 0
    while (n < u.length && n < sent.length && u[n] === sent[n]) n++
    return n
  }

  return related.sort((x, y) => shared(y) - shared(x))[0] ?? null
}
