import assert from 'node:assert/strict';

import { convertCve5Record } from '../../../../../src/scanner/vulndb/feeds/cve5/convert-cve5-record.js';

const record = (over: Record<string, unknown> = {}) => ({
  dataType: 'CVE_RECORD',
  dataVersion: '5.1',
  cveMetadata: {
    state: 'PUBLISHED',
    cveId: 'CVE-2021-44228',
    assignerShortName: 'apache',
    dateUpdated: '2025-02-04T14:25:37.215Z',
    datePublished: '2021-12-10T00:00:00.000Z',
    dateReserved: '2021-11-26T00:00:00.000Z',
  },
  containers: {
    cna: {
      title: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP',
      descriptions: [
        { lang: 'de', value: 'Deutsch' },
        { lang: 'en-US', value: 'Apache Log4j2 2.0-beta9 through 2.15.0 …' },
      ],
      metrics: [
        { other: { type: 'unknown', content: { other: 'critical' } } },
        {
          cvssV3_1: {
            version: '3.1',
            vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
            baseScore: 10,
            baseSeverity: 'CRITICAL',
          },
        },
      ],
      problemTypes: [
        {
          descriptions: [
            {
              type: 'CWE',
              lang: 'en',
              description: 'CWE-502 Deserialization of Untrusted Data',
              cweId: 'CWE-502',
            },
          ],
        },
        { descriptions: [{ type: 'CWE', lang: 'en', description: 'CWE-20 Improper Input Validation' }] },
      ],
      references: [
        { url: 'https://logging.apache.org/log4j/2.x/security.html', tags: ['vendor-advisory'] },
        { url: 'https://example.org/x' },
      ],
    },
    adp: [
      { providerMetadata: { shortName: 'CVE' }, references: [] },
      {
        providerMetadata: { shortName: 'CISA-ADP' },
        metrics: [
          {
            cvssV4_0: {
              version: '4.0',
              vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
              baseScore: 9.3,
              baseSeverity: 'CRITICAL',
            },
          },
          { other: { type: 'ssvc', content: { options: [{ Exploitation: 'active' }] } } },
        ],
        problemTypes: [
          { descriptions: [{ lang: 'en', cweId: 'CWE-917', type: 'CWE', description: 'CWE-917' }] },
        ],
      },
    ],
  },
  ...over,
});

describe('CVE 5 record conversion', () => {
  it('CNA and ADP scores as separate severities; English description; CWE from both containers', () => {
    const r = convertCve5Record(record(), 'cves/2021/44xxx/CVE-2021-44228.json');
    assert.ok(r.kind === 'advisory');
    const a = r.advisory;
    assert.equal(a.id, 'CVE-2021-44228');
    assert.equal(a.feed, 'cve5');
    assert.equal(a.details, 'Apache Log4j2 2.0-beta9 through 2.15.0 …');
    assert.match(a.summary ?? '', /^Apache Log4j2 JNDI/);
    assert.equal(a.published, '2021-12-10T00:00:00.000Z');
    assert.equal(a.modified, '2025-02-04T14:25:37.215Z');
    assert.equal(a.withdrawn, undefined);
    assert.deepEqual(a.severity, [
      {
        source: 'cna',
        name: 'CRITICAL',
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 }],
      },
      {
        source: 'CISA-ADP',
        name: 'CRITICAL',
        cvss: [
          {
            version: '4.0',
            vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
            score: 9.3,
          },
        ],
      },
    ]);
    assert.deepEqual(a.cwes, ['CWE-502', 'CWE-20', 'CWE-917']);
    assert.deepEqual(a.references[0], {
      type: 'vendor-advisory',
      url: 'https://logging.apache.org/log4j/2.x/security.html',
    });
    assert.equal(a.extra?.assigner, 'apache');
    assert.deepEqual(r.affected, []);
  });

  it('a CNA with only a free-form rating keeps the word', () => {
    const doc = record();
    (doc.containers.cna as { metrics: unknown[] }).metrics = [
      { other: { type: 'unknown', content: { other: 'important' } } },
    ];
    const r = convertCve5Record(doc, 'x.json');
    assert.ok(r.kind === 'advisory');
    assert.deepEqual(r.advisory.severity[0], { source: 'cna', name: 'important', cvss: [] });
  });

  it('a rejected record is withdrawn with the rejection reason as details', () => {
    const r = convertCve5Record(
      {
        dataType: 'CVE_RECORD',
        dataVersion: '5.0',
        cveMetadata: { state: 'REJECTED', cveId: 'CVE-2023-0001', dateRejected: '2023-05-01T00:00:00Z' },
        containers: { cna: { rejectedReasons: [{ lang: 'en', value: 'Duplicate of CVE-2023-0002.' }] } },
      },
      'x.json',
    );
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.withdrawn, '2023-05-01T00:00:00Z');
    assert.equal(r.advisory.details, 'Duplicate of CVE-2023-0002.');
  });

  it('malformed records are FEED_FORMAT naming file and id', () => {
    assert.throws(() => convertCve5Record([], 'a.json'), /feed cve5: a\.json: no `cveMetadata`/);
    assert.throws(
      () => convertCve5Record(record({ cveMetadata: { cveId: 'X-1' } }), 'a.json'),
      /cveId` is not a CVE id/,
    );
    assert.throws(
      () => convertCve5Record(record({ dataVersion: '4.0' }), 'a.json'),
      /a\.json \(CVE-2021-44228\): `dataVersion` "4\.0"/,
    );
    assert.throws(() => convertCve5Record(record({ containers: {} }), 'a.json'), { code: 'FEED_FORMAT' });
  });
});
