import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRpmdb } from '../../../../src/scanner/indexer/rpm/parse-rpmdb.js';
import { buildBdbHash, buildNdb } from '../../../helpers/rpm-db-builders.js';
import { buildPackageHeader } from '../../../helpers/rpm-header-builder.js';

const PKG = {
  name: 'openssl-libs',
  version: '3.0.7',
  release: '27.el9',
  epoch: 1,
  arch: 'x86_64',
  license: 'ASL 2.0',
  sourceRpm: 'openssl-3.0.7-27.el9.src.rpm',
  files: Array.from({ length: 30 }, (_, i) => `/usr/lib64/engines-3/mod-${i}.so`),
};

/** Overwrite random bytes of a valid database; the reader must return (packages and/or warnings), never throw or hang. */
function mutations(size: number) {
  return fc.array(fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: 255 })), {
    minLength: 1,
    maxLength: 12,
  });
}

function mutate(base: Buffer, edits: [number, number][]): Buffer {
  const copy = Buffer.from(base);
  for (const [at, byte] of edits) copy[at] = byte;
  return copy;
}

describe('rpm readers on mutated databases (fast-check)', () => {
  const bdb = buildBdbHash([buildPackageHeader(PKG), buildPackageHeader({ ...PKG, name: 'openssl' })], {
    pageSize: 512,
    inlineMax: 100,
  }).data;
  const ndb = buildNdb([buildPackageHeader(PKG), buildPackageHeader({ ...PKG, name: 'openssl' })]);

  for (const [name, base] of [
    ['Berkeley DB', bdb],
    ['NDB', ndb],
  ] as const) {
    it(`${name}: never throws, never invents packages or returns one without name or version`, () => {
      fc.assert(
        fc.property(mutations(base.length), (edits) => {
          const r = parseRpmdb(mutate(base, edits), 'var/lib/rpm/Packages');
          for (const p of r.packages) assert.ok(p.name !== '' && p.version !== '');
          assert.ok(r.packages.length <= 2, `${r.packages.length} packages from a 2-package database`);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a header blob: cut at any length, never throws out of the finder', () => {
    const blob = buildPackageHeader(PKG);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: blob.length }), (cut) => {
        const r = parseRpmdb(buildNdb([blob.subarray(0, cut)]), 'var/lib/rpm/Packages.db');
        assert.equal(r.packages.length + r.warnings.length >= 1, true);
      }),
      { numRuns: 200 },
    );
  });
});
