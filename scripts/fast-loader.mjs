// dist/fastpath/fast.js (the build copies this file there): the fast path's one bundle, fast.cjs, compiled with the
// V8 code cache the build made by running it (fast.cache). Node 20 has no compile cache for modules
// (module.enableCompileCache is Node 22.1+), but vm.Script takes V8's cached data: the bytecode of every function
// those runs compiled, so a run skips most parsing and compiling. V8 refuses a cache from another Node version or
// other flags, and the cache is not used when the bundle is newer than it; either way the bundle compiles as usual.
const {readFileSync, statSync} = process.getBuiltinModule('node:fs')
const {createRequire} = process.getBuiltinModule('node:module')
const {dirname} = process.getBuiltinModule('node:path')
const {fileURLToPath} = process.getBuiltinModule('node:url')
const vm = process.getBuiltinModule('node:vm')

const file = fileURLToPath(new URL('fast.cjs', import.meta.url))
const cacheFile = fileURLToPath(new URL('fast.cache', import.meta.url))
let cachedData
try {
  if (statSync(cacheFile).mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(cacheFile)
} catch {
  // No cache: compile without one.
}

const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {'use strict';${readFileSync(file, 'utf8')}\n})`,
  {cachedData, filename: file},
)
// Built-ins that only some runs use are loaded on first use of one of their members: node:crypto alone is a few
// ms of a cold start, and a lookup or a decode without secrets never hashes. The bundle reads a built-in's members
// at the call (esbuild's `(0, mod.name)(...)`), so the proxy is seen only there.
const LAZY = new Set(['node:crypto', 'node:zlib'])
const required = createRequire(file)
const lazily = (id) => {
  let real
  const load = () => (real ??= required(id))
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

const bundleRequire = Object.assign((id) => (LAZY.has(id) ? lazily(id) : required(id)), required)
const module = {exports: {}}
script.runInThisContext()(module.exports, bundleRequire, module, file, dirname(file))

export const {runFast} = module.exports
/** Whether V8 took the cache (undefined without one). */
export const cacheRejected = cachedData ? script.cachedDataRejected : undefined
/** The code cache as it stands: what the functions run so far compiled to (scripts/code-cache.mjs). */
export const codeCache = () => script.createCachedData()
