import {readFileSync} from 'node:fs'

import {UsageError} from '../errors.js'
import {ALL_CHECK_IDS, type CheckId} from '../probe/types.js'
import type {KeyAuthFlags} from './probe-key-inputs.js'
import {readStream} from './read-stream.js'

/** The probe command's flags, as oclif parses them (the fast path does not handle probe). */
export interface ProbeFlags extends KeyAuthFlags {
  'allow-http'?: boolean
  audience?: string
  auth?: string
  'authorize-url'?: string
  ca?: string
  'callback-url'?: string
  'client-id'?: string
  'client-secret'?: string
  'client-secret-env'?: string
  'client-secret-stdin'?: boolean
  code?: string
  'code-verifier'?: string
  curl?: boolean
  endpoint?: string
  grant?: string
  insecure?: boolean
  issuer?: string
  only?: string[]
  'redirect-uri'?: string
  'refresh-token-env'?: string
  'registered-redirect-uri'?: string
  resource?: string
  scope?: string
  timeout?: number | string
  verbose?: boolean
  yes?: boolean
}

/** An http(s) URL from a flag, or a usage error naming the flag. */
export function parseUrlFlag(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    const shown = value.slice(0, 80).replace(/\/\/[^/@\s]*@/, '//…@')
    throw new UsageError(`${name} must be a URL, got "${shown}"`, [
      'errcode probe https://login.example.com/oauth2/token',
    ])
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`${name} must be an http:// or https:// URL, got "${url.protocol}"`)
  // Never printed, never sent: Node would turn user:password in the URL into Basic credentials.
  if (url.username || url.password)
    throw new UsageError(`${name} has a user name or password in it; errcode never sends credentials from a URL`, [
      'give the client id with --client-id and the secret with --client-secret-env NAME',
    ])
  // As typed: an issuer is compared character for character with the metadata's (OpenID Discovery §4.3).
  return value.trim()
}

/** --timeout in seconds (decimals allowed), at most 5 minutes. */
export function parseTimeout(value: number | string | undefined): number {
  if (value === undefined) return 10_000
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300)
    throw new UsageError(`--timeout must be a number of seconds between 0 and 300, got "${value}"`)
  return Math.round(seconds * 1000)
}

/** A flag with a fixed set of values. Checked here, not with oclif's `options`, whose error exits 1 instead of 2. */
export function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`${name} must be one of ${choices.join(', ')}, got "${value}"`)
  return value as T
}

export function parseOnly(values: string[] | undefined): CheckId[] | undefined {
  if (!values || values.length === 0) return undefined
  const ids = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
  for (const id of ids) {
    if (!(ALL_CHECK_IDS as readonly string[]).includes(id))
      throw new UsageError(`--only: unknown check "${id}"; the checks are ${ALL_CHECK_IDS.join(', ')}`)
  }

  return ids as CheckId[]
}

export function readCaFile(path: string | undefined): string | undefined {
  if (!path) return undefined
  try {
    const pem = readFileSync(path, 'utf8')
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${path} is not a PEM certificate file`)
    return pem
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`--ca: cannot read ${path} (${(error as {code?: string}).code ?? 'unreadable'})`)
  }
}

function fromEnv(flag: string, name: string, env: NodeJS.ProcessEnv): string {
  const value = env[name]
  if (!value)
    throw new UsageError(`${flag} ${name}: the environment variable ${name} is not set or empty`, [
      `export ${name}=... (or read it from a secrets manager), then run again`,
    ])
  return value
}

/** A client secret is short; more than this on stdin is a mistake (a file piped by accident), not a secret. */
const MAX_SECRET_BYTES = 64 * 1024

/**
 * The client secret from whichever source was given (exactly one): --client-secret-env, --client-secret-stdin, or
 * --client-secret (which works, with a warning). Undefined when none was given.
 */
export async function readClientSecret(
  flags: ProbeFlags,
  env: NodeJS.ProcessEnv,
  stdin: NodeJS.ReadableStream,
  warnings: string[],
): Promise<string | undefined> {
  const given = [
    flags['client-secret-env'] && '--client-secret-env',
    flags['client-secret-stdin'] && '--client-secret-stdin',
    flags['client-secret'] !== undefined && '--client-secret',
  ].filter(Boolean)
  if (given.length > 1) throw new UsageError(`give the client secret one way only, not ${given.join(' and ')}`)
  if (flags['client-secret-env']) return fromEnv('--client-secret-env', flags['client-secret-env'], env)
  if (flags['client-secret-stdin']) {
    const bytes = await readStream(
      stdin,
      MAX_SECRET_BYTES,
      () => new UsageError('--client-secret-stdin: more than 64 KB came on stdin, which is not a client secret'),
    )
    const secret = bytes.toString('utf8').replace(/\r?\n$/, '')
    if (!secret)
      throw new UsageError('--client-secret-stdin: nothing came on stdin', [
        'printf \'%s\' "$SECRET" | errcode probe ... --client-secret-stdin',
      ])
    return secret
  }

  if (flags['client-secret'] !== undefined) {
    warnings.push(
      '--client-secret puts the secret in your shell history and in `ps` output; prefer the prompt, --client-secret-env NAME or --client-secret-stdin',
    )
    if (flags['client-secret'] === '') throw new UsageError('--client-secret is empty')
    return flags['client-secret']
  }

  return undefined
}

export function readRefreshToken(flags: ProbeFlags, env: NodeJS.ProcessEnv): string | undefined {
  return flags['refresh-token-env'] ? fromEnv('--refresh-token-env', flags['refresh-token-env'], env) : undefined
}

/** What --callback-url carries: the code (or the error instead), and the redirect_uri it implies. */
export function parseCallbackUrl(value: string): {
  code: null | string
  error: null | {description: null | string; error: string}
  redirectUri: string
} {
  const url = new URL(parseUrlFlag('--callback-url', value)!)
  // The authorization response is in the query (RFC 6749 §4.1.2) or, for response_mode=fragment, the fragment.
  const params =
    url.searchParams.has('code') || url.searchParams.has('error')
      ? url.searchParams
      : new URLSearchParams(url.hash.slice(1))
  const error = params.get('error')
  const redirectUri = `${url.origin}${url.pathname}`
  if (error) return {code: null, error: {description: params.get('error_description'), error}, redirectUri}
  const code = params.get('code')
  if (!code)
    throw new UsageError('--callback-url has neither a code nor an error parameter', [
      'paste the full URL the browser was sent back to, including ?code=...',
    ])
  return {code, error: null, redirectUri}
}
