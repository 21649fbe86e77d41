import {Args, type Config, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {type ProbeDeps, runProbe} from '../cli/probe-command.js'
import {AUTHORIZE_CHECK_IDS} from '../probe/authorize-ids.js'
import {CHECK_IDS} from '../probe/types.js'

export default class Probe extends BaseCommand {
  // Named token_url so help says TOKEN_URL, the name every probe message uses.
  static args = {
    token_url: Args.string({
      description: 'The token endpoint URL (or use --issuer to discover it).',
      ignoreStdin: true,
    }),
  }

  static description = `Sends a short series of requests (at most about 15, one at a time) to the token endpoint and reports, check by check, what was sent, what the RFCs say should come back, what came back, and the catalog's explanation of any error. Then it says in plain words what is wrong: "This server accepts client_secret_basic only; your app sends client_secret_post", "The secret is wrong", "client_credentials is not enabled for this client".

Checks (ids are stable, for --only and --json): ${CHECK_IDS.join(', ')}; with --redirect-uri and an authorization endpoint (--issuer or --authorize-url) also ${AUTHORIZE_CHECK_IDS.join(', ')}.

What is sent: GET, an empty POST, a JSON body and a deliberately wrong secret (none of these carry your secret); when a secret is given, a client_credentials request with it in the Authorization header, another with it in the form body, and an unknown grant_type with it (most servers authenticate the client before reading grant_type); with --grant, one refresh_token or authorization_code request. With --redirect-uri and an authorization endpoint (from --issuer, or --authorize-url): three GETs to the authorization endpoint (client_id, the redirect URI, a random state; PKCE S256, none, plain) and, when the metadata advertises one, a pushed authorization request (RFC 9126; with the secret only where the token checks would send it). Redirects are never followed; TLS is verified; the secret is never sent over plain http:// except to loopback (--allow-http overrides). Secrets never appear in the output, --json or --curl (which reads them from $ERRCODE_CLIENT_SECRET).

Beyond secrets: with --private-key (private_key_jwt) or --auth client_secret_jwt, signed client assertions (RFC 7523): the real one with aud = the token endpoint URL and aud = the issuer, the same one again (replay), an expired one, and one signed by another key. With --cert and --key, a request with the client certificate (RFC 8705) at mtls_endpoint_aliases when the metadata names it. With --dpop, or when the metadata advertises DPoP, a request with a DPoP proof (RFC 9449), retried once with the server's nonce. Keys, assertions and proofs are never printed; --curl reads them from $ERRCODE_CLIENT_ASSERTION, $ERRCODE_DPOP_PROOF, $ERRCODE_TLS_CERT and $ERRCODE_TLS_KEY.

Proxies: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (or their lower-case forms) are read as curl reads them; https goes through a CONNECT tunnel, loopback too unless NO_PROXY lists it. Proxy credentials in the URL are never printed.

On a terminal, with something missing, errcode asks for it (the secret masked), lets you pick the probes (those that send credentials are opt-in) and confirms before any credential leaves the machine. With --json, --yes, CI set, or no terminal it never asks: a missing value is a usage error.

Exit codes: 0 no check failed, 1 a check failed, 2 usage error, 130 interrupted.`

  static examples = [
    {
      command: '<%= config.bin %> <%= command.id %>',
      description: 'Interactive: asks for the endpoint, client and secret, then which probes to run',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> https://login.example.com/oauth2/token --client-id my-app --client-secret-env MY_APP_SECRET',
      description: 'Which client-authentication method works, and whether the secret is right',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> --issuer https://login.example.com --client-id my-app --client-secret-env MY_APP_SECRET --auth post',
      description: 'Discover the token endpoint; your app sends client_secret_post',
    },
    {
      command: '<%= config.bin %> <%= command.id %> https://login.example.com/oauth2/token',
      description: 'Only the probes that need no credentials',
    },
    {
      command:
        'op read op://dev/my-app/secret | <%= config.bin %> <%= command.id %> https://login.example.com/oauth2/token --client-id my-app --client-secret-stdin --json',
      description: 'Secret from stdin, machine-readable report',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> --issuer https://login.example.com --client-id my-app --client-secret-env MY_APP_SECRET --grant refresh_token --refresh-token-env MY_REFRESH_TOKEN',
      description: 'Why does refreshing fail?',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> --issuer https://login.example.com --client-id my-app --client-secret-env MY_APP_SECRET --grant authorization_code --callback-url \'http://localhost:3000/callback?code=...\' --code-verifier "$VERIFIER"',
      description: 'Why does the code exchange fail?',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> --issuer https://login.example.com --client-id my-app --redirect-uri http://localhost:3000/callback --registered-redirect-uri http://127.0.0.1:3000/callback',
      description:
        'Does the authorization endpoint accept my redirect URI, and how does it differ from the registered one?',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> --issuer https://login.example.com --client-id my-app --private-key ./my-app-key.pem --kid key-1',
      description: 'private_key_jwt: which aud the server wants, and whether it refuses replayed or expired assertions',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> --issuer https://login.example.com --client-id my-app --cert client.pem --key client.key --dpop',
      description: 'mTLS client authentication (via mtls_endpoint_aliases) and a DPoP-bound token',
    },
    {
      command:
        '<%= config.bin %> <%= command.id %> https://login.example.com/oauth2/token --client-id my-app --client-secret-env MY_APP_SECRET --curl',
      description: 'Also print every request as a curl command',
    },
  ]

  static flags = {
    'allow-http': Flags.boolean({
      description:
        'Send credentials over plain http:// to a host other than loopback (they can be read on the network).',
    }),
    audience: Flags.string({description: 'audience parameter for the token request (Auth0 and others).'}),
    'authorize-url': Flags.string({
      description:
        'The authorization endpoint, when there is no --issuer to discover it: with --redirect-uri, adds the authorize-* checks (no secret sent, no redirect followed).',
      helpValue: 'URL',
    }),
    auth: Flags.string({
      description:
        'How your app authenticates: auto (find out which works), basic, post, none, or private_key_jwt, client_secret_jwt, tls_client_auth, self_signed_tls_client_auth.',
      helpValue: 'auto|basic|post|none|private_key_jwt|...',
    }),
    ca: Flags.string({
      description: 'Trust this CA certificate (PEM): a private CA, or the root of a proxy that re-signs TLS.',
      helpValue: 'FILE',
    }),
    'callback-url': Flags.string({
      description:
        'With --grant authorization_code: the URL the browser came back to; the code (or error) is read from it.',
      helpValue: 'URL',
    }),
    'client-id': Flags.string({description: 'The client id.'}),
    'client-secret': Flags.string({
      description:
        'The client secret on the command line (works, but lands in shell history and ps; prefer the prompt or the next two).',
    }),
    'client-secret-env': Flags.string({
      description: 'Read the client secret from this environment variable.',
      helpValue: 'NAME',
    }),
    'client-secret-stdin': Flags.boolean({description: 'Read the client secret from stdin.'}),
    code: Flags.string({description: 'With --grant authorization_code: the code itself.'}),
    'code-verifier': Flags.string({description: 'The PKCE code_verifier for --grant authorization_code.'}),
    curl: Flags.boolean({
      description: 'Print each request as a curl command (secrets as $ERRCODE_CLIENT_SECRET, never the value).',
    }),
    grant: Flags.string({
      default: 'client_credentials',
      description: 'The grant to probe besides client_credentials.',
      helpValue: 'client_credentials|refresh_token|authorization_code',
    }),
    insecure: Flags.boolean({description: 'Do not verify TLS certificates (loudly warned; prefer --ca).'}),
    issuer: Flags.string({
      description:
        'The issuer URL: discover the token endpoint and what the server supports (OpenID discovery, then RFC 8414).',
      helpValue: 'URL',
    }),
    only: Flags.string({
      description: 'Run only these checks (repeatable or comma-separated).',
      helpValue: 'CHECK',
      multiple: true,
    }),
    'redirect-uri': Flags.string({
      description:
        'The redirect URI your app sends: used by the code exchange (default: the --callback-url without its query) and, with --issuer or --authorize-url, probed at the authorization endpoint.',
      helpValue: 'URL',
    }),
    'registered-redirect-uri': Flags.string({
      description:
        'The redirect URI in the client registration: when the server refuses --redirect-uri, shows how they differ and which matching rules apply.',
      helpValue: 'URI',
    }),
    'refresh-token-env': Flags.string({
      description: 'With --grant refresh_token: read the refresh token from this environment variable.',
      helpValue: 'NAME',
    }),
    resource: Flags.string({description: 'resource parameter (RFC 8707).', helpValue: 'URI'}),
    scope: Flags.string({description: 'scope parameter for the token request.'}),
    timeout: Flags.string({default: '10', description: 'Seconds to wait for each answer.', helpValue: 'SECONDS'}),
    verbose: Flags.boolean({
      description: 'Show the request and response of every check, not only the ones that went wrong.',
    }),
    // Client authentication beyond secrets (RFC 7523, RFC 8705, RFC 9449).
    alg: Flags.string({
      description:
        'The JWS algorithm for the client assertion (default: from the JWK, else the usual one for the key).',
      helpValue: 'ES256|RS256|PS256|EdDSA|HS256|...',
    }),
    cert: Flags.string({
      description: 'Client certificate (PEM) for tls_client_auth / self_signed_tls_client_auth; with --key.',
      helpValue: 'FILE',
    }),
    dpop: Flags.boolean({
      description: 'Also request a DPoP-bound token with a proof from a key made for this run (RFC 9449).',
    }),
    key: Flags.string({description: "The client certificate's private key (PEM); with --cert.", helpValue: 'FILE'}),
    kid: Flags.string({description: "The kid header of the client assertion (default: the JWK's kid)."}),
    'private-key': Flags.string({
      description:
        'Private key (PEM or JWK) for private_key_jwt: errcode signs short client assertions with it; the key never leaves the machine.',
      helpValue: 'FILE',
    }),
    yes: Flags.boolean({
      char: 'y',
      description: 'Never prompt; send the credentials given on the command line without asking.',
    }),
  }

  static summary =
    'Probe a live OAuth token endpoint: which client authentication works, is the secret right, do the answers follow the RFCs.'

  /** The dependencies this run uses instead of the defaults (a terminal's prompts, process.stderr, node:http). */
  private readonly deps: ProbeDeps

  constructor(argv: string[], config: Config, deps: ProbeDeps = {}) {
    super(argv, config)
    this.deps = deps
  }

  /**
   * The command with its dependencies handed in: `Probe.using({prompter}).run(argv, config)`. A subclass per call
   * rather than a static field, so no run sees another's answers (vi.mock does not reach commands oclif loads).
   */
  static using(deps: ProbeDeps): typeof Probe {
    return class extends Probe {
      static id = 'probe'

      constructor(argv: string[], config: Config) {
        super(argv, config, deps)
      }
    }
  }

  async run() {
    const {args, flags} = await this.parse(Probe)
    const ctx = this.context(flags)
    const outcome = await runProbe({...flags, endpoint: args.token_url}, ctx, this.deps)
    return this.finish(outcome, ctx)
  }
}
