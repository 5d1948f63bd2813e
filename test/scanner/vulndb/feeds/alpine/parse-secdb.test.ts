import assert from 'node:assert/strict';

import { SecdbCollector } from '../../../../../src/scanner/vulndb/feeds/alpine/parse-secdb.js';

const branch = (v: string, packages: unknown[]) => ({ distroversion: v, reponame: 'main', packages });

describe('secdb collector', () => {
  it('one advisory per id across branches; first id token is the vulnerability, the rest aliases', () => {
    const c = new SecdbCollector({ feed: 'alpine', base: 'Alpine', perBranch: true });
    c.add(
      branch('v3.19', [
        { pkg: { name: 'gimp', secfixes: { '2.10.36-r0': ['CVE-2023-44441 ZDI-CAN-22093'] } } },
      ]),
      'a',
    );
    c.add(
      branch('v3.18', [
        { pkg: { name: 'gimp', secfixes: { '2.10.34-r1': ['CVE-2023-44441'], '0': ['CVE-2020-1'] } } },
      ]),
      'b',
    );
    const recs = [...c.records()];
    assert.equal(recs.length, 2);
    const [gimp, never] = recs;
    assert.ok(gimp?.kind === 'advisory' && never?.kind === 'advisory');
    assert.equal(gimp.advisory.id, 'CVE-2023-44441@Alpine');
    assert.deepEqual(gimp.advisory.aliases, ['CVE-2023-44441', 'ZDI-CAN-22093']);
    assert.deepEqual(
      gimp.affected.map((a) => [a.ecosystem, a.name, a.state, a.fixedVersions, a.scheme]),
      [
        ['Alpine:v3.19', 'gimp', 'fixed', ['2.10.36-r0'], 'apk'],
        ['Alpine:v3.18', 'gimp', 'fixed', ['2.10.34-r1'], 'apk'],
      ],
    );
    assert.equal(never.affected[0]?.state, 'not_affected');
    assert.deepEqual(never.affected[0]?.fixedVersions, []);
  });

  it('Wolfi has no branch: the ecosystem is the base name', () => {
    const c = new SecdbCollector({ feed: 'wolfi', base: 'Wolfi', perBranch: false });
    c.add(
      {
        reponame: 'os',
        packages: [{ pkg: { name: 'busybox', secfixes: { '1.35.0-r3': ['CVE-2022-28391'] } } }],
      },
      'w',
    );
    const [r] = [...c.records()];
    assert.ok(r?.kind === 'advisory');
    assert.equal(r.advisory.id, 'CVE-2022-28391@Wolfi');
    assert.equal(r.affected[0]?.ecosystem, 'Wolfi');
  });

  it('refuses malformed documents with FEED_FORMAT', () => {
    const c = new SecdbCollector({ feed: 'alpine', base: 'Alpine', perBranch: true });
    assert.throws(() => c.add([], 'x'), { code: 'FEED_FORMAT' });
    assert.throws(() => c.add({ packages: [] }, 'x'), /distroversion/);
    assert.throws(() => c.add(branch('v3.19', [{ pkg: {} }]), 'x'), /pkg\.name/);
    assert.throws(
      () => c.add(branch('v3.19', [{ pkg: { name: 'a', secfixes: { '1-r0': 'CVE-1' } } }]), 'x'),
      /not a list/,
    );
    // A package without secfixes is fine and gives nothing.
    c.add(branch('v3.19', [{ pkg: { name: 'a' } }]), 'x');
    assert.equal([...c.records()].length, 0);
  });
});
