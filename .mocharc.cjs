// Unit and e2e suites: no ../shared, no network (loopback only).
module.exports = {
  'node-option': ['import=tsx'],
  require: ['test/helpers/root-hooks.ts'],
  ignore: ['test/corpus/**'],
  timeout: 20000,
  reporter: 'dot',
};
