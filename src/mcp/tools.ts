/**
 * The tools: each calls the function its command calls (src/cli/*), with masking on, and answers with that
 * command's `--json` object plus a short summary. The command logic (catalog, decode, probe) is imported on a
 * tool's first call, so starting the server loads little more than the SDK and zod.
 */
import {resolve} from 'node:path'
import {z} from 'zod'

import {UsageError} from '../errors.js'
import {CHECK_IDS} from '../probe/types.js'
import {
  CALL_TIMEOUT_MS,
  MAX_FILE_BYTES,
  MAX_TEXT_CHARS,
  outcomeResult,
  PROBE_CALL_TIMEOUT_MS,
  runTool,
  type ServerOptions,
  toolContext,
  type ToolResult,
} from './context.js'
import {PROBE_DEFAULT_TIMEOUT_S, PROBE_MAX_TIMEOUT_S, type ProbeArgs, probeFlags} from './probe-tool.js'
import {summariseDecode, summariseHar, summariseLookup, summariseProbe, summariseProviders} from './summary.js'

const provider = z
  .string()
  .max(64)
  .optional()
  .describe('A provider slug (see the providers tool), e.g. "google", "microsoft", "okta", "auth0".')

export const lookupInput = z.object({
  description: z
    .string()
    .max(4096)
    .optional()
    .describe('The error_description that came with the code, if any; it picks the matching variant of a code.'),
  provider,
  query: z
    .string()
    .min(1)
    .max(4096)
    .describe(
      'An error code (invalid_grant, AADSTS50011, redirect_uri_mismatch), an HTTP status (401), or words from the message.',
    ),
})

export const decodeInput = z.object({
  path: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      "Path to a file holding the failure (a saved response, curl -v output, a log). Preferred to text: the file is read locally, so tokens in it never pass through the conversation. Relative paths are from the server's working directory.",
    ),
  provider: provider.describe('Treat the error as coming from this provider instead of detecting it.'),
  text: z
    .string()
    .min(1)
    .max(MAX_TEXT_CHARS)
    .optional()
    .describe(
      'The failure itself, when it is already in the conversation: a callback URL, a JSON error body, a WWW-Authenticate header, curl -i/-v output, a JWT or log lines.',
    ),
})

export const probeInput = z.object({
  audience: z.string().max(2048).optional().describe('audience parameter for the token request (Auth0 and others).'),
  auth: z
    .enum(['auto', 'basic', 'post', 'none'])
    .optional()
    .describe(
      'How the app sends its client credentials: basic, post, none (a public client) or auto (find out which works).',
    ),
  client_id: z
    .string()
    .max(512)
    .optional()
    .describe('The client id (not secret). With it, a deliberately wrong secret is also tried.'),
  endpoint: z
    .url()
    .max(2048)
    .optional()
    .describe('The token endpoint URL. Give this or issuer; credentialed checks need this one.'),
  issuer: z.url().max(2048).optional().describe('The issuer URL: the token endpoint is discovered from its metadata.'),
  only: z.array(z.enum(CHECK_IDS)).min(1).max(CHECK_IDS.length).optional().describe('Run only these checks.'),
  resource: z.string().max(2048).optional().describe('resource parameter (RFC 8707).'),
  scope: z.string().max(2048).optional().describe('scope parameter for the token request.'),
  timeout_seconds: z
    .number()
    .min(1)
    .max(PROBE_MAX_TIMEOUT_S)
    .optional()
    .describe(`Seconds to wait for each answer (default ${PROBE_DEFAULT_TIMEOUT_S}).`),
})

export const harInput = z.object({
  path: z.string().min(1).max(4096).describe('Path to the .har file (exported from the browser dev tools).'),
})

export type LookupArgs = z.infer<typeof lookupInput>
export type DecodeArgs = z.infer<typeof decodeInput>
export type HarArgs = z.infer<typeof harInput>

export async function lookupTool(args: LookupArgs, options: ServerOptions): Promise<ToolResult> {
  return runTool(options, CALL_TIMEOUT_MS, async () => {
    const {runLookup} = await import('../cli/catalog-commands.js')
    const flags = {catalog: options.catalog, description: args.description, provider: args.provider}
    const outcome = await runLookup(args.query, flags, toolContext(options))
    return outcomeResult(outcome, summariseLookup(outcome.data))
  })
}

export async function decodeTool(args: DecodeArgs, options: ServerOptions): Promise<ToolResult> {
  return runTool(options, CALL_TIMEOUT_MS, async () => {
    if ((args.text === undefined) === (args.path === undefined))
      throw new UsageError('give either text or path (a file to read), not both and not neither')
    const {runDecode} = await import('../cli/decode-command.js')
    // `-` means stdin to the command; the tool context's stdin is always empty (the real one is the protocol).
    const flags = {
      catalog: options.catalog,
      file: args.path === undefined ? undefined : resolve(args.path),
      input: false,
      'max-bytes': MAX_FILE_BYTES,
      provider: args.provider,
    }
    const outcome = await runDecode({input: args.text}, flags, toolContext(options))
    // A HAR file given to decode is diagnosed as a HAR, as `errcode decode --file x.har` does.
    const data = outcome.data
    return outcomeResult(
      outcome,
      'flows' in data ? summariseHar(data as unknown as Record<string, unknown>) : summariseDecode(data),
    )
  })
}

export async function providersTool(options: ServerOptions): Promise<ToolResult> {
  return runTool(options, CALL_TIMEOUT_MS, async () => {
    const {runProviders} = await import('../cli/catalog-commands.js')
    const outcome = await runProviders({catalog: options.catalog}, toolContext(options))
    return outcomeResult(outcome, summariseProviders(outcome.data))
  })
}

export async function probeTool(args: ProbeArgs, options: ServerOptions): Promise<ToolResult> {
  return runTool(options, PROBE_CALL_TIMEOUT_MS, async () => {
    const {runProbe} = await import('../cli/probe-command.js')
    const {flags, note, nothingToRun} = probeFlags(args, options)
    if (nothingToRun)
      throw new UsageError(
        'every check asked for sends credentials, and this server may not send them (start it with --allow-credentials HOST)',
      )
    const outcome = await runProbe(flags, toolContext(options), {interactive: false})
    const summary = summariseProbe(outcome.data as Parameters<typeof summariseProbe>[0])
    return outcomeResult(outcome, note ? `${summary}\n${note}` : summary)
  })
}
