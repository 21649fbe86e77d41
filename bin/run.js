#!/usr/bin/env node
// errcode's entry point. Plain catalog/decode runs take the fast path (src/cli/fast.ts, bundled by the build into
// dist/fastpath/fast.cjs and compiled with its V8 code cache by dist/fastpath/loader.cjs, no @oclif/core);
// everything else (help, completion, probe, usage errors) goes through oclif.
// CommonJS (bin/package.json): Node 20 sets up its ES-module loader for an ES-module entry, about a tenth of
// errcode's start-up budget, before the first line runs. Built-ins come from process.getBuiltinModule (Node 20.16+).
'use strict'
const {existsSync} = process.getBuiltinModule('node:fs')
const {join} = process.getBuiltinModule('node:path')

const root = join(__dirname, '..')
const loader = join(root, 'dist', 'fastpath', 'loader.cjs')

async function main() {
  if (!existsSync(loader)) {
    process.stderr.write(
      'Error: errcode is not built. Run `npm install` (or `npm run build`) in its directory first.\n',
    )
    process.exitCode = 1
    return
  }

  // ERRCODE_NO_FAST=1 sends every run through oclif (tests compare both paths). The fast path writes fds 1 and 2
  // itself and treats a closed pipe as the end of its output (src/cli/output.ts).
  const code = process.env.ERRCODE_NO_FAST
    ? undefined
    : await require(loader).runFast(process.argv.slice(2), join(root, 'dist', 'fastpath', 'commands.json'), {
        direct: true,
      })
  if (code !== undefined) {
    process.exitCode = code
    return
  }

  // `errcode list | head` closes the pipe early: that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw error
    })
  }

  // The built entry runs the built files: under NODE_ENV=test or development oclif would otherwise map the help
  // class and hooks to src/*.ts and fail to load them (bin/dev.js is the entry that runs the sources).
  globalThis.oclif = {...globalThis.oclif, enableAutoTranspile: false}
  const {execute} = await import('@oclif/core')
  // The project's directory: oclif looks for package.json upwards from `dir`, and bin/ has its own.
  await execute({dir: root})
}

main()
