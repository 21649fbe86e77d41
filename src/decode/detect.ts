/**
 * Who sent the error: one scorer over the provider records' evidence. Hints are collected from the error itself
 * (its envelope, hosts, code format, a code or description variant only one provider's catalog has) and from the
 * paste around it (hosts, paths, headers, SDK names, wording); each kind of evidence has one weight, fitted on the
 * corpus's training split (scripts/fit.ts -> src/data/model/weights.json), never set for one sample.
 */
import type {Catalog} from '../catalog/catalog.js'
import {
  compiledEvidence,
  type EvidenceKind,
  hasLiteral,
  hasPath,
  headerMatches,
  type Hint,
  isNonEvidenceHost,
  providersForHost,
  withoutNonEvidence,
  wordsOf,
} from './evidence.js'
import {specificVariant, variantsFor} from '../catalog/candidates.js'
import {slugFromHost} from './hosts.js'
import {calibrate, model} from './model.js'
import type {Confidence, HostRole, RawError, Signals} from './types.js'
import {isReasonPhrase} from './values.js'

export type {Hint} from './evidence.js'

export interface ProviderVerdict {
  confidence: Confidence
  evidence: string[]
  /** Calibrated: on the training split, verdicts scored p were right about p of the time. */
  probability: number
  provider: string
  /** The raw evidence score (0 when no provider reached the threshold). */
  score: number
}

const ROLE_KIND: Record<HostRole, EvidenceKind> = {
  callback: 'host-callback',
  error_uri: 'host-error-uri',
  issuer: 'host-issuer',
  mention: 'host-mention',
  realm: 'host-realm',
  request: 'host-request',
}

const ROLE_TEXT: Record<HostRole, string> = {
  callback: 'the URL it came back on',
  error_uri: 'error_uri / documentation link',
  issuer: 'the issuer (iss)',
  mention: 'a URL in the paste',
  realm: 'the challenge realm',
  request: 'the host the request went to',
}

/** Hosts count for their provider by role; a host no record knows names a provider of its own (`glean`). */
function hostHints(catalog: Catalog, hosts: {host: string; role: HostRole}[]): Hint[] {
  const c = compiledEvidence(catalog)
  const out: Hint[] = []
  for (const {host, role} of hosts) {
    const known = providersForHost(c, host)
    if (known) {
      for (const provider of known.providers)
        out.push({kind: ROLE_KIND[role], provider, reason: `${host} (${ROLE_TEXT[role]})`})
    } else if (role !== 'callback' && role !== 'mention') {
      const slug = slugFromHost(host)
      if (slug)
        out.push({
          kind: 'derived-host',
          provider: slug,
          reason: `${host} (${ROLE_TEXT[role]}; not a provider errcode knows)`,
        })
    }
  }

  return out
}

const MAX_SCAN = 1024 * 1024

/** Evidence from the whole paste, computed once and shared by its errors. */
export function pasteHints(catalog: Catalog, text: string, signals: Signals): Hint[] {
  const c = compiledEvidence(catalog)
  const out: Hint[] = hostHints(
    catalog,
    signals.hosts.filter((h) => !isNonEvidenceHost(c, h.host)),
  )
  const sample = withoutNonEvidence(c, text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text)
  const lower = sample.toLowerCase()
  // Domains named anywhere (a URL's host is already a hint; this finds `login.microsoftonline.com` in prose).
  for (const m of lower.matchAll(/[a-z0-9][a-z0-9.-]{2,252}/g)) {
    if (!m[0].includes('.')) continue
    const known = providersForHost(c, m[0].replace(/[.-]+$/, ''))
    if (known)
      for (const provider of known.providers)
        out.push({kind: 'domain-named', provider, reason: `${known.domain} (named in the paste)`})
  }

  for (const p of c.paths)
    if (hasPath(lower, p.pieces)) out.push({kind: 'path', provider: p.provider, reason: `an endpoint path ${p.spec}`})
  for (const h of signals.headers)
    for (const rule of c.headers)
      if (headerMatches(rule, h.name, h.value))
        out.push({kind: 'header', provider: rule.provider, reason: `the ${rule.spec} header`})
  const {pairs, words} = wordsOf(sample)
  for (const [word, owners] of c.words) {
    const whole = words.has(word)
    if (!whole && !pairs.has(word)) continue
    for (const o of owners)
      if (whole || o.kind === 'product-name') out.push({kind: o.kind, provider: o.provider, reason: `${o.text} named`})
  }

  for (const n of c.longNames)
    if (hasLiteral(sample, lower, n.text)) out.push({kind: n.kind, provider: n.provider, reason: `${n.text} named`})
  out.push(...phraseHints(catalog, sample, lower))
  // Codes in a provider's format anywhere in the paste, as written (`AADSTS50011`, not its lower-cased form).
  for (const m of sample.matchAll(/\b[A-Za-z][A-Za-z0-9]{1,15}\d{3,9}\b/g))
    out.push(...formatHints(catalog, m[0], true))
  return dedupe(out)
}

