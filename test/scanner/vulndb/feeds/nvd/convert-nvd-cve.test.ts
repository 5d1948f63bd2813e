import assert from 'node:assert/strict';

import {
  convertNvd11Item,
  convertNvdCve,
  preferredNvdCvss,
} from '../../../../../src/scanner/vulndb/feeds/nvd/convert-nvd-cve.js';

import { sampleCve } from './sample-nvd-cve.js';

const src = { feed: 'nvd', where: 'page.json vulnerabilities[0]' };

describe('NVD CVE conversion', () => {
  it('API 2.0: every metric with source and type, CWE ids once, dates and descriptions', () => {
    const r = convertNvdCve(sampleCve(), src);
    assert.equal(r.cve, 'CVE-2024-0001');
    assert.equal(r.published, '2024-03-29T17:15:21.150');
    assert.equal(r.status, 'Analyzed');
    assert.deepEqual(r.descriptions[1], { lang: 'es', value: 'Cosa mala.' });
    assert.deepEqual(
      r.cvss.map((c) => [c.version, c.score, c.source, c.type]),
      [
        ['4.0', 9.3, 'cna@example.org', 'Secondary'],
        ['3.1', 9.8, 'cna@example.org', 'Secondary'],
        ['3.1', 8.1, 'nvd@nist.gov', 'Primary'],
        ['2.0', 7.5, 'nvd@nist.gov', 'Primary'],
      ],
    );
    assert.deepEqual(r.cwes, ['CWE-787']);
    assert.deepEqual(r.references, [
      { type: 'Vendor Advisory', url: 'https://example.org/a' },
      { type: 'WEB', url: 'https://example.org/b' },
    ]);
  });

  it('prefers NVD primary of the newest version, else the newest of any source', () => {
    const r = convertNvdCve(sampleCve(), src);
    assert.equal(preferredNvdCvss(r)?.vector, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H');
    assert.equal(preferredNvdCvss(r, ['4.0'])?.score, 9.3);
    const noPrimary = { ...r, cvss: r.cvss.filter((c) => c.type !== 'Primary') };
    assert.equal(preferredNvdCvss(noPrimary)?.version, '4.0');
    assert.equal(preferredNvdCvss({ ...r, cvss: [] }), undefined);
  });

  it('refuses records without an id or with a metric lacking its vector, naming the record', () => {
    assert.throws(
      () => convertNvdCve({ descriptions: [] }, src),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'FEED_FORMAT');
        assert.match(e.message, /feed nvd: page\.json vulnerabilities\[0\]/);
        return true;
      },
    );
    const bad = sampleCve('CVE-2024-0002');
    (bad.metrics.cvssMetricV31[0]!.cvssData as Record<string, unknown>).vectorString = undefined;
    assert.throws(() => convertNvdCve(bad, src), /CVE-2024-0002.*vectorString/);
    assert.throws(() => convertNvdCve({ id: 'CVE-2024-0003', metrics: [] }, src), /CVE-2024-0003.*metrics/);
  });

  it('1.1 feed items: v3 and v2 as NVD primary, CWE from problemtype', () => {
    const r = convertNvd11Item(
      {
        cve: {
          CVE_data_meta: { ID: 'CVE-2022-0090' },
          problemtype: { problemtype_data: [{ description: [{ lang: 'en', value: 'CWE-269' }] }] },
          references: { reference_data: [{ url: 'https://h1.example/r', refsource: 'MISC', tags: [] }] },
          description: { description_data: [{ lang: 'en', value: 'An issue.' }] },
        },
        impact: {
          baseMetricV3: {
            cvssV3: {
              version: '3.1',
              vectorString: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N',
              baseScore: 6.5,
            },
          },
          baseMetricV2: {
            cvssV2: { version: '2.0', vectorString: 'AV:N/AC:L/Au:S/C:N/I:P/A:N', baseScore: 4 },
          },
        },
        publishedDate: '2022-01-18T18:15Z',
        lastModifiedDate: '2022-01-25T14:50Z',
      },
      { feed: 'nvd', where: 'nvdcve-1.1-2022.json.gz CVE_Items[0]' },
    );
    assert.equal(r.cve, 'CVE-2022-0090');
    assert.equal(r.published, '2022-01-18T18:15Z');
    assert.deepEqual(r.cwes, ['CWE-269']);
    assert.deepEqual(r.references, [{ type: 'MISC', url: 'https://h1.example/r' }]);
    assert.deepEqual(
      r.cvss.map((c) => [c.version, c.score, c.type]),
      [
        ['3.1', 6.5, 'Primary'],
        ['2.0', 4, 'Primary'],
      ],
    );
    assert.throws(() => convertNvd11Item({ cve: {} }, src), { code: 'FEED_FORMAT' });
  });
});
