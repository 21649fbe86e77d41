/**
 * Who sent the error. Evidence is collected from the error itself (its shape, error_uri, issuer, code format,
 * a catalog code or description variant only one provider has) and from the paste around it (the host the request
 * went to, response headers, SDK names, provider wording), weighted, and added up per provider. The strongest
 * provider wins; with no evidence the provider is `oauth` for the standard shape and `unknown` otherwise.
 */
import type {Catalog} from '../catalog/catalog.js'
import type {CatalogEntry} from '../catalog/types.js'
import {variantsFor} from './explain.js'
import {
  CODE_PATTERNS,
  HEADER_PATTERNS,
  MENTIONS,
  patternIn,
  PHRASES,
  PROVIDER_DOMAINS,
  providerForHost,
  slugFromHost,
} from './provider-signals.js'
import type {Confidence, HostRole, ProviderHint, RawError, Signals} from './types.js'
import {isReasonPhrase} from './values.js'

export interface ProviderVerdict {
  confidence: Confidence
  evidence: string[]
  provider: string
}

const HOST_WEIGHT: Record<HostRole, [known: number, derived: number]> = {
  callback: [0.8, 0],
  error_uri: [0.8, 0.45],
  issuer: [0.8, 0.4],
  mention: [0.3, 0],
  realm: [0.7, 0.35],
  request: [0.7, 0.35],
}

const ROLE_TEXT: Record<HostRole, string> = {
  callback: 'the URL it came back on',
  error_uri: 'error_uri / documentation link',
  issuer: 'the issuer (iss)',
  mention: 'a URL in the paste',
  realm: 'the challenge realm',
  request: 'the host the request went to',
}

export function hostHints(hosts: {host: string; role: HostRole}[]): ProviderHint[] {
  const out: ProviderHint[] = []
  for (const {host, role} of hosts) {
    const known = providerForHost(host)
    const [k, d] = HOST_WEIGHT[role]
    if (known) out.push({provider: known, reason: `${host} (${ROLE_TEXT[role]})`, weight: k})
    else if (d > 0) {
      const slug = slugFromHost(host)
      if (slug)
        out.push({provider: slug, reason: `${host} (${ROLE_TEXT[role]}; not a provider errcode knows)`, weight: d})
    }
  }

  return out
}

const DOMAINS = Object.entries(PROVIDER_DOMAINS).flatMap(([provider, domains]) =>
  domains.map((d) => [provider, d] as const),
)

/** Provider domains named anywhere in the paste, on a label boundary (`notokta.com` is not okta.com). */
function namedDomains(lower: string): ProviderHint[] {
  const out: ProviderHint[] = []
  for (const [provider, domain] of DOMAINS) {
    for (let at = lower.indexOf(domain), n = 0; at >= 0 && n < 20; at = lower.indexOf(domain, at + 1), n++) {
      const before = lower[at - 1] ?? ' '
      const after = lower[at + domain.length] ?? ' '
      if ((before === '.' || !/[\w%-]/.test(before)) && !/[\w-]/.test(after)) {
        out.push({provider, reason: `${domain} (named in the paste)`, weight: 0.3})
        break
      }
    }
  }

  return out
}

/** Evidence from the whole paste, computed once and shared by its errors. */
export function pasteHints(text: string, signals: Signals): ProviderHint[] {
  const out: ProviderHint[] = [...hostHints(signals.hosts)]
  const sample = text.length > 2_000_000 ? text.slice(0, 2_000_000) : text
  const lower = sample.toLowerCase()
  out.push(...namedDomains(lower))
  for (const h of signals.headers) {
    for (const p of HEADER_PATTERNS) {
      if (p.name.test(h.name) && (!p.value || p.value.test(h.value)))
        out.push({provider: p.provider, reason: p.reason, weight: p.weight})
    }
  }

  for (const p of [...MENTIONS, ...PHRASES])
    if (patternIn(p, sample, lower)) out.push({provider: p.provider, reason: p.reason, weight: p.weight})
  return out
}

