#!/usr/bin/env -S node --import tsx --no-warnings=ExperimentalWarning
// Development entry: runs src/ through tsx. oclif prefers oclif.manifest.json (dist/) when it exists, so
// delete it (or run `npm run build`) after changing a command's flags.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
