import {Client} from '@modelcontextprotocol/client'
import {StdioClientTransport} from '@modelcontextprotocol/client/stdio'
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'

import {EMPTY_CONFIG, ROOT, RUN} from '../helpers/cli.js'

/** Every result any MCP test received (text and structured content), for the planted-secret scan. */
export const RESULTS: {label: string; text: string}[] = []

export interface Session {
  client: Client
  close(): Promise<void>
  stderr: () => string
}

function serverEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  delete env.ERRCODE_CLIENT_SECRET
  return {...env, COLUMNS: '100', ERRCODE_CONFIG_DIR: EMPTY_CONFIG, NO_COLOR: '1', ...extra}
}

/** `./bin/run.js mcp` (built by pretest) with the SDK's own client over stdio. */
export async function connect(args: string[] = [], env: Record<string, string> = {}): Promise<Session> {
  const transport = new StdioClientTransport({
    args: [RUN, 'mcp', ...args],
    command: process.execPath,
    cwd: ROOT,
    env: serverEnv(env),
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (d) => (stderr += d))
  const client = new Client({name: 'errcode-tests', version: '1.0.0'})
  await client.connect(transport)
  return {client, close: () => client.close(), stderr: () => stderr}
}

export interface ToolCall {
  isError: boolean
  structured: Record<string, unknown>
  text: string
}

/** Call a tool and record what came back. */
export async function call(session: Session, name: string, args: Record<string, unknown> = {}): Promise<ToolCall> {
  const r = await session.client.callTool({arguments: args, name})
  const text = (r.content as {text?: string; type: string}[]).map((c) => c.text ?? '').join('\n')
  RESULTS.push({label: `${name} ${JSON.stringify(args).slice(0, 120)}`, text: JSON.stringify(r)})
  return {isError: Boolean(r.isError), structured: (r.structuredContent ?? {}) as Record<string, unknown>, text}
}

/** The results that contain any of these values, raw or URL-encoded. */
export function leaks(secrets: string[]): string[] {
  const forms = secrets.flatMap((s) => [s, encodeURIComponent(s), new URLSearchParams([['', s]]).toString().slice(1)])
  return RESULTS.flatMap((r) => forms.filter((f) => r.text.includes(f)).map((f) => `${r.label}: ${f.slice(0, 4)}…`))
}

/** The server as a raw child process, for what the SDK client never sends (bad JSON, oversized lines). */
export function spawnRaw(): {
  child: ChildProcessWithoutNullStreams
  lines: () => Record<string, unknown>[]
  next: (count: number) => Promise<Record<string, unknown>[]>
} {
  const child = spawn(process.execPath, [RUN, 'mcp'], {cwd: ROOT, env: serverEnv({})})
  let out = ''
  const waiters: (() => void)[] = []
  child.stdout.on('data', (d) => {
    out += d
    for (const w of waiters.splice(0)) w()
  })
  const lines = () =>
    out
      .split('\n')
      .slice(0, -1) // the part after the last newline is still arriving
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  const next = (count: number) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} lines; got ${out}`)), 20_000)
      const check = () => {
        if (lines().length >= count) {
          clearTimeout(timer)
          resolve(lines())
        } else waiters.push(check)
      }

      check()
    })
  return {child, lines, next}
}
