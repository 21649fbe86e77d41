/** `errcode scrub FILE -o OUT`: write a scrubbed copy of a HAR and say what was replaced. */
import {renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {UsageError} from '../errors.js'
import {clean, count, wrap} from '../render/text.js'
import {DEFAULT_HAR_MAX_BYTES, readHarFile} from '../har/read.js'
import {scrubHar, type ScrubSummary} from '../har/scrub-file.js'
import type {RunContext} from './context.js'
import {parseMaxBytes} from './decode-command.js'
import type {Outcome} from './outcome.js'

export interface ScrubFlags {
  force?: boolean
  'max-bytes'?: number | string
  output?: string
}

export interface ScrubReport extends ScrubSummary {
  input: string
  output: string
}

const statOf = (path: string) => {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

export async function runScrub(file: string, flags: ScrubFlags, ctx: RunContext): Promise<Outcome<ScrubReport>> {
  const out = flags.output
  if (!out)
    throw new UsageError('say where to write the scrubbed copy: -o OUT', [`errcode scrub ${file} -o scrubbed.har`])
  const inStat = statOf(file)
  const outStat = statOf(out)
  if (resolve(out) === resolve(file) || (inStat && outStat && inStat.dev === outStat.dev && inStat.ino === outStat.ino))
    throw new UsageError(`refusing to overwrite the input ${file}: write the scrubbed copy to another file`, [
      `errcode scrub ${file} -o ${basename(file).replace(/(\.har)?$/i, '.scrubbed.har')}`,
    ])
  if (outStat && !flags.force)
    throw new UsageError(`${out} already exists; give another name, or --force to replace it`, [
      `errcode scrub ${file} -o ${out} --force`,
    ])
  const maxBytes = flags['max-bytes'] === undefined ? DEFAULT_HAR_MAX_BYTES : parseMaxBytes(flags['max-bytes'])
  const text = readHarFile(file, maxBytes)
  let result
  try {
    result = scrubHar(text)
  } catch (error) {
    if (error instanceof UsageError)
      throw new UsageError(`${file}: ${error.message}`, [
        'errcode scrub reads HAR files (DevTools > Network > Export HAR)',
      ])
    throw error
  }

  // Written beside the target and renamed into place: a failed run never leaves half a file.
  const tmp = join(dirname(resolve(out)), `.${basename(out)}.${process.pid}.tmp`)
  try {
    writeFileSync(tmp, result.output, {flag: 'wx', mode: 0o600})
    renameSync(tmp, out)
  } catch (error) {
    rmSync(tmp, {force: true})
    throw new UsageError(
      `cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      [],
      'FILE_UNREADABLE',
    )
  }

  const report: ScrubReport = {input: file, output: out, ...result.summary}
  const {chalk} = ctx
  const pad = Math.max(4, ...report.replaced.map((r) => r.kind.length))
  const lines = [
    `${chalk.bold(`Wrote ${clean(out)}`)} (${count(report.entries, 'entry', 'entries')}): ${count(report.total, 'value')} replaced.`,
    ...report.replaced.map(
      (r) => `  ${r.kind.padEnd(pad)}  ${String(r.count).padStart(5)}  ${chalk.dim(`(${r.distinct} distinct)`)}`,
    ),
    chalk.dim(
      wrap(
        'Each value has one placeholder everywhere (redacted-<kind>-<n>), and client_id, redirect_uri, state, nonce, code_challenge, scopes, hosts and timings are kept, so errcode har still compares the steps of the copy.',
        ctx.width,
      ),
    ),
  ]
  return {data: report, exit: 0, text: lines.join('\n'), warnings: []}
}
