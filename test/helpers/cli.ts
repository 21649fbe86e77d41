import {spawnSync} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const RUN = join(ROOT, 'bin', 'run.js')

export interface CliResult {
  code: number
  stderr: string
  stdout: string
}

/** An empty config dir, so a developer's own ~/.config/errcode/catalogs never leaks into a test. */
export const EMPTY_CONFIG = mkdtempSync(join(tmpdir(), 'errcode-config-'))

/** Run the real CLI (bin/run.js, as a user would) with a clean, pinned environment. */
export function cli(
  args: string[],
  options: {env?: Record<string, string | undefined>; input?: string} = {},
): CliResult {
  const env: Record<string, string | undefined> = {
    ...process.env,
    COLUMNS: '100',
    ERRCODE_CONFIG_DIR: EMPTY_CONFIG,
    NO_COLOR: '1',
    ...options.env,
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  const r = spawnSync(process.execPath, [RUN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    input: options.input ?? '',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  })
  return {code: r.status ?? -1, stderr: r.stderr, stdout: r.stdout}
}
