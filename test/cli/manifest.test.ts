import {Config} from '@oclif/core'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {defaultConfigDir} from '../../src/cli/context.js'
import {ROOT} from '../helpers/cli.js'

// `npm test` rebuilds first (pretest), so dist/ and oclif.manifest.json come from the current source.
// These checks make sure the fast path, which reads the manifest, never sees a stale one.
describe('oclif.manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

  it('matches the package version and the command files', () => {
    expect(manifest.version).toBe(pkg.version)
    const ids = readdirSync(join(ROOT, 'src', 'commands'), {recursive: true, withFileTypes: true})
      .filter((d) => d.isFile() && d.name.endsWith('.ts'))
      .map((d) =>
        join(d.parentPath, d.name)
          .slice(join(ROOT, 'src', 'commands').length + 1)
          .replace(/\.ts$/, '')
          .replace(/[/\\]index$/, '')
          .replaceAll(/[/\\]/g, ':'),
      )
    expect(Object.keys(manifest.commands).sort()).toEqual(ids.sort())
  })

  it('has the flags of the compiled command classes', async () => {
    for (const [id, entry] of Object.entries<{flags: Record<string, unknown>; relativePath: string[]}>(
      manifest.commands,
    )) {
      const file = join(ROOT, ...entry.relativePath)
      expect(existsSync(file), file).toBe(true)
      const {default: command} = await import(file)
      const flags = Object.keys({
        ...command.baseFlags,
        ...command.flags,
        ...(command.enableJsonFlag ? {json: 1} : {}),
      }).sort()
      expect([id, Object.keys(entry.flags).sort()]).toEqual([id, flags])
    }
  })

  it("computes the same config dir as oclif's config.configDir", async () => {
    const config = await Config.load(ROOT)
    expect(defaultConfigDir(process.env)).toBe(config.configDir)
  })
})
