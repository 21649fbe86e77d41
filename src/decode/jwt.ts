/**
 * JWTs anywhere in a paste (RFC 7519): header and claims decoded, exp/nbf/iat shown relative to now. The
 * signature is never verified (errcode has no key, and a key pasted next to the token proves nothing), and the
 * output says so. JWE (five parts) is recognised but its claims are encrypted.
 */
import type {JwtInfo, JwtTime} from './types.js'

const JWT = /(?<![\w-])eyJ[\w-]{4,}\.[\w-]{2,}\.[\w-]*(?:\.[\w-]+\.[\w-]+)?/g
const MAX_TOKENS = 20

function base64urlJson(part: string): null | Record<string, unknown> {
  if (part.length > 200_000) return null
  try {
    const json = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
    const value = JSON.parse(json) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/** "3 h ago", "in 12 min", "40 s ago". */
export function relativeTime(seconds: number): string {
  const abs = Math.abs(seconds)
  const day = 86_400
  const unit =
    abs < 90
      ? `${Math.round(abs)} s`
      : abs < 3570
        ? `${Math.round(abs / 60)} min`
        : abs < 2 * day
          ? `${Math.round(abs / 3600)} h`
          : abs < 60 * day
            ? `${Math.round(abs / day)} days`
            : abs < 730 * day
              ? `${Math.round(abs / (30.44 * day))} months`
              : `${(abs / (365.25 * day)).toFixed(1).replace(/\.0$/, '')} years`
  return seconds < 0 ? `${unit} ago` : `in ${unit}`
}

function time(value: unknown, now: number): JwtTime | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e11) return undefined
  const secondsFromNow = Math.round(value - now / 1000)
  return {
    date: new Date(value * 1000).toISOString().replace('.000Z', 'Z'),
    relative: relativeTime(secondsFromNow),
    secondsFromNow,
  }
}

export function decodeJwt(token: string, now: number): JwtInfo | null {
  const parts = token.split('.')
  const header = base64urlJson(parts[0])
  if (!header || (typeof header.alg !== 'string' && typeof header.typ !== 'string' && typeof header.enc !== 'string'))
    return null
  const encrypted = parts.length === 5 || typeof header.enc === 'string'
  const claims = encrypted ? {} : base64urlJson(parts[1])
  if (!claims) return null
  const aud = claims.aud
  return {
    alg: typeof header.alg === 'string' ? header.alg : null,
    aud:
      typeof aud === 'string' || (Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
        ? (aud as string | string[])
        : null,
    claims,
    encrypted,
    header,
    iss: typeof claims.iss === 'string' ? claims.iss : null,
    signatureVerified: false,
    times: {exp: time(claims.exp, now), iat: time(claims.iat, now), nbf: time(claims.nbf, now)},
    typ: typeof header.typ === 'string' ? header.typ : null,
  }
}

export function findJwts(text: string, now: number): {info: JwtInfo; offset: number; token: string}[] {
  const out: {info: JwtInfo; offset: number; token: string}[] = []
  JWT.lastIndex = 0
  let m
  while ((m = JWT.exec(text)) && out.length < MAX_TOKENS) {
    const info = decodeJwt(m[0], now)
    if (info && !out.some((j) => j.token === m![0])) out.push({info, offset: m.index, token: m[0]})
  }

  return out
}

/** Servers commonly accept this much clock difference on exp/nbf/iat. */
export const CLOCK_SKEW_SECONDS = 300

/** Notes a reader needs about a token's times. */
export function jwtNotes(info: JwtInfo, label = 'The JWT'): string[] {
  const notes: string[] = []
  const {exp, iat, nbf} = info.times
  if (info.encrypted) notes.push(`${label} is encrypted (JWE): its claims cannot be read without the recipient's key.`)
  if (exp && exp.secondsFromNow < 0) {
    const within =
      -exp.secondsFromNow <= CLOCK_SKEW_SECONDS
        ? ` That is within the ${CLOCK_SKEW_SECONDS / 60} min clock skew many servers allow: compare the clocks.`
        : ''
    notes.push(`${label} expired ${exp.relative} (exp ${exp.date}).${within}`)
  } else if (exp) notes.push(`${label} expires ${exp.relative} (exp ${exp.date}).`)
  if (nbf && nbf.secondsFromNow > 0) {
    notes.push(
      `${label} is not valid yet: nbf is ${nbf.relative} (${nbf.date}); if that is seconds or minutes, the issuer's clock is ahead of the server's (clock skew).`,
    )
  }

  if (iat && iat.secondsFromNow > 60)
    notes.push(`${label} was issued in the future (iat ${iat.date}, ${iat.relative}): the issuer's clock is ahead.`)
  notes.push(`The JWT's signature was not verified: errcode only decodes it.`)
  return notes
}
