/** `errcode har` for humans: per flow a timeline (one line a step), the first failure explained, then the findings. */
import {headline} from './decode.js'
import {Doc, type Style} from './blocks.js'
import {clean, truncate, unbroken} from './text.js'
import type {HarFlow, HarReport} from '../har/types.js'

export interface HarStyle extends Style {
  providerName: (slug: string) => string
}

const KIND = {oauth2: 'OAuth 2.0', oidc: 'OpenID Connect', saml: 'SAML'}

function timeline(flow: HarFlow, style: HarStyle): string[] {
  const {chalk} = style
  const hostWidth = Math.min(28, Math.max(4, ...flow.steps.map((s) => hostOf(s.url).length)))
  const fixed = 4 + 3 + 13 + 8 + hostWidth + 8 + 14
  const pathWidth = Math.max(12, style.width - fixed)
  const head = `      ${'time'.padEnd(13)}${'method'.padEnd(8)}${'host'.padEnd(hostWidth + 1)}${'path'.padEnd(pathWidth + 1)}${'status'.padEnd(7)}role`
  const lines = [chalk.dim(head)]
  for (const s of flow.steps) {
    const mark = s.index === flow.firstFailure ? chalk.red('✗') : s.error ? chalk.yellow('!') : ' '
    const time = /T(\d\d:\d\d:\d\d(?:\.\d{1,3})?)/.exec(s.startedDateTime)?.[1] ?? ''
    // The URL as reported (masked values stay readable; new URL() would percent-encode them).
    const path = truncate(clean(s.url.replace(/^[a-z][\w+.-]*:\/\/[^/?#]*/i, '') || '/'), pathWidth)
    const status = s.status === 0 ? chalk.red('0') : s.status >= 400 ? chalk.red(String(s.status)) : String(s.status)
    lines.push(
      `${mark} ${String(s.index).padStart(3)} ${time.padEnd(13)}${truncate(clean(s.method), 7).padEnd(8)}${truncate(clean(hostOf(s.url)), hostWidth).padEnd(hostWidth + 1)}${path.padEnd(pathWidth + 1)}${status.padEnd(7 + (status.length - String(s.status).length))}${s.role}`,
    )
  }

  return lines
}

const safeUrl = (url: string) => {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

const hostOf = (url: string) => safeUrl(url)?.host ?? ''

const MARK = {error: '✗', info: 'i', warning: '!'}

export function renderHar(report: HarReport, style: HarStyle): string {
  const doc = new Doc(style)
  const {chalk} = style
  if (report.flows.length === 0) doc.para(chalk.bold(`${clean(report.file)}: no login flow found`), '')
  for (const [n, flow] of report.flows.entries()) {
    const provider = style.providerName(flow.provider)
    const who = [flow.clientId ? `client ${flow.clientId}` : null, flow.issuer ? `at ${flow.issuer}` : null].filter(
      Boolean,
    )
    doc.heading(
      `Flow ${n + 1}: ${KIND[flow.kind]} login${who.length > 0 ? ` of ${who.join(' ')}` : ''} (provider: ${provider})`,
    )
    for (const line of timeline(flow, style)) doc.line(line)
    const first = flow.firstFailure === null ? null : flow.steps[flow.firstFailure]
    doc.blank()
    if (!first) doc.para(chalk.green('No step failed.'), '')
    else {
      doc.para(
        chalk.bold(
          `First failure: step ${first.index}, ${first.role} (${clean(first.method)} ${clean(hostOf(first.url))}, status ${first.status})`,
        ),
        '',
      )
      if (first.error) {
        doc.para(clean(headline(first.error, style)), '  ')
        const best = first.error.matches[0]
        if (best) {
          doc.para(best.meaning, '  ')
          if (best.fixes.length > 0) doc.steps(best.fixes.slice(0, 4), '    ')
        }
      }
    }

    if (flow.findings.length > 0) {
      doc.heading('Findings')
      for (const f of flow.findings) {
        const colour = f.severity === 'error' ? chalk.red : f.severity === 'warning' ? chalk.yellow : chalk.dim
        doc.para(
          `${colour(MARK[f.severity])} ${chalk.bold(f.id)} ${chalk.dim(`(steps ${f.steps.join(', ')})`)}: ${truncate(clean(f.message), 800)}`,
          '  ',
        )
        if (f.explanation)
          doc.para(
            chalk.dim(`${unbroken(`errcode lookup ${clean(f.explanation.id)}`)}: ${clean(f.explanation.title)}`),
            '    ',
          )
      }
    }
  }

  if (report.notes.length > 0) doc.heading('Notes').bullets(report.notes)
  return doc.toString()
}
