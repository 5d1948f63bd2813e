import assert from 'node:assert/strict';

import { parseAdvisoryList } from '../../../../../src/scanner/vulndb/feeds/debian/parse-advisory-list.js';

const list = `[29 Mar 2023] DSA-5380-1 xorg-server - security update
\t{CVE-2023-1393}
\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6
[17 Mar 2023] DSA-5356-2 sox - regression update
\t[bullseye] - sox 14.4.2+git20190427-2+deb11u2
\t[buster] - sox <not-affected> (vulnerable code not present)
`;

describe('debian DSA/DLA list', () => {
  it('reads ids, dates, CVE aliases and fixed versions per release', () => {
    const recs = [...parseAdvisoryList(list, 'debian', 'DSA/list')];
    assert.equal(recs.length, 2);
    const [a, b] = recs;
    assert.ok(a?.kind === 'advisory' && b?.kind === 'advisory');
    assert.equal(a.advisory.id, 'DSA-5380-1');
    assert.equal(a.advisory.published, '2023-03-29T00:00:00Z');
    assert.deepEqual(a.advisory.aliases, ['CVE-2023-1393']);
    assert.deepEqual(a.affected, []);
    assert.deepEqual((a.advisory.extra as { fixed: unknown }).fixed, [
      { ecosystem: 'Debian:11', name: 'xorg-server', version: '2:1.20.11-1+deb11u6' },
    ]);
    assert.deepEqual((b.advisory.extra as { fixed: unknown }).fixed, [
      { ecosystem: 'Debian:11', name: 'sox', version: '14.4.2+git20190427-2+deb11u2' },
    ]);
  });

  it('refuses a header line that is not a DSA header', () => {
    assert.throws(() => [...parseAdvisoryList('hello world\n', 'debian', 'DSA/list')], {
      code: 'FEED_FORMAT',
    });
  });
});
