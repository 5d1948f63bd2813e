import assert from 'node:assert/strict';

import fc from 'fast-check';

import {
  renderSpdxVulns,
  spdxVulnComment,
  spdxVulnRenderer,
  vulnerabilityPage,
} from '../../../src/scanner/report/spdx/render-vulns.js';
import { vulnRenderers } from '../../../src/scanner/report/vuln-renderers.js';
import { spdx23Validator } from '../../helpers/schema-validators.js';
import {
  SAMPLE_OPTIONS,
  sampleFindings,
  sampleVulnReport,
  sampleWithText,
} from '../../helpers/vuln-report-sample.js';

/** Test-side view of parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Free text in every field a feed or an image can fill. */
const anyText = () => {
  const s = fc.string({ unit: 'binary', maxLength: 30 });
  return fc.record({
    id: s,
    name: s,
    version: s,
    summary: s,
    link: fc.oneof(
      s,
      s.map((x) => `https://x.example/${x}`),
    ),
    reference: s,
    location: s,
  });
};

describe('SPDX 2.3 vulnerability renderer', () => {
  const validate = spdx23Validator();
  const doc = JSON.parse(renderSpdxVulns(sampleVulnReport(), SAMPLE_OPTIONS)) as Json;
  const pkgs = doc.packages as Json[];
  const security = (p: Json) =>
    ((p.externalRefs ?? []) as Json[]).filter((r) => r.referenceCategory === 'SECURITY');

  it('is valid SPDX 2.3, and the schema check rejects a broken document', () => {
    assert.equal(validate(doc), undefined);
    const badCategory = structuredClone(doc);
    badCategory.packages[2].externalRefs[1].referenceCategory = 'VULNERABILITY';
    assert.match(validate(badCategory) ?? '', /referenceCategory/);
    const extraField = structuredClone(doc);
    extraField.packages[2].externalRefs[1].severity = 'CRITICAL';
    assert.notEqual(validate(extraField), undefined);
  });

  it('describes the image, contains its OS and each package with a finding once', () => {
    assert.deepEqual(
      pkgs.map((p) => [p.SPDXID, p.name, p.versionInfo]),
      [
        ['SPDXRef-Image', '127.0.0.1:5000/fixture/app:latest', `sha256:${'a'.repeat(64)}`],
        ['SPDXRef-OperatingSystem', 'debian', '12'],
        ['SPDXRef-Package-deb-1-libssl3', 'libssl3', '3.0.15-1~deb12u1'],
        ['SPDXRef-Package-deb-2-openssl', 'openssl', '3.0.15-1~deb12u1'],
        ['SPDXRef-Package-npm-3-ms', 'ms', '2.0.0'],
        ['SPDXRef-Package-npm-4-ms', 'ms', '2.0.0'],
        ['SPDXRef-Package-deb-5-zlib1g', 'zlib1g', '1:1.2.13.dfsg-1'],
      ],
    );
    assert.deepEqual(doc.relationships[0], {
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Image',
    });
    const contained = (doc.relationships as Json[])
      .filter((r) => r.relationshipType === 'CONTAINS')
      .map((r) => r.relatedSpdxElement);
    assert.deepEqual(
      contained,
      pkgs.slice(1).map((p) => p.SPDXID),
    );
    assert.equal(
      pkgs[4].sourceInfo,
      `found by rampart in /app/node_modules/ms/package.json (layer 1, sha256:${'e'.repeat(64)})`,
    );
    assert.deepEqual(pkgs[4].externalRefs[0], {
      referenceCategory: 'PACKAGE-MANAGER',
      referenceType: 'purl',
      referenceLocator: 'pkg:npm/ms@2.0.0',
    });
  });

  it('gives every finding a SECURITY advisory reference on its package', () => {
    const all = pkgs.flatMap(security);
    const findingRefs = all.filter((r) => !/^DSA-/.test(r.comment));
    assert.equal(findingRefs.length, sampleFindings().length);
    for (const r of all) {
      assert.equal(r.referenceType, 'advisory');
      assert.match(r.referenceLocator, /^https:\/\/\S+$/);
    }
    assert.deepEqual(
      security(pkgs[2]).map((r: Json) => r.referenceLocator),
      [
        'https://security-tracker.debian.org/tracker/CVE-2024-0001',
        'https://security-tracker.debian.org/tracker/DSA-5555-1',
        'https://nvd.nist.gov/vuln/detail/CVE-2024-0002',
      ],
    );
    assert.equal(security(pkgs[2])[1].comment, 'DSA-5555-1 (CVE-2024-0001)');
    assert.equal(
      security(pkgs[6])[0].comment,
      'CVE-2023-45853 severity=LOW (vendor); state=will_not_fix; fixedIn=none',
    );
    assert.equal(security(pkgs[6])[1].referenceLocator, 'https://osv.dev/vulnerability/TEMP-0000001-ABCDEF');
    assert.equal(security(pkgs[4])[0].referenceLocator, 'https://github.com/advisories/GHSA-w9mr-4mfr-499f');
    assert.equal(security(pkgs[5]).length, 1);
  });

  it('writes severity, state, fix, CVSS and aliases into the reference comment', () => {
    const f = sampleFindings()[0]!;
    const c = spdxVulnComment(f);
    assert.ok(
      c.startsWith(
        'CVE-2024-0001 severity=CRITICAL (nvd); state=affected; fixedIn=3.0.16-1~deb12u1; ' +
          'cvss3.1=9.8 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H; aliases=DEBIAN-CVE-2024-0001; summary=Overflow',
      ),
      c,
    );
    assert.equal(
      vulnerabilityPage({ id: 'CVE-2020-1', links: ['not a url', 'http://x.example/a'] }),
      'http://x.example/a',
    );
    assert.equal(
      vulnerabilityPage({ id: 'PYSEC-2021-1', links: [] }),
      'https://osv.dev/vulnerability/PYSEC-2021-1',
    );
  });

  it('states counts and coverage-gap warnings in creationInfo.comment', () => {
    assert.equal(
      doc.creationInfo.comment,
      [
        'Vulnerability scan at 2026-01-02T03:04:05.678Z: 5 unique vulnerabilities in 5 components (7 findings).',
        'WARN MATCH_DISTRO_EOL: debian 12 <is> past its "end" of life & unsupported',
        'WARN MATCH_ECOSYSTEM_UNCOVERED: 3 PyPI packages: no feed covers PyPI',
      ].join('\n'),
    );
    assert.equal(doc.creationInfo.created, '2026-01-02T03:04:05Z');
    assert.equal(doc.documentNamespace, `urn:uuid:${SAMPLE_OPTIONS.uuid}`);
  });

  it('renders a valid document for a clean image', () => {
    const empty = JSON.parse(
      renderSpdxVulns(sampleVulnReport({ findings: [], warnings: [] }), SAMPLE_OPTIONS),
    ) as Json;
    assert.equal(validate(empty), undefined);
    assert.equal(empty.packages.length, 2);
  });

  it('stays schema-valid whatever text the feed or image puts in ids, names, links and summaries', () => {
    fc.assert(
      fc.property(anyText(), (t) => {
        const out = JSON.parse(renderSpdxVulns(sampleWithText(t), SAMPLE_OPTIONS)) as unknown;
        assert.equal(validate(out), undefined, JSON.stringify(t));
      }),
      { numRuns: 100 },
    );
  });

  it('is listed in vulnRenderers as spdx-json', () => {
    assert.equal(
      vulnRenderers.find((r) => r.id === 'spdx-json'),
      spdxVulnRenderer,
    );
  });
});
