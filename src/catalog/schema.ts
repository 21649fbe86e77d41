/**
 * The one definition of errcode's data: catalog files, their entries and their provider records. The TypeScript
 * types (types.ts), the validation at build and at load, the JSON Schema that team catalogs point to with
 * `$schema` (schema/catalog.schema.json) and the field tables of docs/catalog-schema.md are all derived from it
 * (scripts/build.mjs writes the last two; a test keeps them in sync).
 *
 * zod, not valibot or TypeBox: the MCP SDK errcode serves agents with is built on zod 4, so one library validates
 * both, and zod 4 writes JSON Schema itself. It is loaded only to check team files and at build: the built-in
 * catalog is validated at build and read pre-split at run time (bundle.ts), so no command's start-up pays for it.
 */
import {z} from 'zod'

import {isLinearPattern} from './safe-pattern.js'
import {KINDS, LOCATIONS, WHO_ACTS} from './vocab.js'

const text = (what: string) => z.string().trim().min(1).describe(what)
const url = (what: string) =>
  z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
    .describe(what)
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be a lower-case slug (letters, digits, -)')
  .describe('lower-case letters, digits and `-`')

/** A pattern that reads untrusted text: it must compile and belong to the linear-time subset (safe-pattern.ts). */
const pattern = (what: string) =>
  z
    .string()
    .min(1)
    .max(500)
    .superRefine((source, ctx) => {
      try {
        new RegExp(source, 'i')
      } catch (error) {
        ctx.addIssue({code: 'custom', message: `does not compile: ${(error as Error).message}`})
        return
      }

      const safe = isLinearPattern(source)
      if (!safe.ok) ctx.addIssue({code: 'custom', message: `is not in the linear subset: ${safe.reason}`})
    })
    .describe(what)

export const DescriptionMatchSchema = z
  .strictObject({
    text: text('the whole description, compared case-insensitively after trimming').optional(),
    pattern: pattern('a regular expression matched case-insensitively against the description').optional(),
  })
  .refine((m) => (m.text === undefined) !== (m.pattern === undefined), 'must have exactly one of "text" or "pattern"')
  .describe('for description variants: exactly one of `text` or `pattern`')

