#!/usr/bin/env node
// errcode's entry point. Plain catalog/decode runs take the fast path (src/cli/fast.ts, bundled by the build into
// dist/fastpath/fast.cjs and loaded with its V8 code cache by dist/fastpath/fast.js, no @oclif/core);
// everything else (help, completion, probe, usage errors) goes through oclif.
// A built-in taken without `import`: Node 20's ES-module facade of node:fs reads every export, and its lazy
// getters load the stream modules, a few ms of every run (process.getBuiltinModule: Node 20.16+).
const {existsSync} = process.getBuiltinModule('node:fs')

// `errcode list | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

const fast = new URL('../dist/fastpath/fast.js', import.meta.url)
if (!existsSync(fast)) {
  process.stderr.write('Error: errcode is not built. Run `npm install` (or `npm run build`) in its directory first.\n')
  process.exit(1)
}

const {runFast} = await import(fast.href)
// ERRCODE_NO_FAST=1 sends every run through oclif (tests compare both paths).
const code = process.env.ERRCODE_NO_FAST
  ? undefined
  : await runFast(process.argv.slice(2), new URL('../oclif.manifest.json', import.meta.url))
if (code === undefined) {
  // The built entry runs the built files: under NODE_ENV=test or development oclif would otherwise map the help
  // class and hooks to src/*.ts and fail to load them (bin/dev.js is the entry that runs the sources).
  globalThis.oclif = {...globalThis.oclif, enableAutoTranspile: false}
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
} else {
  process.exitCode = code
}
