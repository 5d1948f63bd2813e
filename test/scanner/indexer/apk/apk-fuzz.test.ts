import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseInstalled } from '../../../../src/scanner/indexer/apk/parse-installed.js';

describe('apk parser on arbitrary lines (fast-check)', () => {
  it('apk: any text parses without throwing, and every package has a name and a version', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('P:a', 'V:1-r0', 'A:x86_64', 'F:usr', 'R:x', 'o:b', '', 'junk', 'R:../y'), {
          maxLength: 60,
        }),
        (lines) => {
          const r = parseInstalled(lines.join('\n'), 'db');
          for (const p of r.packages) assert.ok(p.name !== '' && p.version !== '');
          for (const o of r.ownedFiles)
            for (const path of o.paths) assert.ok(!path.split('/').includes('..'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
