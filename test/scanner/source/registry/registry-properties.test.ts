import assert from 'node:assert/strict';

import fc from 'fast-check';

import { parseChallenges } from '../../../../src/scanner/source/registry/parse-challenge.js';
import { parseReference } from '../../../../src/scanner/source/registry/parse-reference.js';

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const word = fc.array(lower, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const separator = fc.constantFrom('.', '_', '__', '-', '--');
const pathComponent = fc
  .tuple(word, fc.array(fc.tuple(separator, word), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([s, w]) => s + w).join(''));
const tag = fc
  .tuple(
    fc.constantFrom('v', 'A', '1', '_'),
    fc.array(fc.constantFrom(...'abcXYZ019._-'.split('')), { maxLength: 20 }),
  )
  .map(([h, t]) => h + t.join(''));
const registry = fc.oneof(
  fc.constant(undefined),
  fc
    .tuple(word, word, fc.option(fc.integer({ min: 1, max: 65535 })))
    .map(([a, b, p]) => `${a}.${b}${p ? `:${p}` : ''}`),
  fc.integer({ min: 1, max: 65535 }).map((p) => `127.0.0.1:${p}`),
);
const hex64 = fc
  .array(fc.constantFrom(...'0123456789abcdef'.split('')), { minLength: 64, maxLength: 64 })
  .map((a) => a.join(''));

describe('registry parsing properties', () => {
  it('parseReference: the normalised form parses to the same reference', () => {
    fc.assert(
      fc.property(
        registry,
        fc.array(pathComponent, { minLength: 1, maxLength: 3 }),
        fc.option(tag),
        fc.option(hex64),
        (reg, path, t, d) => {
          // without a registry, a first component with a dot (or `localhost`) names the registry itself
          fc.pre(
            reg !== undefined || path.length === 1 || (!path[0]!.includes('.') && path[0] !== 'localhost'),
          );
          const input = `${reg ? `${reg}/` : ''}${path.join('/')}${t ? `:${t}` : ''}${d ? `@sha256:${d}` : ''}`;
          const once = parseReference(input);
          const twice = parseReference(once.normalized);
          assert.deepEqual(twice, once);
          assert.equal(once.tag, t ?? (d ? undefined : 'latest'));
          assert.equal(once.digest, d ? `sha256:${d}` : undefined);
          assert.ok(once.repository.endsWith(path.join('/')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parseChallenges: quoted parameters come back exactly, whatever they contain', () => {
    const value = fc.string({ unit: fc.constantFrom(...'ab ,="\\:/=;x'.split('')), maxLength: 20 });
    const params = fc.dictionary(word, value, { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(word, params), { minLength: 1, maxLength: 3 }), (challenges) => {
        const header = challenges
          .map(
            ([scheme, p]) =>
              `${scheme} ${Object.entries(p)
                .map(([k, v]) => `${k}="${v.replace(/["\\]/g, (c) => `\\${c}`)}"`)
                .join(', ')}`,
          )
          .join(', ');
        const parsed = parseChallenges(header);
        assert.deepEqual(
          parsed,
          challenges.map(([scheme, p]) => ({ scheme, params: { ...p } })),
        );
      }),
      { numRuns: 300 },
    );
  });
});
