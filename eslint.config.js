// Lint: typescript-eslint recommended rules plus the import directions of docs/architecture.md:
// the scanner and the policy engine never import commands, cli or agents; the policy engine
// never reaches into scanner internals (it takes scan results as data through src/model);
// nothing in src imports test code.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '**/*.d.ts', 'oclif.manifest.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': [
        { type: 'commands', pattern: 'src/commands/**' },
        { type: 'cli', pattern: 'src/cli/**' },
        { type: 'agents', pattern: 'src/agents/**' },
        { type: 'scanner', pattern: 'src/scanner/**' },
        { type: 'policy', pattern: 'src/policy/**' },
        { type: 'model', pattern: 'src/model/**' },
        { type: 'runtime', pattern: 'src/runtime/**' },
        { type: 'entry', pattern: 'src/index.ts', mode: 'file' },
      ],
    },
    rules: {
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          message: '${file.type} may not import ${dependency.type} (see docs/architecture.md)',
          rules: [
            { from: 'runtime', allow: ['runtime'] },
            { from: 'model', allow: ['model', 'runtime'] },
            { from: 'scanner', allow: ['scanner', 'model', 'runtime'] },
            { from: 'policy', allow: ['policy', 'model', 'runtime'] },
            { from: 'agents', allow: ['agents', 'scanner', 'policy', 'model', 'runtime'] },
            { from: 'cli', allow: ['cli', 'scanner', 'policy', 'model', 'runtime'] },
            { from: 'commands', allow: ['cli', 'scanner', 'policy', 'agents', 'model', 'runtime'] },
            { from: 'entry', allow: ['scanner', 'policy', 'model', 'runtime'] },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*', 'scripts/**/*'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
