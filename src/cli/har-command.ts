/** `errcode har FILE` (and `errcode decode --file x.har`): read the HAR, diagnose it, render it. */
import {loadCatalog} from '../catalog/load.js'
import {displayName} from '../decode/hosts.js'
import {diagnoseHar} from '../har/index.js'
import {DEFAULT_HAR_MAX_BYTES, readHarFile} from '../har/read.js'
import type {HarReport} from '../har/types.js'
import {renderHar} from '../render/har.js'
import type {RunContext} from './context.js'
import {parseMaxBytes} from './decode-command.js'
import type {Outcome} from './outcome.js'

export interface HarFlags {
  catalog?: string[]
  'max-bytes'?: number | string
  'show-secrets'?: boolean
}

export async function runHar(
  file: string,
  flags: HarFlags,
  ctx: RunContext,
  io: {now?: number} = {},
): Promise<Outcome<HarReport>> {
  const maxBytes = flags['max-bytes'] === undefined ? DEFAULT_HAR_MAX_BYTES : parseMaxBytes(flags['max-bytes'])
  const text = readHarFile(file, maxBytes)
  const {catalog, warnings} = await loadCatalog({catalogFiles: flags.catalog, configDir: ctx.configDir, env: ctx.env})
  const report = diagnoseHar(text, {catalog, file, now: io.now, showSecrets: flags['show-secrets']})
  const providerName = (slug: string) => displayName(slug, catalog.providers.get(slug)?.name)
  return {data: report, exit: 0, text: renderHar(report, {chalk: ctx.chalk, providerName, width: ctx.width}), warnings}
}
