// Corpus suites: read ../shared (real package DBs, feeds, fixture images) and run real registries.
module.exports = {
  'node-option': ['import=tsx'],
  require: ['test/helpers/root-hooks.ts'],
  spec: ['test/corpus/**/*.test.ts'],
  timeout: 600000,
  reporter: 'spec',
};
