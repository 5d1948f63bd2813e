import assert from 'node:assert/strict';

import fc from 'fast-check';

import { convertFriendsOfPhpAdvisory } from '../../../../../src/scanner/vulndb/feeds/friendsofphp/convert-friendsofphp-advisory.js';
import { friendsOfPhpAffected } from '../../../../../src/scanner/versions/constraint-ranges.js';
import { isAffected } from '../../../../../src/scanner/versions/osv-range.js';

const DOC = `title:     Direct access of prefixed controller actions
link:      https://bakery.cakephp.org/2015/08/06/x.html
cve:       CVE-2015-1234
branches:
    2.6.x:
        time:     2015-08-06 22:08:00
        versions: ['>=2.6.0', '<2.6.11']
    2.7.x:
        time:     2015-08-05 10:00:00
        versions: ['>=2.7.0', '<=2.7.1']
    master:
        time:     ~
        versions: [<1.5]
reference: composer://CakePHP/cakephp
`;

describe('FriendsOfPHP advisory conversion', () => {
  it('one range per branch, package from the composer reference (lower-cased), earliest time as published', () => {
    const r = convertFriendsOfPhpAdvisory(
      DOC,
      'security-advisories.tar.gz!cakephp/cakephp/2015-08-06-1.yaml',
    );
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.id, '2015-08-06-1@cakephp/cakephp');
    assert.deepEqual(r.advisory.aliases, ['CVE-2015-1234']);
    assert.equal(r.advisory.published, '2015-08-05 10:00:00');
    assert.equal(r.advisory.feed, 'friendsofphp');
    const p = r.affected[0]!;
    assert.deepEqual(
      [p.ecosystem, p.name, p.scheme, p.purl],
      ['Packagist', 'cakephp/cakephp', 'composer', 'pkg:composer/cakephp/cakephp'],
    );
    assert.deepEqual(p.ranges, [
      { type: 'ECOSYSTEM', events: [{ introduced: '2.6.0' }, { fixed: '2.6.11' }] },
      { type: 'ECOSYSTEM', events: [{ introduced: '2.7.0' }, { last_affected: '2.7.1' }] },
      { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.5' }] },
    ]);
    assert.deepEqual(p.fixedVersions, ['2.6.11', '1.5']);
    assert.deepEqual((r.advisory.extra?.branches as Record<string, unknown>)['2.7.x'], {
      versions: ['>=2.7.0', '<=2.7.1'],
      time: '2015-08-05 10:00:00',
    });
  });

  it('ranges agree with friendsOfPhpAffected on random branches and versions', () => {
    const ver = fc.tuple(fc.nat(3), fc.nat(5), fc.nat(5)).map(([a, b, c]) => `${a}.${b}.${c}`);
    const clause = fc.tuple(fc.constantFrom('<', '<=', '>=', '>'), ver).map(([op, v]) => `${op}${v}`);
    const branches = fc.array(fc.array(clause, { minLength: 1, maxLength: 2 }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(branches, fc.array(ver, { minLength: 1, maxLength: 6 }), (bs, versions) => {
        const yaml = `branches:\n${bs.map((b, i) => `  b${i}:\n    versions: [${b.map((c) => `'${c}'`).join(', ')}]\n`).join('')}reference: composer://a/b\n`;
        const r = convertFriendsOfPhpAdvisory(yaml, 'a/b/x.yaml');
        assert.ok(r.kind === 'advisory');
        const approximate = r.advisory.extra?.approximate === true;
        const map = Object.fromEntries(bs.map((b, i) => [`b${i}`, { versions: b }]));
        for (const v of versions) {
          const expected = friendsOfPhpAffected(v, map);
          const got = isAffected('composer', v, r.affected[0]!.ranges);
          if (approximate && got && !expected) continue;
          assert.equal(got, expected, `${v} in ${JSON.stringify(bs)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('malformed files are FEED_FORMAT naming file and record', () => {
    assert.throws(
      () => convertFriendsOfPhpAdvisory('title: [', 'a/b/x.yaml'),
      /feed friendsofphp: a\/b\/x\.yaml: malformed YAML/,
    );
    assert.throws(() => convertFriendsOfPhpAdvisory('title: t\n', 'a/b/x.yaml'), /\(x@a\/b\): no `branches`/);
    assert.throws(
      () => convertFriendsOfPhpAdvisory('branches:\n  m:\n    time: x\n', 'a/b/x.yaml'),
      /branch m has no `versions`/,
    );
    assert.throws(
      () => convertFriendsOfPhpAdvisory("branches:\n  m:\n    versions: ['>=1', '<<2']\n", 'a/b/x.yaml'),
      { code: 'FEED_FORMAT' },
    );
  });
});
