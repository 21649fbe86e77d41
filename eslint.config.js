// Lint as the oclif repositories do: typescript-eslint's recommended rules over the sources, tests and scripts.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'dist.build-*/', 'node_modules/', 'coverage/', '.bench/']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node}},
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring, callback positions).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'},
      ],
      // Control characters in patterns are the point of the terminal and JSON cleaners.
      'no-control-regex': 'off',
    },
  },
  // The CommonJS entry points and fast-path loader (bin/package.json): require is how they load.
  {
    files: ['bin/*.js', 'scripts/*.cjs'],
    languageOptions: {sourceType: 'commonjs'},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
)
