// Lint: typescript-eslint recommended rules plus the import directions of
// ../shared/docs/architecture.md, enforced with no-restricted-imports per layer:
// runtime → nothing; model → runtime; scanner and policy → model, runtime (and never each
// other: the policy engine takes scan results as data); agents → scanner, policy; cli and
// commands on top. Nothing in src imports test code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((dir) => ({
          group: [`**/${dir}/**`, `**/${dir}/*`, `../${dir}/*`, `../../${dir}/*`],
          message: `this layer may not import from src/${dir} (see ../shared/docs/architecture.md)`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/', '.tmp*', '.tmp*/**', '**/*.d.ts', 'oclif.manifest.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  layer(['src/runtime/**/*.ts'], ['model', 'scanner', 'policy', 'agents', 'cli', 'commands', 'test']),
  layer(['src/model/**/*.ts'], ['scanner', 'policy', 'agents', 'cli', 'commands', 'test']),
  layer(['src/scanner/**/*.ts'], ['policy', 'agents', 'cli', 'commands', 'test']),
  layer(['src/policy/**/*.ts'], ['scanner', 'agents', 'cli', 'commands', 'test']),
  layer(['src/agents/**/*.ts'], ['cli', 'commands', 'test']),
  layer(['src/cli/**/*.ts'], ['commands', 'test']),
  layer(['src/commands/**/*.ts'], ['test']),
  {
    files: ['test/**/*.ts', 'bench/**/*', 'scripts/**/*'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
