// dist/fastpath/fast.js (the build copies this file there): the fast path's loader (loader.cjs, which bin/run.js
// requires) for ES-module callers: the build's code-cache step and tests.
const {createRequire} = process.getBuiltinModule('node:module')

const loader = createRequire(import.meta.url)('./loader.cjs')

export const {cacheRejected, codeCache, runFast} = loader
