'use strict'
// dist/fastpath/loader.cjs (the build copies this file there): the fast path's one bundle, fast.cjs, compiled with
// the V8 code cache the build made by running it (fast.cache). CommonJS, so that bin/run.js (also CommonJS) loads
// it synchronously: an ES module costs Node 20 its module loader's set-up and an asynchronous load per file.
// Node 20 has no compile cache for modules (module.enableCompileCache is Node 22.1+), but vm.Script takes V8's
// cached data: the bytecode of every function those runs compiled, so a run skips most parsing and compiling. V8
// refuses a cache from another Node version or other flags, and the cache is not used when the bundle is newer
// than it; either way the bundle compiles as usual.
const {readFileSync, statSync} = process.getBuiltinModule('node:fs')
const {join} = process.getBuiltinModule('node:path')
const vm = process.getBuiltinModule('node:vm')

const file = join(__dirname, 'fast.cjs')
const cacheFile = join(__dirname, 'fast.cache')
let cachedData
try {
  if (statSync(cacheFile).mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(cacheFile)
} catch {
  // No cache: compile without one.
}

// esbuild writes ASCII only (non-ASCII characters as escapes), so latin1 reads the same text without UTF-8 decoding.
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {'use strict';${readFileSync(file, 'latin1')}\n})`,
  {cachedData, filename: file},
)
// Built-ins that only some runs use are loaded on first use of one of their members: node:crypto alone is a few
// ms of a cold start, and a lookup or a decode without secrets never hashes. The bundle reads a built-in's members
// at the call (esbuild's `(0, mod.name)(...)`), so the proxy is seen only there.
const LAZY = new Set(['node:crypto', 'node:zlib'])
const lazily = (id) => {
  let real
  const load = () => (real ??= require(id))
  return new Proxy(
    {},
    {
      get: (_, key) => load()[key],
      getOwnPropertyDescriptor: (_, key) => {
        const d = Object.getOwnPropertyDescriptor(load(), key)
        return d && {...d, configurable: true}
      },
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
    },
  )
}

// The bundle resolves its external packages (zod, for team files) from here, beside fast.cjs.
const bundleRequire = Object.assign((id) => (LAZY.has(id) ? lazily(id) : require(id)), require)
const bundle = {exports: {}}
script.runInThisContext()(bundle.exports, bundleRequire, bundle, file, __dirname)

module.exports = {
  /** Whether V8 took the cache (undefined without one). */
  cacheRejected: cachedData ? script.cachedDataRejected : undefined,
  /** The code cache as it stands: what the functions run so far compiled to (scripts/code-cache.mjs). */
  codeCache: () => script.createCachedData(),
  runFast: bundle.exports.runFast,
}
