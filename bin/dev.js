#!/usr/bin/env node
// Development entry point: oclif loads src/ through tsx (development mode). oclif prefers oclif.manifest.json
// when it exists, so run `npm run build` (or delete the manifest) after changing a command's flags.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
