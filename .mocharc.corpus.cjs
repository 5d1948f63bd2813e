// Corpus suites: read ../shared (real package DBs, feeds, fixture images) and run real registries.
module.exports = {
  'node-option': ['import=tsx'],
  require: ['test/helpers/root-hooks.ts'],
  timeout: 600000,
  reporter: 'spec',
};
