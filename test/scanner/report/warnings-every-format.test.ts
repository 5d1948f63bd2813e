/**
 * Coverage gaps are never silent: every registered vulnerability output format carries the
 * report's warnings in its own valid place, or declares that it cannot (csv) so the command says
 * so on stderr.
 */
import assert from 'node:assert/strict';

import { XMLParser } from 'fast-xml-parser';

import type { Warning } from '../../../src/model/warning.js';
import { vulnRenderers, type VulnRenderOptions } from '../../../src/scanner/report/vuln-renderers.js';
import { sampleVulnReport } from '../../helpers/vuln-report-sample.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const OPTIONS: VulnRenderOptions = {
  now: new Date('2026-11-24T00:00:00Z'),
  uuid: '00000000-0000-4000-8000-000000000001',
};
const GAPS: Warning[] = [
  {
    code: 'MATCH_DISTRO_UNKNOWN',
    subject: 'gentoo',
    source: 'matcher',
    message: '12 OS packages of Gentoo were not matched',
  },
  {
    code: 'MATCH_ECOSYSTEM_UNCOVERED',
    subject: 'RubyGems',
    source: 'matcher',
    message: 'no feed covers RubyGems',
  },
];

/** [code, message] of each line of `text` that `line` matches (code and message captured). */
function linePairs(text: string, line: RegExp): [string, string][] {
  return text.split('\n').flatMap((l) => {
    const m = line.exec(l);
    return m ? [[m[1]!, m[2]!] as [string, string]] : [];
  });
}

/** Per format: the [code, message] pairs read back from the place the format keeps warnings. */
const READERS: Record<string, (out: string) => [string, string][]> = {
  table: (out) => linePairs(out, /^WARNING: \[([A-Z_]+)\] (.*)$/),
  json: (out) => (JSON.parse(out) as Json).warnings.map((w: Json) => [w.code, w.message]),
  'report-json': (out) => (JSON.parse(out) as Json).warnings.map((w: Json) => [w.code, w.message]),
  sarif: (out) =>
    (JSON.parse(out) as Json).runs[0].invocations[0].toolExecutionNotifications.map((n: Json) => [
      n.descriptor.id,
      n.message.text,
    ]),
  junit: (out) => {
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' }).parse(
      out,
    ) as Json;
    return linePairs(String(doc.testsuites.testsuite[0]['system-err'] ?? ''), /^WARN ([A-Z_]+): (.*)$/);
  },
  cyclonedx: (out) =>
    ((JSON.parse(out) as Json).metadata.properties as Json[])
      .filter((p) => p.name.startsWith('rampart:warning:'))
      .map((p) => [p.name.slice('rampart:warning:'.length), p.value]),
  'spdx-json': (out) =>
    linePairs(String((JSON.parse(out) as Json).creationInfo.comment ?? ''), /^WARN ([A-Z_]+): (.*)$/),
};

describe('vulnerability renderers: coverage-gap warnings in every format', () => {
  const withGaps = sampleVulnReport({ warnings: GAPS });
  const clean = sampleVulnReport({ warnings: [] });
  const expected = GAPS.map((w) => [w.code, w.message]);

  for (const renderer of vulnRenderers) {
    if (!renderer.carriesWarnings) continue;
    it(`${renderer.id}: carries each warning's code and message in its place, and none when there are none`, () => {
      const read = READERS[renderer.id];
      assert.ok(read, `no reader for format ${renderer.id}: say where it keeps warnings`);
      assert.deepEqual(read(renderer.render(withGaps, OPTIONS)), expected);
      assert.deepEqual(read(renderer.render(clean, OPTIONS)), []);
    });
  }

  it('csv is the only format without a place for warnings, and its rows stay roxctl-shaped', () => {
    assert.deepEqual(
      vulnRenderers.filter((r) => !r.carriesWarnings).map((r) => r.id),
      ['csv'],
    );
    const csv = vulnRenderers.find((r) => r.id === 'csv')!;
    const out = csv.render(withGaps, OPTIONS);
    assert.equal(out, csv.render(clean, OPTIONS));
    assert.doesNotMatch(out, /MATCH_/);
  });
});
