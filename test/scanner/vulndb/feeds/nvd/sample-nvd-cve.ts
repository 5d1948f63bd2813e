/** A CVE API 2.0 `cve` object with primary and secondary metrics of every version. */
export const sampleCve = (id = 'CVE-2024-0001') => ({
  id,
  published: '2024-03-29T17:15:21.150',
  lastModified: '2024-04-01T00:00:00.000',
  vulnStatus: 'Analyzed',
  descriptions: [
    { lang: 'en', value: 'Bad thing.' },
    { lang: 'es', value: 'Cosa mala.' },
  ],
  metrics: {
    cvssMetricV40: [
      {
        source: 'cna@example.org',
        type: 'Secondary',
        cvssData: {
          version: '4.0',
          vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
          baseScore: 9.3,
        },
      },
    ],
    cvssMetricV31: [
      {
        source: 'cna@example.org',
        type: 'Secondary',
        cvssData: {
          version: '3.1',
          vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          baseScore: 9.8,
        },
      },
      {
        source: 'nvd@nist.gov',
        type: 'Primary',
        cvssData: {
          version: '3.1',
          vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
          baseScore: 8.1,
        },
      },
    ],
    cvssMetricV2: [
      {
        source: 'nvd@nist.gov',
        type: 'Primary',
        cvssData: { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5 },
      },
    ],
  },
  weaknesses: [
    { source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-787' }] },
    {
      source: 'cna@example.org',
      type: 'Secondary',
      description: [
        { lang: 'en', value: 'NVD-CWE-Other' },
        { lang: 'en', value: 'CWE-787' },
      ],
    },
  ],
  references: [
    { url: 'https://example.org/a', source: 'x', tags: ['Vendor Advisory'] },
    { url: 'https://example.org/b' },
  ],
});