function phraseHints(catalog: Catalog, text: string, lower: string): Hint[] {
  const out: Hint[] = []
  for (const p of compiledEvidence(catalog).phrases)
    // As whole words: "could not authenticate you" is not in "could not authenticate your client".
    if (lower.includes(p.text) && hasLiteral(text, lower, p.text))
      out.push({kind: 'phrase', provider: p.provider, reason: `the wording "${p.text}"`})
  return out
}

function formatHints(catalog: Catalog, code: string, inText: boolean): Hint[] {
  if (code.length > 100) return []
  return compiledEvidence(catalog)
    .codeFormats.filter((f) => f.re.test(code))
    .map((f) => ({
      kind: inText ? ('code-format-in-text' as const) : ('code-format' as const),
      provider: f.provider,
      reason: `${code} has the format of ${f.provider}'s codes${inText ? ' (in the text)' : ''}`,
    }))
}

/** Evidence the error itself carries: its envelope, hosts, code format, callback parameters, and the catalog. */
export function errorHints(e: RawError, catalog: Catalog): Hint[] {
  const c = compiledEvidence(catalog)
  const out: Hint[] = [...e.hints, ...hostHints(catalog, e.hosts)]
  for (const code of [e.code, ...e.alternatives]) if (code) out.push(...formatHints(catalog, code, false))
  if (e.source === 'callback_url') {
    for (const key of Object.keys(e.fields)) {
      for (const provider of c.callbackParams.get(key.toLowerCase()) ?? [])
        out.push({kind: 'callback-param', provider, reason: `the ${key} callback parameter`})
    }
  }

  // A number only one vendor's catalog has as a code (`errorCode: 4700`): many vendors number their codes, so it is
  // its own, weaker kind of evidence; an error status (4xx, 5xx) is the status.
  if (e.code && /^\d{3,10}$/.test(e.code) && !/^[45]\d\d$/.test(e.code)) {
    const owners = new Set(
      catalog
        .exactIndexes(e.code)
        .map((h) => ({kind: h.kind, provider: catalog.head(h.index).provider}))
        .filter((h) => h.kind === 'code' && h.provider !== 'http')
        .map((h) => h.provider),
    )
    if (owners.size === 1) {
      const [only] = owners
      out.push({kind: 'catalog-number', provider: only, reason: `${e.code} is a number only ${only}'s catalog has`})
    }
  }

  // A reason phrase ("Forbidden", from a Boom/Spring body) is not a provider's code, whatever a catalog alias says.
  if (e.code && !/^\d+$/.test(e.code) && !isReasonPhrase(e.code)) {
    const hits = catalog.exactIndexes(e.code).filter((h) => h.kind !== 'status' && h.kind !== 'fuzzy')
    const providers = new Set(hits.map((h) => catalog.head(h.index).provider))
    providers.delete('http')
    if (providers.size === 1 && !providers.has('oauth')) {
      const [only] = providers
      const byCode = hits.some((h) => h.kind === 'code' || h.kind === 'id')
      // A code only a client-side producer has (`UNABLE_TO_GET_ISSUER_CERT_LOCALLY`) was raised there, whichever
      // server the request was for: its own kind of evidence.
      const local = byCode && catalog.providers.get(only)?.local === true
      out.push({
        kind: local ? 'catalog-code-local' : byCode ? 'catalog-code' : 'catalog-alias',
        provider: only,
        reason: `${e.code} is a code only ${only}'s catalog has`,
      })
    }
  }

  if (e.description) {
    const codes = [e.code, ...e.alternatives, e.http === null ? null : String(e.http)].filter((x): x is string =>
      Boolean(x),
    )
    const variants = variantsFor(catalog, e.description, codes).filter(
      (v) => v.provider !== 'oauth' && v.provider !== 'http',
    )
    const providers = new Set(variants.map((v) => v.provider))
    if (providers.size === 1)
      out.push({
        kind: !specificVariant(variants[0])
          ? 'catalog-variant-weak'
          : catalog.providers.get(variants[0].provider)?.library
            ? 'catalog-variant-library'
            : 'catalog-variant',
        provider: variants[0].provider,
        reason: `the description matches ${variants[0].provider}'s "${variants[0].match?.text ?? variants[0].id}" variant`,
      })
    out.push(...phraseHints(catalog, e.description, e.description.toLowerCase()))
  }

  return dedupe(out)
}

