/**
 * The short text beside each tool's structured result. Some clients show the model only the text, so it carries
 * the answer itself (code, provider, meaning, first fixes), not a pointer to the JSON; it stays a few lines.
 */
import type {ProvidersResult} from '../cli/catalog-commands.js'
import type {LookupMatch, LookupResult} from '../catalog/search.js'
import type {DecodeResult} from '../decode/types.js'
import type {ProbeReport} from '../probe/run.js'

const MAX_FIXES = 3

function describeMatch(m: LookupMatch, indent = ''): string[] {
  const status = m.http.length > 0 ? ` (HTTP ${m.http.join('/')})` : ''
  const lines = [`${indent}${m.code} - ${m.providerName}${status}: ${m.title}`, `${indent}  ${m.meaning}`]
  for (const fix of m.fixes.slice(0, MAX_FIXES)) lines.push(`${indent}  fix: ${fix}`)
  if (m.whoActs) lines.push(`${indent}  who acts: ${m.whoActs}`)
  return lines
}

export function summariseLookup(result: LookupResult): string {
  const [first, ...rest] = result.matches
  if (!first) return `No catalog entry matches "${result.query}".`
  const lines = [`${result.matches.length} match(es) for "${result.query}".`, ...describeMatch(first)]
  const others = rest.slice(0, 5).map((m) => `${m.code} (${m.provider})`)
  if (others.length > 0) lines.push(`Also: ${others.join(', ')}${rest.length > 5 ? ', ...' : ''}`)
  return lines.join('\n')
}

export function summariseDecode(result: DecodeResult): string {
  if (result.errors.length === 0)
    return [`No error recognised in the input (read as ${result.input.kind}).`, ...result.notes.slice(0, 4)].join('\n')
  const lines = [`${result.errors.length} error(s) found (input read as ${result.input.kind}); most likely first.`]
  for (const [i, e] of result.errors.slice(0, 3).entries()) {
    const http = e.http ? ` HTTP ${e.http}` : ''
    lines.push(
      `${i + 1}. ${e.code ?? '(no code)'} from ${e.provider} (${e.providerConfidence} confidence)${http}${e.description ? `: ${e.description}` : ''}`,
    )
    if (e.matches[0]) lines.push(...describeMatch(e.matches[0], '   '))
  }

  if (result.notes.length > 0) lines.push(...result.notes.slice(0, 3).map((n) => `note: ${n}`))
  return lines.join('\n')
}

export function summariseProviders(result: ProvidersResult): string {
  const total = result.providers.reduce((n, p) => n + p.count, 0)
  return `${result.providers.length} providers, ${total} entries: ${result.providers.map((p) => `${p.slug} (${p.count})`).join(', ')}`
}

export function summariseProbe(report: ProbeReport): string {
  const s = report.summary
  const failed = report.checks.filter((c) => c.status === 'fail' || c.status === 'warn')
  return [
    `Probed ${report.endpoint ?? report.issuer ?? 'the endpoint'}: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.skip} skipped.`,
    s.verdict,
    ...failed.slice(0, 6).map((c) => `${c.status} ${c.id}: ${c.finding}`),
  ].join('\n')
}

interface HarFlowLike {
  findings?: {id?: string; message?: string; severity?: string}[]
  issuer?: null | string
  kind?: string
  provider?: string
}

/**
 * The HAR report comes from src/har (built on its own branch): `{file, flows: [{kind, provider, issuer,
 * findings}], notes}`. Read defensively, so a change of shape there degrades this summary, never the call.
 */
export function summariseHar(result: Record<string, unknown>): string {
  const flows = Array.isArray(result.flows) ? (result.flows as HarFlowLike[]) : []
  const lines = [`${flows.length} login flow(s) in the HAR.`]
  for (const [i, flow] of flows.slice(0, 5).entries()) {
    const findings = Array.isArray(flow.findings) ? flow.findings : []
    const where = [flow.provider, flow.issuer].filter(Boolean).join(', ')
    lines.push(`${i + 1}. ${flow.kind ?? 'flow'}${where ? ` (${where})` : ''}: ${findings.length} finding(s)`)
    for (const f of findings.slice(0, 4)) lines.push(`   ${f.severity ?? 'info'} ${f.id ?? ''}: ${f.message ?? ''}`)
  }

  const notes = Array.isArray(result.notes) ? result.notes.filter((n) => typeof n === 'string') : []
  lines.push(...notes.slice(0, 3).map((n) => `note: ${n}`))
  return lines.join('\n').slice(0, 4000)
}
