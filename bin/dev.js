#!/usr/bin/env node
// Development entry point: oclif loads src/ through tsx (development mode). oclif prefers oclif.manifest.json
// when it exists, so run `npm run build` (or delete the manifest) after changing a command's flags.
// CommonJS like bin/run.js (bin/package.json); `dir` is the project's directory, as bin/ has its own package.json.
'use strict'
const {join} = process.getBuiltinModule('node:path')

import('@oclif/core').then(({execute}) => execute({development: true, dir: join(__dirname, '..')}))
