import assert from 'node:assert/strict';

import fc from 'fast-check';

import {
  ceilBytes,
  parseQuantity,
  quantityToCores,
  quantityToMb,
} from '../../../src/policy/workloads/parse-quantity.js';
import { isRampartError } from '../../../src/runtime/errors.js';

describe('parseQuantity', () => {
  const cores: Array<[string | number, number]> = [
    ['500m', 0.5],
    ['1', 1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['2.', 2],
    ['100m', 0.1],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['250000u', 0.25],
    ['5000000n', 0.005],
    ['2k', 2000],
    [0.25, 0.25],
    [4, 4],
    ['+3', 3],
    ['0', 0],
  ];
  for (const [input, want] of cores) {
    it(`cpu ${JSON.stringify(input)} → ${want} cores`, () => {
      assert.equal(quantityToCores(parseQuantity(input)), want);
    });
  }

  const mb: Array<[string, number]> = [
    ['128Mi', 128],
    ['1Gi', 1024],
    ['512Ki', 0.5],
    ['1G', 1e9 / 1048576],
    ['1M', 1e6 / 1048576],
    ['1048576', 1],
    ['1e6', 1e6 / 1048576],
    ['1.5Gi', 1536],
    ['0.5', 1 / 1048576], // half a byte rounds up to one byte, as Quantity.Value() does
    ['1m', 1 / 1048576],
    ['0', 0],
  ];
  for (const [input, want] of mb) {
    it(`memory ${input} → ${want} MB`, () => {
      assert.equal(quantityToMb(parseQuantity(input)), want);
    });
  }

  it('keeps integers exact beyond 2^53', () => {
    assert.equal(ceilBytes(parseQuantity('8Ei')), 8n * 2n ** 60n);
    assert.equal(ceilBytes(parseQuantity('123456789012345678901')), 123456789012345678901n);
  });

  for (const bad of ['', 'abc', '1.2.3', '10Mb', '5 m', 'Mi', '1e', '--1', '1ki', 'm500']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => parseQuantity(bad),
        (e: unknown) => isRampartError(e, 'WORKLOAD_QUANTITY_INVALID'),
      );
    });
  }

  it('milli-quantities match integer division for any value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        assert.equal(quantityToCores(parseQuantity(`${n}m`)), n / 1000);
      }),
    );
  });

  it('Mi quantities are exact MB for any value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        assert.equal(quantityToMb(parseQuantity(`${n}Mi`)), n);
      }),
    );
  });
});
