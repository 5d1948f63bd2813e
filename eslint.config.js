// Lint: typescript-eslint recommended rules plus the import directions of
// ../shared/docs/architecture.md, enforced with no-restricted-imports per layer:
// runtime → nothing; model → runtime; scanner and policy → model, runtime (and never each
// other: the policy engine takes scan results as data); agents → scanner, policy; cli and
// commands on top. Nothing in src imports test code. Inside the scanner (../shared/docs/style.md):
// the indexer never reads the vulnerability DB or the matcher; the matcher never touches layers,
// image sources or the indexer; the DB and its feeds never reach images; versions is a leaf. One
// plug-in folder (a finder, a feed, a report format) never imports another's internals: shared logic lives in a named module of the role
// folder. ESLint uses the last matching config's options for a rule, so each narrower file set
// below restates the bans of the wider one it sits in.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layerBans = (forbidden) =>
  forbidden.map((dir) => ({
    group: [`**/${dir}/**`, `**/${dir}/*`, `../${dir}/*`, `../../${dir}/*`],
    message: `this layer may not import from src/${dir} (see ../shared/docs/architecture.md)`,
  }));

/** Sibling modules of the scanner, reached as ../dir/…, ../../dir/… or ../../scanner/dir/…. */
const scannerBans = (forbidden, why) =>
  forbidden.map((dir) => ({
    regex: `^(\\.\\./)+(scanner/)?${dir}/`,
    message: `src/scanner/${dir} is off limits here: ${why} (see ../shared/docs/style.md)`,
  }));

/** A file inside one plug-in folder importing a sibling plug-in folder (../other/…). */
const pluginBan = (role) => ({
  regex: '^\\.\\./[^./][^/]*/',
  message: `one ${role} plug-in folder may not import another's internals; move shared logic to a named module in src/scanner/${role}/`,
});

const restricted = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const layer = (files, forbidden) => restricted(files, layerBans(forbidden));

const SCANNER = layerBans(['policy', 'agents', 'cli', 'commands', 'test']);
const INDEXER = [
  ...SCANNER,
  ...scannerBans(['vulndb', 'matcher'], 'the indexer finds packages and knows nothing of vulnerabilities'),
];
const MATCHER = [
  ...SCANNER,
  ...scannerBans(
    ['layers', 'source', 'indexer'],
    'the matcher works on an IndexReport and the DB, never on image bytes',
  ),
];
const VULNDB = [
  ...SCANNER,
  ...scannerBans(
    ['layers', 'source', 'indexer', 'matcher', 'report'],
    'the vulnerability DB and its feeds turn published advisories into rows and know nothing of images',
  ),
];
const VERSIONS = [
  ...SCANNER,
  ...scannerBans(
    ['layers', 'source', 'indexer', 'vulndb', 'matcher', 'report'],
    'version schemes are a leaf every other module may use',
  ),
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      '.cache/',
      '.tmp*',
      '.tmp*/**',
      '**/*.d.ts',
      'oclif.manifest.json',
    ],
  },
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
  restricted(['src/scanner/indexer/**/*.ts'], INDEXER),
  restricted(['src/scanner/indexer/*/**/*.ts'], [...INDEXER, pluginBan('indexer')]),
  restricted(['src/scanner/matcher/**/*.ts'], MATCHER),
  restricted(['src/scanner/versions/**/*.ts'], VERSIONS),
  restricted(['src/scanner/vulndb/**/*.ts'], VULNDB),
  restricted(['src/scanner/vulndb/feeds/*/**/*.ts'], [...VULNDB, pluginBan('vulndb/feeds')]),
  restricted(['src/scanner/report/*/**/*.ts'], [...SCANNER, pluginBan('report')]),
  {
    files: ['test/**/*.ts', 'bench/**/*', 'scripts/**/*'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
