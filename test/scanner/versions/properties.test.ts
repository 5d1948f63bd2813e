// Every comparator is a total order on valid inputs, and parse → format → parse round-trips.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { VersionScheme } from '../../../src/scanner/versions/contracts.js';
import { versionSchemes } from '../../../src/scanner/versions/registry.js';
import { versionArbitraries } from './version-arbitraries.js';

const RUNS = 400;

describe('versions: order and round-trip properties (fast-check)', () => {
  for (const scheme of versionSchemes as VersionScheme<unknown>[]) {
    const arb = versionArbitraries[scheme.id];
    const parsed = arb.map((s) => ({ s, v: scheme.parse(s) }));

    describe(scheme.id, () => {
      it('every generated version parses', () => {
        fc.assert(
          fc.property(arb, (s) => void scheme.parse(s)),
          { numRuns: RUNS },
        );
      });

      it('is reflexive and antisymmetric', () => {
        fc.assert(
          fc.property(parsed, parsed, (a, b) => {
            assert.equal(scheme.compare(a.v, a.v), 0);
            assert.equal(scheme.compare(a.v, b.v), -scheme.compare(b.v, a.v) || 0);
          }),
          { numRuns: RUNS },
        );
      });

      it('is transitive and consistent with equality', () => {
        fc.assert(
          fc.property(parsed, parsed, parsed, (a, b, c) => {
            const [x, y, z] = [a, b, c].sort((p, q) => scheme.compare(p.v, q.v));
            assert.ok(scheme.compare(x!.v, y!.v) <= 0 && scheme.compare(y!.v, z!.v) <= 0);
            assert.ok(
              scheme.compare(x!.v, z!.v) <= 0,
              `${x!.s} ≤ ${y!.s} ≤ ${z!.s} but not ${x!.s} ≤ ${z!.s}`,
            );
            if (scheme.compare(a.v, b.v) === 0) {
              assert.equal(
                scheme.compare(a.v, c.v),
                scheme.compare(b.v, c.v),
                `${a.s} = ${b.s}, yet differ against ${c.s}`,
              );
            }
          }),
          { numRuns: RUNS * 2 },
        );
      });

      it('round-trips parse → format → parse', () => {
        fc.assert(
          fc.property(parsed, ({ s, v }) => {
            const text = scheme.format(v);
            const again = scheme.parse(text);
            assert.equal(scheme.compare(v, again), 0, `${s} → ${text}`);
            assert.equal(scheme.format(again), text);
          }),
          { numRuns: RUNS },
        );
      });

      it('a sorted sample stays sorted after a round-trip', () => {
        fc.assert(
          fc.property(fc.array(parsed, { minLength: 2, maxLength: 12 }), (xs) => {
            const sorted = [...xs].sort((p, q) => scheme.compare(p.v, q.v));
            for (let i = 1; i < sorted.length; i++) {
              assert.ok(scheme.compare(scheme.parse(scheme.format(sorted[i - 1]!.v)), sorted[i]!.v) <= 0);
            }
          }),
          { numRuns: RUNS / 4 },
        );
      });
    });
  }
});
