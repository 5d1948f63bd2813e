import assert from 'node:assert/strict';

import fc from 'fast-check';

import { renderSarifVulns, sarifVulnRenderer } from '../../../src/scanner/report/sarif/render-vulns.js';
import { vulnRenderers } from '../../../src/scanner/report/vuln-renderers.js';
import { sarif210Validator } from '../../helpers/schema-validators.js';
import {
  NASTY_SUMMARY,
  sampleFindings,
  sampleVulnReport,
  sampleWithText,
} from '../../helpers/vuln-report-sample.js';

/** Test-side view of parsed JSON: deep property access without casts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

type Sarif = {
  runs: {
    tool: { driver: { name: string; version: string; rules: Record<string, Json>[] } };
    invocations: {
      toolExecutionNotifications: { level: string; descriptor: { id: string }; message: { text: string } }[];
    }[];
    results: Record<string, Json>[];
  }[];
};

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

describe('SARIF vulnerability renderer', function () {
  const validate = sarif210Validator();
  const doc = JSON.parse(renderSarifVulns(sampleVulnReport())) as Sarif;
  const run = doc.runs[0]!;

  it('is valid SARIF 2.1.0, and the schema check rejects a broken log', () => {
    assert.equal(validate(doc), undefined);
    const broken = structuredClone(doc) as Json;
    broken.runs[0].results[0].level = 'fatal';
    assert.match(validate(broken) ?? '', /level/);
    const noDriver = structuredClone(doc) as Json;
    delete noDriver.runs[0].tool.driver;
    assert.notEqual(validate(noDriver), undefined);
  });

  it('has one result per finding and one rule per <id>_<component>_<version>', () => {
    const findings = sampleFindings();
    assert.equal(run.results.length, findings.length);
    assert.deepEqual(
      run.results.map((r) => r.ruleId),
      findings.map((f) => `${f.id}_${f.package.name}_${f.package.version}`),
    );
    // ms@2.0.0 at two paths: one rule, two results pointing at it.
    const ms = run.results.filter((r) => r.ruleId === 'GHSA-w9mr-4mfr-499f_ms_2.0.0');
    assert.equal(ms.length, 2);
    assert.equal(ms[0]!.ruleIndex, ms[1]!.ruleIndex);
    assert.equal(run.tool.driver.rules.length, findings.length - 1);
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
    assert.deepEqual(
      ms.map((r) => r.properties.packageLocation),
      ['app/node_modules/ms/package.json', 'app/node_modules/debug/node_modules/ms/package.json'],
    );
  });

  it("maps severities to roxctl's levels, tags and security-severity (UNKNOWN as LOW)", () => {
    const by = (id: string) => {
      const r = run.results.find((x) => x.ruleId.startsWith(id))!;
      return { level: r.level, props: run.tool.driver.rules[r.ruleIndex]!.properties };
    };
    assert.deepEqual(by('CVE-2024-0001_libssl3'), {
      level: 'error',
      props: { precision: 'very-high', tags: ['security', 'CRITICAL'], 'security-severity': '9.1' },
    });
    assert.equal(by('TEMP-0000001').level, 'error');
    assert.equal(by('TEMP-0000001').props['security-severity'], '7.9');
    assert.equal(by('GHSA-').level, 'warning');
    assert.equal(by('GHSA-').props['security-severity'], '4.8');
    assert.equal(by('CVE-2023-45853').level, 'note');
    assert.deepEqual(by('CVE-2024-0002').props.tags, ['security', 'LOW']);
    assert.equal(by('CVE-2024-0002').props['security-severity'], '3.3');
    assert.equal(by('CVE-2024-0002').level, 'note');
  });

  it("writes roxctl's help text and uses it as the message", () => {
    const r = run.results[0]!;
    const rule = run.tool.driver.rules[r.ruleIndex]!;
    assert.equal(
      rule.help.text,
      [
        'Vulnerability:\tCVE-2024-0001',
        'Link:\thttps://security-tracker.debian.org/tracker/CVE-2024-0001',
        'Severity:\tCRITICAL',
        'CVSS:\t9.8',
        'Component:\tlibssl3',
        'Version:\t3.0.15-1~deb12u1',
        'Fixed Version:\t3.0.16-1~deb12u1',
        'Advisory:\tDSA-5555-1',
        'Advisory Link:\thttps://security-tracker.debian.org/tracker/DSA-5555-1',
      ].join('\n'),
    );
    assert.equal(r.message.text, rule.help.text);
    assert.equal(rule.helpUri, 'https://security-tracker.debian.org/tracker/CVE-2024-0001');
    assert.equal(rule.shortDescription.text, 'CVE-2024-0001_libssl3_3.0.15-1~deb12u1');
    assert.equal(rule.fullDescription.text, NASTY_SUMMARY);
    assert.equal(rule.name, 'Vulnerabilities');
  });

  it('locates every result at the image name, line 1 column 1', () => {
    for (const r of run.results) {
      assert.deepEqual(r.locations, [
        {
          physicalLocation: {
            artifactLocation: { uri: '127.0.0.1:5000/fixture/app:latest' },
            region: { startLine: 1, startColumn: 1 },
          },
        },
      ]);
    }
    const local = sampleVulnReport();
    local.image = { ...local.image, reference: '/tmp/my images/app.tar', sourceKind: 'docker-archive' };
    const out = JSON.parse(renderSarifVulns(local)) as Sarif;
    assert.equal(
      out.runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation.uri,
      '/tmp/my%20images/app.tar',
    );
    assert.equal(validate(out), undefined);
  });

  it('names the tool and carries coverage-gap warnings as notifications', () => {
    assert.equal(run.tool.driver.name, 'rampart');
    assert.equal(run.tool.driver.version, '0.1.0');
    assert.deepEqual(
      run.invocations[0]!.toolExecutionNotifications.map((n) => [n.level, n.descriptor.id]),
      [
        ['warning', 'MATCH_DISTRO_EOL'],
        ['warning', 'MATCH_ECOSYSTEM_UNCOVERED'],
      ],
    );
  });

  it('renders an empty, valid log for an image without findings', () => {
    const empty = JSON.parse(renderSarifVulns(sampleVulnReport({ findings: [], warnings: [] }))) as Sarif;
    assert.equal(validate(empty), undefined);
    assert.deepEqual(empty.runs[0]!.results, []);
    assert.deepEqual(empty.runs[0]!.tool.driver.rules, []);
  });

  it('stays schema-valid whatever text the feed or image puts in ids, names, links and summaries', () => {
    fc.assert(
      fc.property(anyText(), (t) => {
        const out = JSON.parse(renderSarifVulns(sampleWithText(t))) as unknown;
        assert.equal(validate(out), undefined, JSON.stringify(t));
      }),
      { numRuns: 100 },
    );
  });

  it('is listed in vulnRenderers as sarif', () => {
    assert.equal(
      vulnRenderers.find((r) => r.id === 'sarif'),
      sarifVulnRenderer,
    );
  });
});
