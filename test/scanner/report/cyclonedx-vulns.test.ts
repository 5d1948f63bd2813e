import assert from 'node:assert/strict';

import fc from 'fast-check';

import type { IndexReport } from '../../../src/model/index-report.js';
import { renderCycloneDxIndex } from '../../../src/scanner/report/cyclonedx/render-index.js';
import {
  cvssSeverity,
  cyclonedxVulnRenderer,
  renderCycloneDxVulns,
  vexAnalysis,
} from '../../../src/scanner/report/cyclonedx/render-vulns.js';
import { vulnRenderers } from '../../../src/scanner/report/vuln-renderers.js';
import { cycloneDx16Validator } from '../../helpers/schema-validators.js';
import {
  NASTY_SUMMARY,
  SAMPLE_OPTIONS,
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

describe('CycloneDX VEX vulnerability renderer', function () {
  this.timeout(60000);
  let validate: (doc: unknown) => string | undefined;
  before(() => {
    validate = cycloneDx16Validator();
  });
  const report = sampleVulnReport();
  const bom = JSON.parse(renderCycloneDxVulns(report, SAMPLE_OPTIONS)) as Json;
  const vulns = bom.vulnerabilities as Json[];
  const byId = (id: string) => vulns.filter((v) => v.id === id);

  it('is valid CycloneDX 1.6, and the schema check rejects a broken VEX', () => {
    assert.equal(validate(bom), undefined);
    const badState = structuredClone(bom);
    badState.vulnerabilities[0].analysis.state = 'vulnerable';
    assert.match(validate(badState) ?? '', /analysis\/state/);
    const badMethod = structuredClone(bom);
    badMethod.vulnerabilities[0].ratings[0].method = 'CVSS3.1';
    assert.match(validate(badMethod) ?? '', /ratings\/0\/method/);
  });

  it("lists each package with a finding once, under the SBOM renderer's bom-refs", () => {
    const refs = (bom.components as Json[]).map((c) => c['bom-ref']);
    assert.equal(new Set(refs).size, refs.length);
    assert.equal(refs.length, 5);
    // The same packages through `image sbom -o cyclonedx` get the same refs: the documents join.
    const seen = new Set<string>();
    const packages = report.findings
      .map((f) => f.package)
      .filter((p) => !seen.has(`${p.purl}#${p.location}`) && seen.add(`${p.purl}#${p.location}`))
      .map((p) => ({
        name: p.name,
        version: p.version,
        type: p.type,
        kind: p.kind,
        finder: 'x',
        location: p.location,
        purl: p.purl,
      }));
    const index: IndexReport = {
      schemaVersion: 1,
      tool: { name: 'rampart', version: '0.1.0', finders: [] },
      image: report.image,
      packages,
      warnings: [],
    };
    const sbom = JSON.parse(renderCycloneDxIndex(index, SAMPLE_OPTIONS)) as Json;
    assert.deepEqual(
      (sbom.components as Json[]).map((c) => c['bom-ref']),
      refs,
    );
    assert.deepEqual(sbom.metadata.component, bom.metadata.component);
    for (const v of vulns) for (const a of v.affects) assert.ok(refs.includes(a.ref), a.ref);
    assert.equal(bom.metadata.component.type, 'container');
    assert.equal(
      bom.metadata.component.purl,
      `pkg:oci/app@sha256:${'a'.repeat(64)}?repository_url=127.0.0.1%3A5000%2Ffixture%2Fapp&tag=latest`,
    );
  });

  it('groups findings by (id, state): one vulnerability with several affects, split when states differ', () => {
    const ghsa = byId('GHSA-w9mr-4mfr-499f');
    assert.equal(ghsa.length, 1);
    assert.deepEqual(
      ghsa[0].affects.map((a: Json) => a.ref),
      [
        'pkg:npm/ms@2.0.0#app/node_modules/ms/package.json',
        'pkg:npm/ms@2.0.0#app/node_modules/debug/node_modules/ms/package.json',
      ],
    );
    const cve = byId('CVE-2024-0001');
    assert.deepEqual(
      cve.map((v) => [v.analysis.state, v.analysis.response ?? [], v.affects.length]),
      [
        ['exploitable', ['update'], 1],
        ['exploitable', [], 1],
      ],
    );
    assert.equal(new Set(vulns.map((v) => v['bom-ref'])).size, vulns.length);
    assert.equal(vulns.length, 7 - 1);
  });

  it('maps each FindingState to a VEX analysis', () => {
    assert.deepEqual(vexAnalysis({ state: 'affected', fixedIn: ['1.2'] }), {
      state: 'exploitable',
      response: ['update'],
      detail: 'fixed in 1.2',
    });
    assert.equal(vexAnalysis({ state: 'unfixed', fixedIn: [] }).state, 'exploitable');
    assert.deepEqual(vexAnalysis({ state: 'will_not_fix', fixedIn: [], note: 'no-dsa' }), {
      state: 'exploitable',
      response: ['will_not_fix'],
      detail: 'the vendor will not fix it: no-dsa',
    });
    assert.equal(vexAnalysis({ state: 'under_investigation', fixedIn: [] }).state, 'in_triage');
    assert.equal(vexAnalysis({ state: 'unknown', fixedIn: [] }).state, 'in_triage');
    assert.deepEqual(byId('CVE-2024-0002')[0].affects[0].versions, [
      { version: '3.0.15-1~deb12u1', status: 'unknown' },
    ]);
    assert.equal(byId('TEMP-0000001-ABCDEF')[0].analysis.state, 'in_triage');
    assert.deepEqual(byId('CVE-2023-45853')[0].analysis.response, ['will_not_fix']);
  });

  it('rates with every CVSS vector (method, score, severity) and the StackRox severity', () => {
    const v = byId('CVE-2024-0001')[0];
    assert.deepEqual(v.ratings, [
      {
        source: { name: 'nvd' },
        score: 9.8,
        severity: 'critical',
        method: 'CVSSv31',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      },
      {
        source: { name: 'cna' },
        score: 8.7,
        severity: 'high',
        method: 'CVSSv4',
        vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      },
      {
        source: { name: 'nvd' },
        severity: 'critical',
        method: 'other',
        justification: 'StackRox severity CRITICAL (from nvd)',
      },
    ]);
    assert.deepEqual(byId('TEMP-0000001-ABCDEF')[0].ratings, [
      {
        source: { name: 'Debian' },
        severity: 'high',
        method: 'other',
        justification: 'StackRox severity IMPORTANT (from vendor)',
      },
    ]);
    assert.deepEqual([0, 3.9, 4, 6.9, 7, 8.9, 9, undefined].map(cvssSeverity), [
      'none',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'unknown',
    ]);
  });

  it('carries source, aliases, advisories, fixed versions, EPSS/KEV and the summary', () => {
    const v = byId('CVE-2024-0001')[0];
    assert.deepEqual(v.source, { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0001' });
    assert.deepEqual(v.references, [{ id: 'DEBIAN-CVE-2024-0001', source: { name: 'Debian:12' } }]);
    assert.deepEqual(v.advisories, [
      { title: 'DSA-5555-1', url: 'https://security-tracker.debian.org/tracker/DSA-5555-1' },
      { url: 'https://security-tracker.debian.org/tracker/CVE-2024-0001' },
    ]);
    assert.equal(v.recommendation, 'Upgrade libssl3 3.0.15-1~deb12u1 to 3.0.16-1~deb12u1.');
    assert.equal(v.description, NASTY_SUMMARY);
    const props = Object.fromEntries((v.properties as Json[]).map((p) => [p.name, p.value]));
    assert.equal(
      props['rampart:fixed_in'],
      `${report.findings[0]!.package.purl}#var/lib/dpkg/status 3.0.16-1~deb12u1`,
    );
    assert.equal(props['rampart:epss:probability'], '0.91');
    assert.equal(props['rampart:kev:date_added'], '2024-02-01');
    assert.equal(props['rampart:finding:state'], 'affected');
    const ghsa = byId('GHSA-w9mr-4mfr-499f')[0];
    assert.deepEqual(ghsa.source, {
      name: 'GitHub',
      url: 'https://github.com/advisories/GHSA-w9mr-4mfr-499f',
    });
    assert.equal(ghsa.recommendation, 'Upgrade ms 2.0.0 to 2.0.1.');
    assert.equal(byId('CVE-2024-0002')[0].recommendation, undefined);
  });

  it('puts coverage-gap warnings in the metadata properties', () => {
    const props = (bom.metadata.properties as Json[]).filter((p) => p.name.startsWith('rampart:warning:'));
    assert.deepEqual(
      props.map((p) => p.name),
      ['rampart:warning:MATCH_DISTRO_EOL', 'rampart:warning:MATCH_ECOSYSTEM_UNCOVERED'],
    );
  });

  it('renders a valid BOM without vulnerabilities for a clean image', () => {
    const empty = JSON.parse(
      renderCycloneDxVulns(sampleVulnReport({ findings: [], warnings: [] }), SAMPLE_OPTIONS),
    ) as Json;
    assert.equal(validate(empty), undefined);
    assert.deepEqual(empty.vulnerabilities, []);
    assert.deepEqual(empty.components, []);
  });

  it('stays schema-valid whatever text the feed or image puts in ids, names, links and summaries', () => {
    fc.assert(
      fc.property(anyText(), (t) => {
        const out = JSON.parse(renderCycloneDxVulns(sampleWithText(t), SAMPLE_OPTIONS)) as unknown;
        assert.equal(validate(out), undefined, JSON.stringify(t));
      }),
      { numRuns: 40 },
    );
  });

  it('is listed in vulnRenderers as cyclonedx', () => {
    assert.equal(
      vulnRenderers.find((r) => r.id === 'cyclonedx'),
      cyclonedxVulnRenderer,
    );
  });
});