export const EntrySchema = z
  .strictObject({
    id: text('`provider/code`, plus `#variant` when one code has several entries; unique across the catalog'),
    provider: slug.describe('a provider slug declared in the file'),
    code: text('exactly as the provider sends it: `invalid_grant`, `AADSTS50011`, `"429"` for HTTP statuses'),
    aliases: z
      // A body as an alias would make every paste of that shape an exact hit for this one provider (a standard
      // `{"error":"access_denied",…}` answered as Atlassian's): decode reads bodies; the alias is their code or text.
      .array(text('another spelling').refine((a) => !/^\s*(?:\[\s*)?\{/.test(a), 'must be a spelling, not a JSON body'))
      .describe('other spellings people search for or that appear on the wire (may be empty)'),
    http: z
      .array(z.number().int().min(100).max(599))
      .describe('the HTTP statuses it travels with; empty for redirects or when unknown'),
    title: text('one line, no trailing period'),
    meaning: text('what the error means, in our own words'),
    causes: z.array(text('a cause')).min(1).describe('the usual causes, most likely first'),
    fixes: z.array(text('a step')).min(1).describe('ordered steps to fix it'),
    whoActs: z.enum(WHO_ACTS).describe('who has to act'),
    retryable: z.boolean().describe('whether the same request may succeed if simply retried later'),
    docs: url('the source URL the facts come from'),
    spec: z.union([text('a spec section'), z.null()]).describe('e.g. `RFC 6749 §5.2`; null for vendor codes'),
    match: DescriptionMatchSchema.optional(),
    where: z.array(z.enum(LOCATIONS)).optional().describe('where the error occurs'),
    oauthError: text('for vendor codes: the OAuth `error` value that carries it').optional(),
    kind: z.enum(KINDS).optional().describe('what sort of code it is when it is not a wire-level error value'),
    official: z.boolean().optional().describe('HTTP statuses only: false for unofficial statuses'),
    notes: text('ambiguities, reuse of a standard code, medium-confidence facts').optional(),
  })
  .superRefine((e, ctx) => {
    const base = `${e.provider}/${e.code}`
    if (e.id !== base && !e.id.startsWith(`${base}#`))
      ctx.addIssue({code: 'custom', message: `must be "${base}" or "${base}#variant"`, path: ['id']})
  })

const path = z
  .string()
  .regex(
    /^[\w@.$-]+(?:\[\])?(?:\.[\w@.$-]+(?:\[\])?)*$/,
    'must be a dotted path such as `error.code` or `errors[].code`',
  )
  .max(120)
const requirement = z
  .string()
  .regex(
    /^!?[\w@.$[\]-]+(?::(?:string|number|object|array|boolean)|=[^|]+(?:\|[^|]+)*)?$/,
    'must be `path`, `!path`, `path:type` or `path=value|value`',
  )
  .max(400)

export const EnvelopeSchema = z
  .strictObject({
    requires: z
      .array(requirement)
      .min(1)
      .describe(
        'conditions that must all hold: `path` present, `!path` absent, `path:string|number|object|array|boolean`, `path=a|b` (value in the list)',
      ),
    code: z.array(path).optional().describe('paths of the code; the first present is the code, the rest alternatives'),
    description: z.array(path).optional().describe('paths of the human message, first present wins'),
    status: z.array(path).optional().describe('paths of the HTTP status'),
    requestId: z.array(path).optional().describe('paths of the request, trace or correlation id'),
    errorUri: z.array(path).optional().describe('paths of a documentation link'),
    nested: z
      .array(path)
      .optional()
      .describe("paths of errors inside this one, judged on their own (Nylas's provider_error)"),
    codePart: z
      .string()
      .regex(/^(?:before|after):.$/, 'must be `before:C` or `after:C` with one character C')
      .optional()
      .describe('the code is the part of the value before the first C (`expired/..`) or after the last C (`ns#Code`)'),
  })
  .describe('a JSON error body shape; paths are dotted from the body root, `[]` is the first array element')

export const EvidenceSchema = z
  .strictObject({
    domains: z
      .array(z.string().regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, 'must be a domain name'))
      .optional()
      .describe('registrable domains of its servers; subdomains match (tenant hosts)'),
    paths: z
      .array(z.string().regex(/^\/[\w.*~%/:@-]*$/, 'must be a URL path; `*` stands for one segment'))
      .optional()
      .describe('URL path fragments distinctive of its endpoints; `*` stands for one segment'),
    headers: z
      .array(z.string().regex(/^[\w-]+\*?(?:: ?\S.*)?$/i, 'must be `name`, `name*` or `name: value`'))
      .optional()
      .describe('response headers only it sends: `name`, `prefix*`, `name: value` (value may end in `*`)'),
    codeFormats: z.array(pattern('an anchored pattern')).optional().describe('anchored patterns of its codes'),
    names: z
      .array(z.string().min(2).max(80))
      .optional()
      .describe('SDK packages, exception classes, loggers, product names; whole words and CamelCase parts'),
    phrases: z.array(z.string().min(6).max(200)).optional().describe('literal wording only it uses'),
    notEvidence: z
      .array(z.string().min(4).max(100))
      .max(50)
      .optional()
      .describe(
        'text that names it without being evidence (a code host in package names and paths: `com.github.`, `codeload.github.com`); `*` is one path segment, never the first of its own `paths` (`github.com/*/*`: a repository link, a Go import path)',
      ),
    envelopes: z.array(EnvelopeSchema).optional().describe('the JSON shapes of its error bodies'),
    requestIds: z
      .array(z.string().regex(/^[A-Za-z][\w.-]{1,59}$/, 'must be a field or header name'))
      .max(20)
      .optional()
      .describe(
        'names its responses and SDKs give the request id that the request-id rule (`*request-id`, `trace_id`, …) does not read (`intuit_tid`)',
      ),
    callbackParams: z
      .array(z.string().regex(/^[\w.-]+$/))
      .optional()
      .describe('non-standard query parameters its authorization responses carry'),
    callbackCodes: z
      .array(z.strictObject({param: z.string().regex(/^[\w.-]+$/), prefix: z.string().regex(/^[A-Za-z]{0,12}$/)}))
      .optional()
      .describe(
        'callback parameters that list its codes as numbers, and the prefix that makes them codes (`error_codes` + `AADSTS`)',
      ),
  })
  .describe('what identifies the provider in a paste')

export const ProviderRecordSchema = z
  .strictObject({
    slug,
    name: text('display name'),
    docs: url("the provider's error documentation"),
    aliases: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9.-]{0,40}$/, 'must be lower-case letters, digits, `.` and `-`'))
      .optional()
      .describe('other names users type for --provider'),
    library: z
      .boolean()
      .optional()
      .describe('a library between the app and the provider: its name in a paste usually wraps another sender'),
    local: z
      .boolean()
      .optional()
      .describe(
        "its errors are raised on the client's side (a library, the TLS stack): a code only it has names it, whatever server the request went to",
      ),
    parent: slug
      .optional()
      .describe(
        "the family it belongs to (`aws-cognito` in `aws`): the parent's evidence counts for it once it has its own",
      ),
    evidence: EvidenceSchema.optional(),
    codePage: z
      .strictObject({
        pattern: pattern('an anchored pattern of its codes with one capture group'),
        url: url('its page for one code, `$1` standing for the captured part'),
      })
      .optional()
      .describe("where the provider explains one code live (decode's notes link it)"),
  })
  .describe('a provider: who it is and what identifies it')

export const CatalogFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('the JSON Schema this file follows (for editors)'),
    source: z.strictObject({
      title: text('what the file covers'),
      url: url('its main source'),
      notes: text('notes').optional(),
    }),
    providers: z.array(ProviderRecordSchema).describe('every provider slug the entries use'),
    entries: z
      .array(z.unknown())
      .describe('the entries; each is checked on its own so one bad entry loses only itself'),
  })
  .describe('an errcode catalog file')

export type CatalogEntry = z.infer<typeof EntrySchema>
export type DescriptionMatch = z.infer<typeof DescriptionMatchSchema>
export type Envelope = z.infer<typeof EnvelopeSchema>
export type Evidence = z.infer<typeof EvidenceSchema>
export type ProviderRecord = z.infer<typeof ProviderRecordSchema>
export interface CatalogFile {
  $schema?: string
  entries: CatalogEntry[]
  providers: ProviderRecord[]
  source: {notes?: string; title: string; url: string}
}

/** The file as editors see it: entries typed (the loader checks them one by one instead). */
export const CatalogFileJsonSchema = CatalogFileSchema.extend({entries: z.array(EntrySchema).describe('the entries')})
