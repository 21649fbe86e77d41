import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // oclif writes through console/process streams; vitest must not swallow them (oclif/test README).
    disableConsoleIntercept: true,
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
