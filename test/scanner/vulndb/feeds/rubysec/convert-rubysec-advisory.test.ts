import assert from 'node:assert/strict';

import { convertRubysecAdvisory } from '../../../../../src/scanner/vulndb/feeds/rubysec/convert-rubysec-advisory.js';
import { isAffected } from '../../../../../src/scanner/versions/osv-range.js';

const GEM = `---
gem: actionpack
framework: rails
cve: 2020-8164
ghsa: xq5j-gw7f-jgj8
osvdb: 12345
url: https://groups.google.com/forum/#!topic/rubyonrails-security/f6ioe4sdpbY
title: Possible Strong Parameters Bypass in ActionPack
date: 2020-05-18
description: |
  There is a strong parameters bypass vector in ActionPack.
cvss_v3: 7.5
cvss_v4: 8.7
unaffected_versions:
  - "< 4.0.0"
patched_versions:
  - "~> 5.2.4, >= 5.2.4.3"
  - ">= 6.0.3.1"
related:
  url:
    - https://example.org/related
`;

describe('RubySec advisory conversion', () => {
  it('a gem advisory: id, aliases, extra scores and constraints, OSV ranges that match like RubySec', () => {
    const r = convertRubysecAdvisory(GEM, 'ruby-advisory-db.tar.gz!gems/actionpack/CVE-2020-8164.yml');
    assert.ok(r.kind === 'advisory');
    const { advisory: a, affected } = r;
    assert.equal(a.id, 'CVE-2020-8164@actionpack');
    assert.equal(a.feed, 'rubysec');
    assert.deepEqual(a.aliases, ['CVE-2020-8164', 'GHSA-xq5j-gw7f-jgj8', 'OSVDB-12345']);
    assert.equal(a.published, '2020-05-18');
    assert.equal(a.summary, 'Possible Strong Parameters Bypass in ActionPack');
    assert.deepEqual(
      a.references.map((x) => x.type),
      ['ADVISORY', 'WEB'],
    );
    assert.deepEqual(a.extra?.cvss, { cvss_v3: 7.5, cvss_v4: 8.7 });
    assert.deepEqual(a.extra?.patched_versions, ['~> 5.2.4, >= 5.2.4.3', '>= 6.0.3.1']);
    assert.equal(affected.length, 1);
    const p = affected[0]!;
    assert.deepEqual(
      [p.ecosystem, p.name, p.scheme, p.state, p.purl],
      ['RubyGems', 'actionpack', 'gem', 'affected', 'pkg:gem/actionpack'],
    );
    assert.deepEqual(p.fixedVersions, ['5.2.4.3', '6.0.3.1']);
    const hit = (v: string) => isAffected('gem', v, p.ranges);
    assert.deepEqual(
      ['3.2.22', '4.0.0', '5.2.4.2', '5.2.4.3', '5.2.9', '5.3.0', '6.0.3', '6.0.3.1', '7.0.0'].map(hit),
      [false, true, true, false, false, true, true, false, false],
    );
  });

  it('an interpreter advisory has no affected row', () => {
    const r = convertRubysecAdvisory(
      'engine: jruby\ncve: 2022-25857\ntitle: t\npatched_versions:\n  - ">= 9.3.8.0"\n',
      'rubies/jruby/CVE-2022-25857.yml',
    );
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.id, 'CVE-2022-25857@ruby:jruby');
    assert.equal(r.advisory.extra?.engine, 'jruby');
    assert.deepEqual(r.affected, []);
  });

  it('versions stay strings (1.10 is not 1.1)', () => {
    const r = convertRubysecAdvisory('gem: x\npatched_versions:\n  - ">= 1.10"\n', 'gems/x/OSVDB-1.yml');
    assert.ok(r.kind === 'advisory');
    assert.deepEqual(r.affected[0]?.fixedVersions, ['1.10']);
  });

  it('malformed files are FEED_FORMAT naming file and record', () => {
    assert.throws(
      () => convertRubysecAdvisory('gem: [unclosed', 'gems/x/CVE-1.yml'),
      /feed rubysec: gems\/x\/CVE-1\.yml: malformed YAML/,
    );
    assert.throws(() => convertRubysecAdvisory('- a\n- b\n', 'gems/x/CVE-1.yml'), /not a mapping/);
    assert.throws(
      () => convertRubysecAdvisory('title: t\n', 'gems/x/CVE-1.yml'),
      /\(CVE-1@x\): no `gem` field/,
    );
    assert.throws(
      () => convertRubysecAdvisory('gem: x\npatched_versions: ">= 1"\n', 'gems/x/CVE-1.yml'),
      /`patched_versions` is not a list/,
    );
    assert.throws(
      () => convertRubysecAdvisory('gem: x\npatched_versions:\n  - ">= 1..x!"\n', 'gems/x/CVE-1.yml'),
      { code: 'FEED_FORMAT' },
    );
    assert.throws(() => convertRubysecAdvisory('gem: x\n', 'README.md'), /not a gems/);
  });
});