function dedupe(hints: Hint[]): Hint[] {
  const seen = new Set<string>()
  return hints.filter((h) => {
    const key = `${h.provider}\u0000${h.kind}\u0000${h.reason}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export interface Ranked {
  provider: string
  reasons: string[]
  score: number
}

/**
 * Per provider: its strongest piece of evidence counts in full and each further one by `decay` (independent
 * evidence adds up, with diminishing returns). A family's parent counts for a child that has evidence of its own.
 */
export function rank(catalog: Catalog, hints: Hint[], weights = model().provider): Ranked[] {
  const parents = compiledEvidence(catalog).parents
  const by = new Map<string, Map<string, number>>()
  for (const h of hints) {
    const w = weights.kinds[h.kind] ?? 0
    if (w <= 0) continue
    const reasons = by.get(h.provider) ?? new Map<string, number>()
    reasons.set(h.reason, Math.max(reasons.get(h.reason) ?? 0, w))
    by.set(h.provider, reasons)
  }

  const score = (reasons: Map<string, number>) =>
    [...reasons.values()].sort((a, b) => b - a).reduce((sum, w, i) => sum + w * (i === 0 ? 1 : weights.decay), 0)
  const ranked: Ranked[] = [...by].map(([provider, reasons]) => ({
    provider,
    reasons: [...reasons].sort((a, b) => b[1] - a[1]).map(([r]) => r),
    score: score(reasons),
  }))
  for (const r of ranked) {
    const parent = parents.get(r.provider)
    const p = parent ? ranked.find((x) => x.provider === parent) : undefined
    if (p) {
      r.score += p.score * weights.decay
      r.reasons.push(...p.reasons)
      p.score = 0
    }
  }

  return ranked.filter((r) => r.score > 0).sort((a, b) => b.score - a.score || a.provider.localeCompare(b.provider))
}

export function detectProvider(
  e: RawError,
  paste: Hint[],
  catalog: Catalog,
  override?: string,
  trace?: (hints: Hint[]) => void,
): ProviderVerdict {
  if (override)
    return {confidence: 'high', evidence: ['--provider was given'], probability: 1, provider: override, score: 0}
  const hints = [...errorHints(e, catalog), ...(e.local ? [] : paste)]
  trace?.(hints)
  return verdictOf(catalog, hints, e.standard)
}

export function verdictOf(catalog: Catalog, hints: Hint[], standard: boolean, m = model()): ProviderVerdict {
  const top = rank(catalog, hints, m.provider)[0]
  if (top && top.score >= m.provider.threshold) {
    const probability = calibrate(m.provider.calibration, top.score)
    const confidence: Confidence = probability >= 0.8 ? 'high' : probability >= 0.5 ? 'medium' : 'low'
    return {confidence, evidence: top.reasons.slice(0, 5), probability, provider: top.provider, score: top.score}
  }

  if (standard)
    return {
      confidence: 'low',
      evidence: ['no provider-specific evidence: only the standard OAuth 2.0 error shape'],
      probability: calibrate(m.provider.calibration, 0),
      provider: 'oauth',
      score: 0,
    }
  return {
    confidence: 'low',
    evidence: ['nothing in the paste names the server that sent it'],
    probability: 0,
    provider: 'unknown',
    score: 0,
  }
}
