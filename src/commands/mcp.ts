import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {catalogFlag} from '../cli/flags.js'
import {UsageError} from '../errors.js'

export default class Mcp extends BaseCommand {
  static description = `Starts a Model Context Protocol server on stdin/stdout, for coding agents and editors (Claude Code, Cursor, VS Code...). Its tools give the same answers as the commands, as their --json objects plus a short summary: lookup, decode (a file path or text), providers, probe, and har when this build has it.

Secrets never reach the agent: every result is masked (there is no show-secrets over MCP), and decode and har read files locally when given a path. probe runs only the checks that send no credentials, unless the server is started with --allow-credentials HOST: then the client secret, taken from the server's environment ($ERRCODE_CLIENT_SECRET, or --client-secret-env), is sent to token endpoints on those hosts. An agent can never hand the server a secret.

Each call is bounded (input size, a timeout); a malformed request gets a JSON-RPC error. The server exits when its stdin closes. See docs/mcp.md for the set-up in each editor.`

  static enableJsonFlag = false

  static examples = [
    {
      command: '<%= config.bin %> <%= command.id %>',
      description: 'Serve the tools on stdio (an MCP client starts this)',
    },
    {command: 'claude mcp add errcode -- <%= config.bin %> <%= command.id %>', description: 'Add it to Claude Code'},
    {
      command: 'ERRCODE_CLIENT_SECRET=... <%= config.bin %> <%= command.id %> --allow-credentials login.example.com',
      description: 'Let probe send the client secret, only to login.example.com',
    },
  ]

  static flags = {
    'allow-credentials': Flags.string({
      description:
        'Let probe send the client secret (from the server environment, never from the agent) to token endpoints on this host (repeatable or comma-separated).',
      helpValue: 'HOST',
      multiple: true,
    }),
    catalog: catalogFlag,
    'client-secret-env': Flags.string({
      default: 'ERRCODE_CLIENT_SECRET',
      description: 'The environment variable that holds the client secret for --allow-credentials.',
      helpValue: 'NAME',
    }),
  }

  static summary = 'Serve lookup, decode, providers and probe to coding agents over the Model Context Protocol (stdio).'

  async run() {
    const {flags} = await this.parse(Mcp)
    const credentialHosts = (flags['allow-credentials'] ?? [])
      .flatMap((h) => h.split(','))
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean)
    for (const host of credentialHosts) {
      if (!/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(host))
        throw new UsageError(`--allow-credentials takes host names (like login.example.com), got "${host}"`)
    }

    if (credentialHosts.length > 0 && !process.env[flags['client-secret-env']])
      process.stderr.write(
        `warning: --allow-credentials: $${flags['client-secret-env']} is not set, so probe will refuse the credentialed checks\n`,
      )

    const {serveStdio} = await import('../mcp/server.js')
    await serveStdio(
      {catalog: flags.catalog, credentialHosts, env: process.env, secretEnv: flags['client-secret-env']},
      this.config.version,
    )
    // Calls still running (a probe waiting on a slow server) must not keep the process alive after the client left.
    process.exit(0)
  }
}
