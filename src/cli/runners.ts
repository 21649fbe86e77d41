/**
 * The run functions behind errcode's commands, by name. A command class names its runner in `static runner`;
 * oclif copies that property into oclif.manifest.json, so the fast path (src/cli/fast.ts) learns from the manifest
 * which commands it can run and the oclif command calls the same function: there is no second table to forget.
 * Each loader imports its module lazily so a run only pays for the command it runs.
 */
import type {RunContext} from './context.js'
import type {Outcome} from './outcome.js'

type Values = Record<string, unknown>
export type Runner = (args: Values, flags: Values, ctx: RunContext) => Promise<Outcome>

const str = (v: unknown) => (typeof v === 'string' ? v : '')
/** A variadic argument arrives as the words the shell split: `lookup token has been revoked` is one query. */
const words = (v: unknown) => (Array.isArray(v) ? v.join(' ') : str(v))

export const RUNNERS = {
  async 'catalog-template'(): Promise<Runner> {
    const m = await import('./team-catalog.js')
    return () => m.runCatalogTemplate()
  },
  async 'catalog-validate'(): Promise<Runner> {
    const m = await import('./team-catalog.js')
    return (a, _f, c) => m.runCatalogValidate(str(a.file), c)
  },
  async complete(): Promise<Runner> {
    const m = await import('./complete.js')
    return (a, _f, c) => m.runComplete(Array.isArray(a.words) ? a.words.map(String) : [], c)
  },
  async completion(): Promise<Runner> {
    const m = await import('./completion-scripts.js')
    return (a, _f, c) => m.runCompletion(typeof a.shell === 'string' ? a.shell : undefined, c.env)
  },
  async decode(): Promise<Runner> {
    const m = await import('./decode-command.js')
    return (a, f, c) => m.runDecode(a as {input?: string}, f, c)
  },
  async har(): Promise<Runner> {
    const m = await import('./har-command.js')
    return (a, f, c) => m.runHar(str(a.file), f, c)
  },
  async list(): Promise<Runner> {
    const m = await import('./catalog-commands.js')
    return (_a, f, c) => m.runList(f, c)
  },
  async lookup(): Promise<Runner> {
    const m = await import('./catalog-commands.js')
    return (a, f, c) => m.runLookup(words(a.query), f, c)
  },
  async providers(): Promise<Runner> {
    const m = await import('./catalog-commands.js')
    return (_a, f, c) => m.runProviders(f, c)
  },
  async scrub(): Promise<Runner> {
    const m = await import('./scrub-command.js')
    return (a, f, c) => m.runScrub(str(a.file), f as {output: string}, c)
  },
} satisfies Record<string, () => Promise<Runner>>

export type RunnerName = keyof typeof RUNNERS

export function isRunnerName(name: unknown): name is RunnerName {
  return typeof name === 'string' && Object.hasOwn(RUNNERS, name)
}
