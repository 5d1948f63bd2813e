import assert from 'node:assert/strict';

import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { junitVulnRenderer, renderJunitVulns } from '../../../src/scanner/report/junit/render-vulns.js';
import { vulnRenderers } from '../../../src/scanner/report/vuln-renderers.js';
import { junitXmlErrors } from '../../helpers/schema-validators.js';
import { NASTY_SUMMARY, sampleFindings, sampleVulnReport } from '../../helpers/vuln-report-sample.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'testcase' || name === 'property' || name === 'testsuite',
  htmlEntities: true,
});

type Case = { name: string; classname: string; failure?: { message: string; type: string; '#text': string } };
type Suite = {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  timestamp: string;
  testcase?: Case[];
  properties: { property: { name: string; value: string }[] };
  'system-err'?: string;
};

function parse(xml: string): { testsuites: { tests: string; failures: string; testsuite: Suite[] } } {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  return parser.parse(xml);
}

describe('JUnit vulnerability renderer', () => {
  const xml = renderJunitVulns(sampleVulnReport());
  const doc = parse(xml);
  const suite = doc.testsuites.testsuite[0]!;
  const cases = suite.testcase!;

  it('is well-formed XML with testsuites/testsuite and matching counts', () => {
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
    assert.equal(doc.testsuites.testsuite.length, 1);
    const n = sampleFindings().length;
    assert.equal(cases.length, n);
    assert.equal(suite.tests, String(n));
    assert.equal(suite.failures, String(cases.filter((c) => c.failure).length));
    assert.equal(suite.failures, String(n));
    assert.equal(suite.errors, '0');
    assert.equal(suite.skipped, '0');
    assert.equal(doc.testsuites.tests, String(n));
    assert.equal(doc.testsuites.failures, String(n));
    assert.equal(suite.name, 'image-scan');
    assert.equal(suite.timestamp, '2026-01-02T03:04:05');
  });

  it('validates against the JUnit schema CI servers use (junit-10.xsd, libxml2)', async () => {
    assert.equal(await junitXmlErrors(xml), undefined);
  });

  it('has one failing test case per (component, vulnerability) finding', () => {
    assert.deepEqual(
      cases.map((c) => [c.name, c.classname, c.failure?.type]),
      [
        ['CVE-2024-0001', 'libssl3@3.0.15-1~deb12u1', 'CRITICAL'],
        ['CVE-2024-0001', 'openssl@3.0.15-1~deb12u1', 'CRITICAL'],
        ['CVE-2024-0002', 'libssl3@3.0.15-1~deb12u1', 'LOW'],
        ['GHSA-w9mr-4mfr-499f', 'ms@2.0.0', 'MODERATE'],
        ['GHSA-w9mr-4mfr-499f', 'ms@2.0.0', 'MODERATE'],
        ['CVE-2023-45853', 'zlib1g@1:1.2.13.dfsg-1', 'LOW'],
        ['TEMP-0000001-ABCDEF', 'zlib1g@1:1.2.13.dfsg-1', 'IMPORTANT'],
      ],
    );
    const text = cases[0]!.failure!['#text'];
    assert.match(text, /^Vulnerability:\tCVE-2024-0001\n/);
    assert.match(text, /\nFixed Version:\t3\.0\.16-1~deb12u1\n/);
    assert.match(
      text,
      /\nState:\taffected\nLocation:\tvar\/lib\/dpkg\/status\nLayer Instruction:\t\/bin\/sh -c #\(nop\) ADD file:abc in \//,
    );
    assert.match(
      cases[5]!.failure!['#text'],
      /\nFixed Version:\t\(will not fix\)\n[\s\S]*\nNote:\tno-dsa: minor issue$/,
    );
    assert.deepEqual(
      cases.slice(3, 5).map((c) => /Location:\t(.*)/.exec(c.failure!['#text'])![1]),
      ['app/node_modules/ms/package.json', 'app/node_modules/debug/node_modules/ms/package.json'],
    );
  });

  it('escapes markup, quotes and newlines so the parsed text equals the input', () => {
    const message = cases[0]!.failure!.message;
    const expected = `CVE-2024-0001 (CRITICAL) in libssl3 3.0.15-1~deb12u1: ${NASTY_SUMMARY.replace('\u0001', '\uFFFD')}`;
    assert.equal(message, expected);
    assert.ok(!xml.includes('<parse>'));
    assert.ok(!xml.includes('\u0001'));
    // The same text unescaped is not XML: the escaping is what keeps the document valid.
    const raw = xml.replace('debian 12 &lt;is&gt; past', 'debian 12 <is> past');
    assert.notEqual(raw, xml);
    assert.notEqual(XMLValidator.validate(raw), true);
    const report = sampleVulnReport();
    report.image = { ...report.image, reference: 'app"<x>&y\'.tar' };
    const props = parse(renderJunitVulns(report, 'suite <"&">')).testsuites.testsuite[0]!;
    assert.equal(props.name, 'suite <"&">');
    assert.equal(props.properties.property.find((p) => p.name === 'image')!.value, 'app"<x>&y\'.tar');
  });

  it('stays well-formed and round-trips any text in names, versions and summaries', () => {
    // Any UTF-16 text, lone surrogates and control characters included; XML cannot carry those,
    // so they come back as U+FFFD and everything else exactly.
    const xmlSafe = (s: string) =>
      s.replace(
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
        '\uFFFD',
      );
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, text, (id, name, version, summary) => {
        const [f] = sampleFindings();
        const finding = { ...f!, id, summary, package: { ...f!.package, name, version } };
        const xml = renderJunitVulns(sampleVulnReport({ findings: [finding] }), `${name}-suite`);
        const s = parse(xml).testsuites.testsuite[0]!;
        const c = s.testcase![0]!;
        assert.equal(c.name, xmlSafe(id));
        assert.equal(c.classname, xmlSafe(`${name}@${version}`));
        assert.equal(
          c.failure!.message,
          xmlSafe(`${id} (CRITICAL) in ${name} ${version}${summary ? `: ${summary}` : ''}`),
        );
        assert.equal(s.name, xmlSafe(`${name}-suite`));
      }),
      { numRuns: 100 },
    );
  });

  it('carries coverage-gap warnings in system-err', () => {
    assert.equal(
      suite['system-err'],
      'WARN MATCH_DISTRO_EOL: debian 12 <is> past its "end" of life & unsupported\n' +
        'WARN MATCH_ECOSYSTEM_UNCOVERED: 3 PyPI packages: no feed covers PyPI',
    );
  });

  it('gives an empty suite for an image without findings', () => {
    const empty = parse(renderJunitVulns(sampleVulnReport({ findings: [], warnings: [] })));
    const s = empty.testsuites.testsuite[0]!;
    assert.equal(s.tests, '0');
    assert.equal(s.failures, '0');
    assert.equal(s.testcase, undefined);
    assert.equal(s['system-err'], undefined);
  });

  it('is listed in vulnRenderers as junit', () => {
    assert.equal(
      vulnRenderers.find((r) => r.id === 'junit'),
      junitVulnRenderer,
    );
  });
});
