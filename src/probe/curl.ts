import {formEncode} from './client-auth.js'
import type {RequestSpec, SecretSlot} from './types.js'

/** The environment variables the exported commands read secrets from; errcode never prints the values. */
export const SECRET_ENV: Record<SecretSlot, string> = {
  client_assertion: 'ERRCODE_CLIENT_ASSERTION',
  client_secret: 'ERRCODE_CLIENT_SECRET',
  code: 'ERRCODE_CODE',
  code_verifier: 'ERRCODE_CODE_VERIFIER',
  dpop_proof: 'ERRCODE_DPOP_PROOF',
  refresh_token: 'ERRCODE_REFRESH_TOKEN',
}

/** The client certificate's files for an mTLS request: paths in the environment, like the secrets' values. */
export const TLS_ENV = {cert: 'ERRCODE_TLS_CERT', key: 'ERRCODE_TLS_KEY'} as const

/** POSIX shell single-quoting: everything literal, ' written as '\''. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`

export interface CurlOptions {
  /** The --ca file, passed on as --cacert. */
  caFile?: string
  insecure?: boolean
  timeoutSeconds: number
}

/**
 * A POSIX shell function that form-encodes its argument byte by byte (RFC 6749 Appendix B), so the environment
 * variable always holds the secret as it is: one value works for the Basic command and for --data-urlencode.
 */
export const FORM_ENCODE_FUNCTION = `errcode_form() { (LC_ALL=C; s=$1; while [ -n "$s" ]; do c=\${s%"\${s#?}"}; s=\${s#?}; case $c in [A-Za-z0-9.*_-]) printf %s "$c";; ' ') printf +;; *) printf %%%02X "'$c";; esac; done) }`

/**
 * One request as a runnable curl command. Secret values are never written: they come from $ERRCODE_CLIENT_SECRET
 * and friends, which hold the values as they are. curl's -u sends the id and secret raw, which equals RFC 6749
 * Appendix B encoding only when neither contains a character form encoding changes; otherwise the Authorization
 * header is built in the shell, with errcode_form doing the encoding.
 */
export function toCurl(spec: RequestSpec, options: CurlOptions): string {
  const lines: string[] = []
  const args: string[] = ['curl -sS -i', `--max-time ${options.timeoutSeconds}`]
  if (options.caFile) args.push(`--cacert ${shellQuote(options.caFile)}`)
  if (options.insecure) args.push('--insecure')
  if (spec.mtls) {
    args.push(`--cert "$${TLS_ENV.cert}" --key "$${TLS_ENV.key}"`)
    lines.push(`# ${TLS_ENV.cert}, ${TLS_ENV.key}: the paths of your --cert and --key files`)
  }
  const fresh = [spec.form?.some((p) => p.secret === 'client_assertion') && SECRET_ENV.client_assertion]
  for (const [name, value] of Object.entries(spec.headers)) {
    const slot = spec.headerSecrets && Object.hasOwn(spec.headerSecrets, name) ? spec.headerSecrets[name] : undefined
    if (slot) fresh.push(SECRET_ENV[slot])
    args.push(slot ? `-H "${name}: $${SECRET_ENV[slot]}"` : `-H ${shellQuote(`${name}: ${value}`)}`)
  }

  // Assertions and DPoP proofs are single-use and live a minute: the one errcode sent cannot be replayed.
  const made = fresh.filter(Boolean)
  if (made.length > 0)
    lines.push(`# ${made.join(', ')}: make a fresh one just before running this (single use, short-lived)`)
  if (spec.basic) {
    const {clientId, secret, secretSlot} = spec.basic
    const idSafe = formEncode(clientId) === clientId
    const secretRef = secretSlot ? `"$${SECRET_ENV[secretSlot]}"` : shellQuote(secret)
    const secretSafe = formEncode(secret) === secret
    if (idSafe && secretSafe) args.push(`-u ${shellQuote(`${clientId}:`)}${secretRef}`)
    else {
      const secretPart = secretSlot
        ? secretSafe
          ? secretRef
          : `"$(errcode_form ${secretRef})"`
        : shellQuote(formEncode(secret))
      if (secretSlot && !secretSafe) lines.push(FORM_ENCODE_FUNCTION)
      const pair = `$(printf '%s:%s' ${shellQuote(formEncode(clientId))} ${secretPart} | base64 | tr -d '\\n')`
      args.push(`-H "authorization: Basic ${pair}"`)
    }
  }

  if (spec.form) {
    if (spec.form.length === 0) args.push("--data ''")
    for (const p of spec.form) {
      args.push(
        p.secret
          ? `--data-urlencode "${p.name}=$${SECRET_ENV[p.secret]}"`
          : `--data-urlencode ${shellQuote(`${p.name}=${p.value}`)}`,
      )
    }
  } else if (spec.json) args.push(`--data ${shellQuote(JSON.stringify(spec.json))}`)
  else if (spec.method !== 'GET') args.push(`-X ${spec.method}`)
  args.push(shellQuote(spec.url))
  lines.push(args.join(' \\\n  '))
  return lines.join('\n')
}
