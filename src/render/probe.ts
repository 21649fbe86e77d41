import type {ChalkInstance} from 'chalk'

import type {ProbeEvents, ProbeReport} from '../probe/run.js'
import {TITLES} from '../probe/checks/common.js'
import {CHECK_IDS, type CheckId, type CheckResult, type CheckStatus} from '../probe/types.js'
import {Doc, type Style} from './blocks.js'
import {clean, truncate, wrap} from './text.js'

const MARK: Record<CheckStatus, string> = {fail: '✖', pass: '✔', skip: '-', warn: '!'}

function paint(chalk: ChalkInstance, status: CheckStatus, text: string): string {
  if (status === 'pass') return chalk.green(text)
  if (status === 'fail') return chalk.red(text)
  if (status === 'warn') return chalk.yellow(text)
  return chalk.dim(text)
}

const NOT_SELECTED = 'Not selected.'
const sentence = (s: string) => (s && !/[.!?]$/.test(s) ? `${s}.` : s)
// The token checks' width; a report with the longer authorize-* ids widens its own table only.
const ID_WIDTH = Math.max(...CHECK_IDS.map((id) => id.length))

/** One check's request and response in a few lines: what was sent, what came back, the catalog's explanation. */
function renderDetails(doc: Doc, c: CheckResult, style: Style): void {
  const {chalk} = style
  doc.blank().line(`  ${paint(chalk, c.status, `${MARK[c.status]} ${c.id}`)}  ${chalk.bold(clean(c.title))}`)
  const sent = c.request.url
    ? `${c.request.method} ${c.request.url}${c.request.body ? `  ${c.request.body}` : ''}`
    : null
  const auth = c.request.headers.authorization ? `Authorization: ${c.request.headers.authorization}` : null
  const r = c.response
  const got = r
    ? `HTTP ${r.status}${r.headers['content-type'] ? ` (${r.headers['content-type']})` : ''}  ${truncate(r.body.replaceAll('\n', ' '), 300)}`
    : null
  const e = c.explanation
  doc.rows(
    [
      ['Sent', sent],
      ['', auth],
      ['Got', got],
      ['Finding', c.finding],
      ['Explained', e ? `${e.title} (${e.id}). ${sentence(e.fixes[0] ?? '')} More: errcode lookup ${e.id}` : null],
    ],
    '    ',
  )
}

/** The report for humans: the verdict table, details of what went wrong, the summary, and optionally curl. */
export function renderProbe(
  report: ProbeReport,
  style: Style,
  options: {curl?: string[]; verbose?: boolean} = {},
): string {
  const {chalk} = style
  const doc = new Doc(style)
  const target = report.endpoint ?? report.issuer ?? '(no endpoint)'
  doc.line(`${chalk.bold('errcode probe')}  ${clean(target)}`)
  if (report.issuer && report.endpoint) doc.line(chalk.dim(`issuer ${clean(report.issuer)}`))
  doc.heading('Checks')
  const notSelected = report.checks.filter((c) => c.status === 'skip' && c.finding === NOT_SELECTED)
  const idWidth = Math.max(ID_WIDTH, ...report.checks.map((c) => c.id.length))
  for (const c of report.checks) {
    if (notSelected.includes(c)) continue
    const head = `  ${paint(chalk, c.status, `${MARK[c.status]} ${c.status.padEnd(4)}`)}  ${c.id.padEnd(idWidth)}  `
    const rest = ' '.repeat(2 + 6 + 2 + idWidth + 2)
    const ms = c.ms > 0 ? chalk.dim(` (${c.ms} ms)`) : ''
    const text = c.status === 'skip' ? chalk.dim(clean(c.finding)) : clean(c.finding)
    doc.line(wrap(text + ms, style.width, head, rest))
  }

  if (notSelected.length > 0)
    doc.line(wrap(chalk.dim(`Not selected: ${notSelected.map((c) => c.id).join(', ')}`), style.width, '  ', '  '))
  const detailed = report.checks.filter((c) =>
    options.verbose ? c.status !== 'skip' : c.status === 'fail' || c.status === 'warn',
  )
  if (detailed.length > 0) {
    doc.heading(options.verbose ? 'Details' : 'What went wrong')
    let previous: CheckResult | undefined
    for (const c of detailed) {
      // A server that answers everything the same way (an HTML 500, a redirect) would repeat one block many times.
      const same = previous && previous.finding === c.finding && previous.response?.status === c.response?.status
      if (same)
        doc.line(
          `  ${paint(chalk, c.status, `${MARK[c.status]} ${c.id}`)}  ${chalk.dim(`the same answer as ${previous!.id}`)}`,
        )
      else {
        renderDetails(doc, c, style)
        previous = c
      }
    }
  }

  const s = report.summary
  const blocked = report.checks.filter((c) => c.blockedBy).length
  doc.heading('Summary')
  const counts = [
    chalk.green(`${s.pass} pass`),
    chalk.yellow(`${s.warn} warn`),
    s.fail > 0 ? chalk.red(`${s.fail} fail`) : `${s.fail} fail`,
    chalk.dim(`${s.skip} skipped${blocked > 0 ? ` (${blocked} blocked by an earlier failure)` : ''}`),
  ].join(chalk.dim(' · '))
  doc.line(`  ${counts}`)
  const methods = Object.entries(report.authMethods)
    .map(([m, v]) => `${m} ${v}`)
    .join(', ')
  doc.rows([['Auth methods', methods]])
  doc.blank().para(s.verdict)
  if (options.curl && options.curl.length > 0) {
    doc.heading('Reproduce with curl')
    doc.para(
      chalk.dim(
        'Secrets come from the environment, never from this output: export ERRCODE_CLIENT_SECRET (and ERRCODE_REFRESH_TOKEN, ERRCODE_CODE, ERRCODE_CODE_VERIFIER when used) first.',
      ),
      '',
    )
    for (const command of options.curl) doc.blank().line(command)
  }

  return doc.toString()
}

/**
 * The live checklist on stderr: a spinner while a probe runs, then one line per check. Only on a terminal; piped
 * or under --json nothing is drawn, so stderr stays clean for scripts.
 */
export function liveChecklist(
  stream: {isTTY?: boolean; write(text: string): unknown},
  chalk: ChalkInstance,
  width: number,
): ProbeEvents {
  if (!stream.isTTY) return {}
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
  let timer: NodeJS.Timeout | undefined
  let label = ''
  const stop = () => {
    if (timer) clearInterval(timer)
    timer = undefined
    stream.write('\r\u001B[2K')
  }

  return {
    done(result) {
      if (result.status === 'skip' && result.finding === 'Not selected.') return
      stop()
      const line = `${paint(chalk, result.status, MARK[result.status])} ${result.id.padEnd(ID_WIDTH)}  ${clean(result.title)}`
      const ms = result.ms > 0 ? chalk.dim(` ${result.ms} ms`) : ''
      stream.write(`${truncate(line, width + 20)}${ms}\n`)
    },
    start(ids: CheckId[]) {
      stop()
      let i = 0
      label = ids.map((id) => TITLES[id]).join('; ')
      const draw = () =>
        stream.write(`\r\u001B[2K${chalk.cyan(frames[i++ % frames.length])} ${truncate(label, width - 4)}`)
      draw()
      timer = setInterval(draw, 80)
      timer.unref()
    },
  }
}
