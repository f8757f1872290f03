// Layers import downward only: the pure cores may not reach for the UI or for IO.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noUiNoIo = {
  patterns: [
    { group: ['ink', 'ink/*', 'react', 'react/*', 'execa'], message: 'The pure core may not import UI or process code.' },
    { group: ['node:fs', 'node:fs/*', 'node:child_process', 'fs', 'child_process'], message: 'The pure core does no IO; take a port instead.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'schema/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'default-case-last': 'error',
    },
  },
  {
    files: ['src/engine/**', 'src/sim/mesh/**', 'src/lesson/**', 'src/text/**'],
    rules: { 'no-restricted-imports': ['error', noUiNoIo] },
  },
  {
    // ink writes strings to the terminal as they are; src/ui/SafeText.tsx makes them terminal-safe.
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'ink', importNames: ['Text'], message: "Use src/ui/SafeText.tsx (terminal-safe), not ink's Text." }] },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
