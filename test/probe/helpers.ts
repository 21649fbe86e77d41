import {Chalk} from 'chalk'
import {spawn} from 'node:child_process'
import {Readable} from 'node:stream'

import type {RunContext} from '../../src/cli/context.js'
import {type ProbeDeps, type ProbeFlags, runProbe} from '../../src/cli/probe-command.js'
import type {ProbeReport} from '../../src/probe/run.js'
import type {CheckId, CheckResult} from '../../src/probe/types.js'
import {EMPTY_CONFIG, ROOT, RUN} from '../helpers/cli.js'

/** Every output of every probe run in this worker (human, --json, --curl, stderr, warnings), for the secret scan. */
export const OUTPUTS: {label: string; text: string}[] = []
export const recordOutput = (label: string, text: string) => OUTPUTS.push({label, text})

export function context(options: {env?: Record<string, string>; json?: boolean; stdin?: string} = {}): RunContext {
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as Readable & {isTTY?: boolean}
  return {
    chalk: new Chalk({level: 0}),
    configDir: EMPTY_CONFIG,
    env: {...options.env},
    json: Boolean(options.json),
    stdin,
    width: 100,
  }
}

export interface ProbeRun {
  exit: number
  report: ProbeReport
  stderr: string
  text: string
  warnings: string[]
}

/** Run the probe in process, as the command would, never interactive unless deps say so. */
export async function probe(
  flags: ProbeFlags,
  options: {deps?: ProbeDeps; env?: Record<string, string>; json?: boolean; stdin?: string} = {},
): Promise<ProbeRun> {
  const stderr = {
    isTTY: false,
    text: '',
    write(t: string) {
      this.text += t
      return true
    },
  }
  const ctx = context(options)
  const outcome = await runProbe({timeout: '5', ...flags}, ctx, {interactive: false, stderr, ...options.deps})
  const label = JSON.stringify(flags).slice(0, 200)
  recordOutput(`${label} json`, JSON.stringify(outcome.data, null, 2))
  recordOutput(`${label} text`, outcome.text)
  recordOutput(`${label} warnings`, outcome.warnings.join('\n'))
  recordOutput(`${label} stderr`, stderr.text)
  return {
    exit: outcome.exit,
    report: outcome.data as ProbeReport,
    stderr: stderr.text,
    text: outcome.text,
    warnings: outcome.warnings,
  }
}

export function check(report: ProbeReport, id: CheckId): CheckResult {
  const c = report.checks.find((x) => x.id === id)
  if (!c) throw new Error(`no check ${id}`)
  return c
}

/** id -> status, to assert a whole run's verdicts in one expectation. */
export const statuses = (report: ProbeReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((n) => [n, n.toLowerCase()])

/**
 * bin/run.js as a user runs it, asynchronously: the servers live in this process, so the synchronous cli() helper
 * would block the very event loop that has to answer.
 */
export function cliAsync(
  args: string[],
  options: {env?: Record<string, string | undefined>; input?: string} = {},
): Promise<{code: number; stderr: string; stdout: string}> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    COLUMNS: '100',
    ERRCODE_CONFIG_DIR: EMPTY_CONFIG,
    NO_COLOR: '1',
    // The servers are on loopback, which a proxy in the developer's environment would otherwise carry.
    ...Object.fromEntries(PROXY_VARIABLES.map((name) => [name, undefined])),
    ...options.env,
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, ...args], {cwd: ROOT, env: env as NodeJS.ProcessEnv})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill(), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      recordOutput(`cli ${args.join(' ').slice(0, 200)} stdout`, stdout)
      recordOutput(`cli ${args.join(' ').slice(0, 200)} stderr`, stderr)
      resolve({code: code ?? -1, stderr, stdout})
    })
    child.stdin.end(options.input ?? '')
  })
}

/** Fail when any recorded output holds a secret in any form a leak could take (raw, form-encoded, inside Basic). */
export function findLeaks(secrets: {id?: string; value: string}[]): string[] {
  const forms = secrets.flatMap(({id, value}) => {
    const encoded = new URLSearchParams([['', value]]).toString().slice(1)
    const list = [value, encoded, encodeURIComponent(value)]
    if (id)
      list.push(Buffer.from(`${new URLSearchParams([['', id]]).toString().slice(1)}:${encoded}`).toString('base64'))
    return list
  })
  return OUTPUTS.flatMap((o) =>
    forms.filter((f) => o.text.includes(f)).map((f) => `${o.label}: contains ${f.slice(0, 4)}…`),
  )
}
