// The evaluation fast paths give the verdicts of the general code they stand in for: the
// plain-word test against the regex it replaces, the verdict-only group test against the full
// group matcher, and compound values kept as parts against the same values tab-joined.
import assert from 'node:assert/strict';
import fc from 'fast-check';

import { splitCompound } from '../../../src/policy/engine/printers.js';
import { compileRe2, compileWholeMatch } from '../../../src/policy/engine/re2-regex.js';
import {
  combinePredicates,
  combinePredicatesTest,
  readableFloat,
  regexPredicate,
  type ReadValue,
} from '../../../src/policy/engine/value-matchers.js';
import { CompoundValue } from '../../../src/policy/fields/define-field.js';
import { compoundPredicate } from '../../../src/policy/fields/image-fields.js';

const word = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
// Candidate strings near the words: case changes, affixes, non-ASCII look-alikes (Kelvin sign,
// dotless i, long s), tabs and separators.
const candidate = (words: string[]) =>
  fc.oneof(
    fc.constantFrom(...words),
    fc.constantFrom(...words).map((w) => w.toUpperCase()),
    fc
      .constantFrom(...words)
      .map((w) => w.replace(/k/gi, '\u212a').replace(/i/gi, '\u0131').replace(/s/gi, '\u017f')),
    fc.tuple(fc.constantFrom(...words), fc.string({ maxLength: 2 })).map(([w, x]) => w + x),
    fc.string({ maxLength: 10 }),
  );

describe('policy evaluation fast paths', () => {
  it('a plain word or word alternation matches exactly what its anchored case-insensitive regex matches', () => {
    fc.assert(
      fc.property(
        fc
          .array(word, { minLength: 1, maxLength: 4 })
          .chain((ws) => fc.tuple(fc.constant(ws), candidate(ws), fc.nat(3), fc.nat(3))),
        ([ws, s, pre, post]) => {
          const pattern = ws.join('|');
          const re = compileRe2(pattern);
          const whole = compileWholeMatch(pattern);
          const padded = 'x'.repeat(pre) + s + 'y'.repeat(post);
          assert.equal(whole(padded, pre, pre + s.length), re.test(s), `${pattern} vs ${JSON.stringify(s)}`);
        },
      ),
      { numRuns: 3000 },
    );
    // Patterns with regex syntax keep the regex.
    assert.equal(compileWholeMatch('ap.')('apt', 0, 3), true);
    assert.equal(compileWholeMatch('apt|')('', 0, 0), true);
    assert.equal(compileWholeMatch('CVE-2021-44228')('cve-2021-44228', 0, 14), true);
    assert.equal(regexPredicate('curl|wget')({ raw: 'WGET', text: 'WGET' }), true);
    assert.equal(regexPredicate('curl|wget')({ raw: 'wget2', text: 'wget2' }), false);
  });

  it('`.+` and `.*` match exactly what their anchored regexes match', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc
        .array(fc.constantFrom('a', ' ', '\n', '\r', '\u2028', '\u2029', '\u0085', '\t', '\ud83d'), {
          maxLength: 5,
        })
        .map((cs) => cs.join('')),
    );
    for (const pattern of ['.+', '.*']) {
      const re = compileRe2(pattern);
      const whole = compileWholeMatch(pattern);
      fc.assert(
        fc.property(text, fc.nat(2), fc.nat(2), (s, pre, post) => {
          const padded = '\n'.repeat(pre) + s + '\r'.repeat(post);
          assert.equal(whole(padded, pre, pre + s.length), re.test(s), `${pattern} vs ${JSON.stringify(s)}`);
        }),
        { numRuns: 3000 },
      );
    }
    assert.equal(compileWholeMatch('.+')('', 0, 0), false);
    assert.equal(compileWholeMatch('.*')('', 0, 0), true);
    assert.equal(compileWholeMatch('.+')('1.2\n', 0, 4), false);
  });

  it('readable floats and compound splits agree with their regex/split definitions', () => {
    const byRegex = (f: number) => f.toFixed(3).replace(/\.?0+$/, '');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer().map((i) => i / 1000),
          fc.constantFrom(0, -0, 10, 100, 0.5, 9.95, 1e20, 1e21, 1e30, 2.5e25, -1e21),
        ),
        (f) => assert.equal(readableFloat(f), byRegex(f), String(f)),
      ),
      { numRuns: 5000 },
    );
    const bySplit = (v: string, n: 2 | 3) => {
      const parts = v.split('\t');
      return n === 2
        ? [parts[0]!, parts.slice(1).join('\t')]
        : [parts[0]!, parts[1] ?? '', parts.slice(2).join('\t')];
    };
    const text = fc.array(fc.constantFrom('a', 'b', '\t', '='), { maxLength: 7 }).map((c) => c.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(2 as const, 3 as const), (v, n) =>
        assert.deepEqual(splitCompound(v, n), bySplit(v, n)),
      ),
      { numRuns: 3000 },
    );
  });

  it('the verdict-only group test agrees with the full group matcher', () => {
    const values = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'e'), { minLength: 1, maxLength: 3 }),
        fc.option(values, { nil: undefined }),
        fc.constantFrom<'OR' | 'AND'>('OR', 'AND'),
        fc.boolean(),
        (wanted, have, op, negate) => {
          const preds = wanted.map((w) => regexPredicate(w));
          const read: ReadValue[] | undefined = have?.map((x) => ({ raw: x, text: x }));
          const full = combinePredicates(preds, op, negate)(read) !== null;
          assert.equal(combinePredicatesTest(preds, op, negate)(read), full);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('compound values as parts match as their tab-joined text does', () => {
    const part = fc.oneof(
      fc.constantFrom('', 'apt', 'ADD', 'RUN', 'SECRET_KEY', 'a\tb'),
      fc.string({ maxLength: 5 }),
    );
    const policyPart = fc.constantFrom('', 'apt', 'apt|dpkg', 'ADD', '.*', 'a.*', 'secret.*', 'b');
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.array(policyPart, { minLength: 2, maxLength: 3 }),
        (parts, policy) => {
          const pred = compoundPredicate(policy);
          const joined = parts.join('\t');
          assert.equal(
            pred(new CompoundValue(parts)),
            pred({ raw: joined, text: joined }),
            `${JSON.stringify(policy)} vs ${JSON.stringify(parts)}`,
          );
        },
      ),
      { numRuns: 3000 },
    );
    assert.equal(new CompoundValue(['curl', '7.88']).text, 'curl\t7.88');
  });
});
