/** Every error and warning code used in src/ is documented in docs/error-codes.md. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// @ts-expect-error plain ESM script without types
import { collectCodes } from '../../scripts/error-codes.mjs';

describe('docs/error-codes.md', () => {
  it('lists every code raised in src/ (regenerate with node scripts/error-codes.mjs --write)', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/error-codes.md', import.meta.url)), 'utf8');
    const codes = [...(collectCodes() as Map<string, Set<string>>).keys()];
    assert.ok(codes.length > 20, `found only ${codes.length} codes`);
    const missing = codes.filter((c) => !doc.includes(`\`${c}\``));
    assert.deepEqual(missing, []);
  });
});
