import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStatus } from '../../../../src/scanner/indexer/dpkg/parse-status.js';

const STANZA =
  'Package: tar\nStatus: install ok installed\nArchitecture: amd64\nSource: tar (1.34+dfsg-1)\nVersion: 1.34+dfsg-1\n\n';

describe('dpkg parser on arbitrary text (fast-check)', () => {
  it('dpkg: a valid stanza survives any junk appended after a blank line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (junk) => {
        const r = parseStatus(STANZA + '\n' + junk, 's');
        assert.equal(r.packages[0]?.name, 'tar');
        for (const p of r.packages) assert.ok(p.name !== '' && /^[A-Za-z0-9]/.test(p.version));
      }),
      { numRuns: 300 },
    );
  });
});