/** Evidence the error itself carries: its shape, hosts, code format, and the catalog. */
export function errorHints(e: RawError, catalog: Catalog): ProviderHint[] {
  const out: ProviderHint[] = [...e.hints, ...hostHints(e.hosts)]
  const codes = [e.code, ...e.alternatives].filter((c): c is string => Boolean(c))
  const embedded = [...(e.description ?? '').matchAll(/\b(AADSTS\d{4,9}|E0000\d{3}|IDX\d{5})\b/g)].map((m) => m[1])
  for (const code of [...codes, ...embedded]) {
    for (const p of CODE_PATTERNS) {
      if (p.re.test(code))
        out.push({
          provider: p.provider,
          reason: `${p.reason}${embedded.includes(code) && code !== e.code ? ' in the description' : ''}`,
          weight: p.weight,
        })
    }
  }

  // A reason phrase ("Forbidden", from a Boom/Spring body) is not a provider's code, whatever a catalog alias says.
  if (e.code && !/^\d+$/.test(e.code) && !isReasonPhrase(e.code)) {
    const hits = catalog
      .exactHits(e.code)
      .filter((h) => h.kind !== 'status' && h.kind !== 'namespace' && h.kind !== 'fuzzy')
    const providers = new Set(hits.map((h) => h.entry.provider))
    providers.delete('http')
    if (providers.size === 1 && !providers.has('oauth')) {
      const [only] = providers
      // A provider's own code is strong evidence; an alias (another spelling it also answers to) less so.
      const byCode = hits.some((h) => h.kind === 'code' || h.kind === 'id')
      out.push({provider: only, reason: `${e.code} is a code only ${only}'s catalog has`, weight: byCode ? 0.6 : 0.4})
    }
  }

  if (e.description) {
    const codes = [e.code, ...e.alternatives, e.http === null ? null : String(e.http)].filter((c): c is string =>
      Boolean(c),
    )
    const variants = variantsFor(catalog, e.description, codes).filter(
      (v) => v.provider !== 'oauth' && v.provider !== 'http',
    )
    const providers = new Set(variants.map((v) => v.provider))
    if (providers.size === 1) {
      const v = variants[0]
      out.push({
        provider: v.provider,
        reason: `the description matches ${v.provider}'s "${v.match?.text ?? v.id}" variant`,
        weight: variantWeight(v),
      })
    }

    const lower = e.description.toLowerCase()
    for (const p of PHRASES)
      if (patternIn(p, e.description, lower)) out.push({provider: p.provider, reason: p.reason, weight: p.weight})
  }

  return out
}

/**
 * How much a description variant says about the provider: an exact text is the provider's own wording; a pattern
 * counts as much only when it spells out a specific phrase (`^missing\b.*param` could be anyone's message).
 */
function variantWeight(entry: CatalogEntry): number {
  if (entry.match?.text) return entry.match.text.length >= 8 ? 0.55 : 0.35
  const literal = (entry.match?.pattern ?? '').replace(/\\[bBdDwWsS]/g, '|').split(/[\\^$.*+?()[\]{}|]+/)
  return Math.max(0, ...literal.map((run) => run.trim().length)) >= 12 ? 0.45 : 0.2
}

export function weigh(hints: ProviderHint[]): {provider: string; reasons: string[]; score: number}[] {
  const by = new Map<string, Map<string, number>>()
  for (const h of hints) {
    const reasons = by.get(h.provider) ?? new Map<string, number>()
    reasons.set(h.reason, Math.max(reasons.get(h.reason) ?? 0, h.weight))
    by.set(h.provider, reasons)
  }

  return [...by]
    .map(([provider, reasons]) => {
      const sorted = [...reasons].sort((a, b) => b[1] - a[1])
      // Independent pieces of evidence add up, with diminishing returns.
      const score = sorted.reduce((sum, [, w], i) => sum + w * (i === 0 ? 1 : 0.5), 0)
      return {provider, reasons: sorted.map(([r]) => r), score}
    })
    .sort((a, b) => b.score - a.score || a.provider.localeCompare(b.provider))
}

export function detectProvider(
  e: RawError,
  paste: ProviderHint[],
  catalog: Catalog,
  override?: string,
): ProviderVerdict {
  if (override) return {confidence: 'high', evidence: ['--provider was given'], provider: override}
  const hints = [...errorHints(e, catalog), ...(e.local ? [] : paste)]
  // `aws` is the family; a Cognito code or wording makes it aws-cognito.
  const ranked = weigh(hints)
  const top = ranked[0]
  if (top && top.provider === 'aws' && ranked.some((r) => r.provider === 'aws-cognito')) {
    const cognito = ranked.find((r) => r.provider === 'aws-cognito')!
    return verdict('aws-cognito', cognito.score + top.score * 0.5, [...cognito.reasons, ...top.reasons])
  }

  if (top && top.score >= 0.3) return verdict(top.provider, top.score, top.reasons)
  if (e.standard)
    return {
      confidence: 'low',
      evidence: ['no provider-specific evidence: only the standard OAuth 2.0 error shape'],
      provider: 'oauth',
    }
  return {confidence: 'low', evidence: ['nothing in the paste names the server that sent it'], provider: 'unknown'}
}

function verdict(provider: string, score: number, reasons: string[]): ProviderVerdict {
  const confidence: Confidence = score >= 0.8 ? 'high' : score >= 0.45 ? 'medium' : 'low'
  return {confidence, evidence: reasons.slice(0, 5), provider}
}
