/**
 * Secrets never reach output unless the user asks (--show-secrets): authorization codes, access/refresh/id
 * tokens, client secrets, passwords, assertions and Authorization header values are masked to their first
 * and last few characters, enough to tell two values apart, never enough to use one.
 */

/** Parameter / field / header names whose values are secrets (compared lower-case, `-` and `_` alike). */
const SECRET_NAMES = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'client_secret',
  'password',
  'client_assertion',
  'assertion',
  'authorization',
  'proxy_authorization',
  'device_code',
  'code_verifier',
  'subject_token',
  'actor_token',
  'token',
  'secret',
  'api_key',
  'apikey',
  'x_api_key',
  'cookie',
  'set_cookie',
  'session_token',
  'user_code',
  'auth_req_id',
  'logout_token',
  'private_key',
  'dpop',
])

/** The names isSecretName() accepts, in their canonical form (lower case, `_`), for scanners that need a pattern. */
export function secretNames(): string[] {
  return [...SECRET_NAMES]
}

export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase().replaceAll('-', '_'))
}

/** `eyJhbGciOi…Qssw5c` for long values, `****` for short ones (too short to show any part safely). */
export function maskSecret(value: string): string {
  if (value.length < 12) return '****'
  const keep = value.length >= 24 ? 6 : 3
  return `${value.slice(0, keep)}…${value.slice(-keep)} (${value.length} chars, masked)`
}

/** Mask an Authorization-style header value, keeping the scheme: `Bearer eyJhbG…w5c (…)`. */
export function maskCredentials(headerValue: string): string {
  const m = /^(\s*[A-Za-z][\w-]*)\s+(\S[\s\S]*)$/.exec(headerValue)
  return m ? `${m[1]} ${maskSecret(m[2].trim())}` : maskSecret(headerValue)
}

/** Replace every occurrence of known secret values in a text (curl commands, raw bodies). */
export function redactValues(text: string, secrets: Iterable<string>): string {
  let out = text
  for (const s of [...secrets].filter((v) => v && v.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(maskSecret(s))
    const encoded = encodeURIComponent(s)
    if (encoded !== s) out = out.split(encoded).join(maskSecret(s))
  }

  return out
}
