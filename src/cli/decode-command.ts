/**
 * `errcode decode`: where the text comes from (the argument, `-` or piped stdin read to its end, --file, or a
 * paste prompt on a terminal), the limits, then decode() and the rendering. Shared by the oclif command and the
 * fast path.
 */
import {readFileSync, statSync} from 'node:fs'

import {loadCatalog} from '../catalog/load.js'
import {decode} from '../decode/index.js'
import {DEFAULT_MAX_BYTES, inputText, tooLarge} from '../decode/input.js'
import {resolveProvider} from '../catalog/providers.js'
import {displayName} from '../decode/hosts.js'
import type {DecodeResult} from '../decode/types.js'
import {NotFoundError, UsageError} from '../errors.js'
import type {HarReport} from '../har/types.js'
import {renderDecode} from '../render/decode.js'
import {ciFromEnv, type RunContext} from './context.js'
import type {Outcome} from './outcome.js'
import {readStream} from './read-stream.js'

export interface DecodeFlags {
  catalog?: string[]
  file?: string
  /** false for --no-input: never prompt. */
  input?: boolean
  'max-bytes'?: number | string
  provider?: string
  'show-secrets'?: boolean
}

export interface DecodeIo {
  /** Where the paste prompt writes (stderr, so stdout stays the answer). */
  promptOutput?: NodeJS.WritableStream
  /** Reference time for JWT dates (tests). */
  now?: number
}

const EXAMPLE = "errcode decode 'https://app.example/callback?error=access_denied&state=xyz'"

/** --max-bytes: a positive integer, optionally with a k/M suffix (512k, 20MB). */
export function parseMaxBytes(value: number | string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BYTES
  const m = /^\s*(\d+)\s*(k|kb|m|mb)?\s*$/i.exec(String(value))
  const n = m
    ? Number(m[1]) * ({'': 1, k: 1024, kb: 1024, m: 1024 * 1024, mb: 1024 * 1024}[(m[2] ?? '').toLowerCase()] ?? 1)
    : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--max-bytes must be a positive number of bytes (like 1048576 or 20MB), got "${value}"`)
  return n
}

/** Read a stream to its end, with no timeout (oclif's implicit stdin read gives up after 10 ms), refusing more than maxBytes. */
async function readInput(
  arg: string | undefined,
  flags: DecodeFlags,
  ctx: RunContext,
  io: DecodeIo,
  maxBytes: number,
): Promise<{bytes: number; text: string}> {
  if (arg !== undefined && flags.file)
    throw new UsageError('give the text or --file, not both', [EXAMPLE, 'errcode decode --file response.txt'])
  if (flags.file) {
    let size: number
    try {
      const stat = statSync(flags.file)
      if (!stat.isFile()) throw new UsageError(`--file ${flags.file}: not a regular file`)
      size = stat.size
    } catch (error) {
      if (error instanceof UsageError) throw error
      throw new UsageError(
        `--file ${flags.file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        ['errcode decode --file ./response.txt'],
        'FILE_UNREADABLE',
      )
    }

    if (size > maxBytes) throw tooLarge(size, maxBytes)
    return inputText(readFileSync(flags.file), maxBytes)
  }

  if (arg === '-') {
    // On a terminal, `-` reads what is typed or pasted until Ctrl-D; say so rather than appear to hang.
    if (ctx.stdin.isTTY) (io.promptOutput ?? process.stderr).write(ctx.chalk.dim('Reading stdin until Ctrl-D...\n'))
    return inputText(await readStream(ctx.stdin, maxBytes, () => tooLarge(maxBytes, maxBytes, true)), maxBytes)
  }
  if (arg !== undefined) return inputText(arg, maxBytes)
  if (!ctx.stdin.isTTY)
    return inputText(await readStream(ctx.stdin, maxBytes, () => tooLarge(maxBytes, maxBytes, true)), maxBytes)
  if (ctx.json || flags.input === false || ciFromEnv(ctx.env)) {
    throw new UsageError(
      'no input (errcode never prompts under --json, --no-input or CI): give the text as an argument, `-` to read stdin, or --file PATH',
      [EXAMPLE, 'pbpaste | errcode decode -', 'errcode decode --file response.txt'],
    )
  }

  const {promptForPaste} = await import('./paste-prompt.js')
  const {chalk} = ctx
  const message = `${chalk.green('?')} ${chalk.bold('Paste the error')} ${chalk.dim('(callback URL, response body, WWW-Authenticate header, curl -i/-v output, JWT or log lines); end with an empty line or Ctrl-D')}`
  return inputText(await promptForPaste(ctx.stdin, io.promptOutput ?? process.stderr, {maxBytes, message}), maxBytes)
}

const TRIED =
  'callback URL parameters, JSON error bodies (RFC 6749, Microsoft, Google, Okta, Slack, Nylas, problem+json and more), WWW-Authenticate challenges, HTTP status lines, JWTs, HTML error pages and codes in log lines'

export async function runDecode(
  args: {input?: string},
  flags: DecodeFlags,
  ctx: RunContext,
  io: DecodeIo = {},
): Promise<Outcome<DecodeResult | HarReport>> {
  // A HAR is a recording of a whole login: `errcode har` reads it as steps, not as one paste.
  if (flags.file && args.input === undefined && (await import('../har/read.js')).isHarFile(flags.file)) {
    const {runHar} = await import('./har-command.js')
    return runHar(
      flags.file,
      {catalog: flags.catalog, 'max-bytes': flags['max-bytes'], 'show-secrets': flags['show-secrets']},
      ctx,
      io,
    )
  }

  const maxBytes = parseMaxBytes(flags['max-bytes'])
  const {text} = await readInput(args.input, flags, ctx, io, maxBytes)
  if (text.trim() === '') throw new UsageError('the input is empty', [EXAMPLE, 'errcode decode --file response.txt'])
  const {catalog, warnings} = await loadCatalog({catalogFiles: flags.catalog, configDir: ctx.configDir, env: ctx.env})
  let provider: string | undefined
  if (flags.provider !== undefined) {
    provider = resolveProvider(catalog, flags.provider)
  }

  const result = decode(text, {catalog, now: io.now, provider, showSecrets: flags['show-secrets']})
  if (result.errors.length === 0) {
    const message = `no error found in the input (read as ${result.input.kind.replace('_', ' ')}); tried ${TRIED}`
    const suggestions = [
      'paste the whole response: status line, headers and body (curl -i or curl -v output)',
      'or the full URL the browser was redirected to, or the WWW-Authenticate header',
      'errcode lookup <code> when all you have is the code',
    ]
    if (!ctx.json) throw new NotFoundError(message, suggestions)
    return {data: {...result, notes: [message, ...suggestions]}, exit: 1, text: '', warnings}
  }

  const providerName = (slug: string) => displayName(slug, catalog.providers.get(slug)?.name)
  return {
    data: result,
    exit: 0,
    text: renderDecode(result, {chalk: ctx.chalk, providerName, width: ctx.width}),
    warnings,
  }
}
