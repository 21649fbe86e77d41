/**
 * `errcode mcp`: a Model Context Protocol server on stdio. stdout carries only protocol messages; anything for a
 * person goes to stderr. The server ends when the client closes stdin.
 */
import {McpServer} from '@modelcontextprotocol/server'
import {StdioServerTransport} from '@modelcontextprotocol/server/stdio'

import type {ServerOptions} from './context.js'
import {LineGuard} from './guard.js'
import {harTool, loadDiagnoseHar} from './har-tool.js'
import {
  decodeInput,
  decodeTool,
  harInput,
  lookupInput,
  lookupTool,
  probeInput,
  probeTool,
  providersTool,
} from './tools.js'

const INSTRUCTIONS = `errcode explains OAuth 2.0 / OpenID Connect, SAML and REST API errors offline, from a catalog of the standards and providers' own documentation. Use decode when you have the failure itself (prefer a file path over pasting: the file is read locally and tokens in it are masked), lookup when all you have is a code, providers for the provider slugs. Every result is masked: secrets never appear in it.`

const READ_ONLY = {destructiveHint: false, idempotentHint: true, openWorldHint: false, readOnlyHint: true}

export async function createServer(options: ServerOptions, version: string): Promise<McpServer> {
  const server = new McpServer({name: 'errcode', version}, {instructions: INSTRUCTIONS})

  server.registerTool(
    'lookup',
    {
      annotations: {...READ_ONLY, title: 'Explain an error code'},
      description:
        'Explain an OAuth/OIDC, SAML, HTTP or provider error code: what it means, the usual causes, the fix steps and who must act. Use it when you have a code or a status but not the full response; for a whole response, URL, header or log, use decode instead.',
      inputSchema: lookupInput,
    },
    (args) => lookupTool(args, options),
  )

  server.registerTool(
    'decode',
    {
      annotations: {...READ_ONLY, title: 'Decode a failed auth response'},
      description:
        'Find and explain the error in what an auth failure left behind: a callback URL, a JSON error body, a WWW-Authenticate header, curl -i/-v output, a JWT, an HTML error page or log lines. Reports each error (most likely first) with the provider, the evidence, causes and fixes. Give path (a file, preferred: read locally) or text. Secrets in the input are masked in the result.',
      inputSchema: decodeInput,
    },
    (args) => decodeTool(args, options),
  )

  server.registerTool(
    'providers',
    {
      annotations: {...READ_ONLY, title: 'List the providers'},
      description:
        'List the providers errcode knows (slug, name, entry count, documentation sources). Use it to find the slug for the provider argument of lookup and decode.',
    },
    () => providersTool(options),
  )

  const credentials =
    options.credentialHosts.length > 0
      ? `This server may send the client secret from its own environment (never from you) to token endpoints on ${options.credentialHosts.join(', ')}, when client_id and endpoint are given.`
      : 'This server sends no credentials: only the checks that need no secret run (reachability, method, empty and JSON bodies, an unknown grant, a deliberately wrong secret when client_id is given, discovery, clock skew).'
  server.registerTool(
    'probe',
    {
      annotations: {
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
        readOnlyHint: false,
        title: 'Probe a token endpoint',
      },
      description: `Send a short series of requests (at most about 15) to a live OAuth token endpoint and report what each check found: whether it answers as the RFCs say, which client authentication it accepts, and in plain words what is wrong. Use it when a token request fails and the cause is not clear from the error. ${credentials}`,
      inputSchema: probeInput,
    },
    (args) => probeTool(args, options),
  )

  const diagnoseHar = await loadDiagnoseHar()
  if (diagnoseHar) {
    server.registerTool(
      'har',
      {
        annotations: {...READ_ONLY, title: 'Diagnose a HAR file'},
        description:
          'Diagnose a failed login from a HAR file (the browser dev tools export): the failing request, the error and its explanation, with cookies, tokens and secrets masked. The file is read locally; give its path.',
        inputSchema: harInput,
      },
      (args) => harTool(args.path, diagnoseHar, options),
    )
  }

  return server
}

/** Serve on stdin/stdout until the client closes stdin. */
export async function serveStdio(options: ServerOptions, version: string): Promise<void> {
  const server = await createServer(options, version)
  const guard = new LineGuard((message) => process.stdout.write(`${JSON.stringify(message)}\n`))
  process.stdin.pipe(guard)
  const transport = new StdioServerTransport(guard, process.stdout)
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve()
  })
  // What reaches here passed the guard; anything else the SDK reports goes to stderr, never stdout.
  transport.onerror = (error) => process.stderr.write(`errcode mcp: ${error.message.split('\n')[0]}\n`)
  await server.connect(transport)
  await closed
}
