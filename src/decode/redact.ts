/**
 * decode's use of the one redaction mechanism (src/secrets.ts, src/secret-formats.ts): the secrets in a paste are
 * found once, then masked in everything decode prints or returns, unless --show-secrets. Catalog text (matches)
 * is ours and never touched; JSON keys are never changed, only values.
 */
import {findSecrets as scan, type Found} from '../secret-formats.js'
import {type KnownSecret, maskDeep, redactValues, type SecretKind} from '../secrets.js'
import type {DecodeResult} from './types.js'
import {looksLikeCode} from './values.js'

/**
 * `code` names both authorization codes (secrets) and error codes (`?code=7000215` on Microsoft's error page):
 * only an opaque value counts: letters and digits, and either not shaped like an error code or too long and
 * mixed-case for one (`SplxlOBe-ZQQ_YbYS6WxSbIA` has dashes and underscores, but no error code looks like it).
 */
export function isOpaque(value: string): boolean {
  if (value.length < 10 || !/\d/.test(value) || !/[a-z]/i.test(value)) return false
  if (!looksLikeCode(value)) return true
  return value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value)
}

/** The kinds of the secrets found for one paste, kept beside decode's plain Set of values. */
const kinds = new WeakMap<Set<string>, Found>()

/** Every secret value in a text, added to `into` (and its kind remembered for masking). */
export function findSecrets(text: string, into: Set<string>): void {
  let found = kinds.get(into)
  if (!found) kinds.set(into, (found = new Map()))
  const here: Found = new Map()
  scan(text, here)
  for (const [value, kind] of here) {
    if (kind === 'code' && !isOpaque(value)) continue
    into.add(value)
    if (!found.has(value)) found.set(value, kind)
  }
}

function known(secrets: Set<string>): KnownSecret[] {
  const found = kinds.get(secrets)
  const kindOf = (v: string): SecretKind | undefined => found?.get(v) ?? (/^eyJ/.test(v) ? 'token' : undefined)
  return [...secrets].filter((s) => s.length >= 4).map((value) => ({kind: kindOf(value), value}))
}

/** The result with every secret masked; catalog text (matches) is never touched. */
export function maskResult(result: DecodeResult, secrets: Set<string>): DecodeResult {
  const list = known(secrets)
  const str = (s: null | string) => (s === null ? null : redactValues(s, list))
  return {
    errors: result.errors.map((e) => ({
      ...e,
      description: str(e.description),
      errorUri: str(e.errorUri),
      fields: maskDeep(e.fields, list) as Record<string, unknown>,
      jwt: e.jwt && {
        ...e.jwt,
        aud: maskDeep(e.jwt.aud, list) as typeof e.jwt.aud,
        claims: maskDeep(e.jwt.claims, list) as Record<string, unknown>,
        header: maskDeep(e.jwt.header, list) as Record<string, unknown>,
        iss: str(e.jwt.iss),
      },
      providerEvidence: e.providerEvidence.map((x) => redactValues(x, list)),
      requestId: str(e.requestId),
      state: str(e.state),
    })),
    input: result.input,
    notes: result.notes.map((n) => redactValues(n, list)),
  }
}
