// Vector files built in testdata/ from upstream test suites and real tools (see PROVENANCE.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isRampartError } from '../../../src/runtime/errors.js';
import {
  compareVersions,
  parseVersion,
  satisfiesRange,
} from '../../../src/scanner/versions/compare-versions.js';
import { normalizeComposerVersion } from '../../../src/scanner/versions/composer/index.js';
import { goScheme } from '../../../src/scanner/versions/go.js';
import { nugetScheme } from '../../../src/scanner/versions/nuget.js';

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8')) as T;

function mismatches<R extends unknown[]>(
  rows: R[],
  got: (r: R) => unknown,
  want: (r: R) => unknown,
): string[] {
  const out: string[] = [];
  for (const r of rows) {
    let g: unknown;
    try {
      g = got(r);
    } catch (e) {
      g = `throws ${(e as Error).message}`;
    }
    if (g !== want(r)) out.push(`${JSON.stringify(r)} → ${JSON.stringify(g)}`);
  }
  return out;
}

const isInvalid = (e: unknown) => isRampartError(e, 'VERSION_INVALID', 'VERSION_RANGE_INVALID');

describe('versions: built vector files', () => {
  describe('composer (Debian php-composer-semver 3.3.2)', () => {
    const d = load<{
      normalize: [string, string | null][];
      compare: [string, string, number][];
      satisfies: [string, string, boolean][];
    }>('composer.json');

    it(`normalises like VersionParser::normalize (${d.normalize.length} inputs)`, () => {
      assert.deepEqual(
        mismatches(
          d.normalize,
          ([i]) => normalizeComposerVersion(i) ?? null,
          ([, n]) => n,
        ),
        [],
      );
    });
    it('throws VERSION_INVALID where Composer throws', () => {
      for (const [i, n] of d.normalize)
        if (n === null) assert.throws(() => parseVersion('composer', i), isInvalid, i);
    });
    it(`orders like version_compare (${d.compare.length} pairs)`, () => {
      assert.deepEqual(
        mismatches(
          d.compare,
          ([a, b]) => compareVersions('composer', a, b),
          ([, , w]) => w,
        ),
        [],
      );
    });
    it(`matches constraints like Semver::satisfies (${d.satisfies.length} pairs)`, () => {
      assert.deepEqual(
        mismatches(
          d.satisfies,
          ([v, c]) => satisfiesRange('composer', v, c),
          ([, , w]) => w,
        ),
        [],
      );
    });
  });

  describe('go (golang.org/x/mod semver tests)', () => {
    const d = load<{
      compare: [string, string, number][];
      extra_compare: [string, string, number][];
      canonical: [string, string][];
      invalid: string[];
      extra_invalid: string[];
    }>('go.json');
    it(`orders ${d.compare.length + d.extra_compare.length} pairs`, () => {
      const rows = [...d.compare, ...d.extra_compare];
      assert.deepEqual(
        mismatches(
          rows,
          ([a, b]) => compareVersions('go', a, b),
          ([, , w]) => w,
        ),
        [],
      );
    });
    it('prints the canonical form (build metadata kept only in format)', () => {
      for (const [a, c] of d.canonical) {
        const printed = goScheme.format(goScheme.parse(a)).replace(/\+.*$/, '');
        assert.equal(printed, c, a);
      }
    });
    it('refuses invalid versions with VERSION_INVALID', () => {
      for (const v of [...d.invalid, ...d.extra_invalid])
        assert.throws(() => goScheme.parse(v), isInvalid, v);
    });
  });

  describe('nuget (NuGet.Client versioning tests)', () => {
    const d = load<{
      compare: [string, string, number][];
      valid: string[];
      invalid: string[];
      format: [string, string][];
      badRanges: string[];
      ranges: [string, string, boolean][];
    }>('nuget.json');
    it(`orders ${d.compare.length} pairs`, () => {
      assert.deepEqual(
        mismatches(
          d.compare,
          ([a, b]) => compareVersions('nuget', a, b),
          ([, , w]) => w,
        ),
        [],
      );
    });
    it('accepts valid and refuses invalid strings', () => {
      for (const v of d.valid) assert.doesNotThrow(() => nugetScheme.parse(v), v);
      for (const v of d.invalid) assert.throws(() => nugetScheme.parse(v), isInvalid, v);
    });
    it('prints normalised strings', () => {
      for (const [v, f] of d.format) assert.equal(nugetScheme.format(nugetScheme.parse(v)), f);
    });
    it('evaluates and refuses ranges', () => {
      for (const r of d.badRanges)
        assert.throws(() => nugetScheme.parseRange(r), isInvalid, JSON.stringify(r));
      assert.deepEqual(
        mismatches(
          d.ranges,
          ([r, v]) => satisfiesRange('nuget', v, r),
          ([, , w]) => w,
        ),
        [],
      );
    });
  });

  describe('pep440 specifiers (Python packaging 26.2, prereleases=True)', () => {
    const rows = load<[string, string, boolean][]>('pep440-specifiers.json');
    it(`agrees on ${rows.length} version × specifier pairs`, () => {
      assert.deepEqual(
        mismatches(
          rows,
          ([v, s]) => satisfiesRange('pep440', v, s),
          ([, , w]) => w,
        ),
        [],
      );
    });
  });

  describe('gem requirements (RubyGems 3.3.15)', () => {
    const d = load<{ satisfies: [string, string, boolean][]; compare: [string, string, number][] }>(
      'gem-requirements.json',
    );
    it(`agrees on ${d.satisfies.length} requirement pairs`, () => {
      assert.deepEqual(
        mismatches(
          d.satisfies,
          ([v, r]) => satisfiesRange('gem', v, r),
          ([, , w]) => w,
        ),
        [],
      );
    });
    it(`orders ${d.compare.length} pairs like Gem::Version#<=>`, () => {
      assert.deepEqual(
        mismatches(
          d.compare,
          ([a, b]) => compareVersions('gem', a, b),
          ([, , w]) => w,
        ),
        [],
      );
    });
  });
});
