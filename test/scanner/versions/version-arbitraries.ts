// fast-check generators of valid version strings, one per scheme (shapes the feeds really use,
// plus the corner characters each scheme gives meaning to: ~ ^ epochs, qualifiers, suffixes).
import fc from 'fast-check';
import type { SchemeId } from '../../../src/scanner/versions/contracts.js';

const num = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 99999 })).map(String);
const zeroPadded = fc.tuple(fc.constantFrom('', '0', '00'), num).map(([z, n]) => z + n);
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const opt = (a: fc.Arbitrary<string>) => fc.option(a, { nil: '' });
const joined = (a: fc.Arbitrary<string>, sep: string, min: number, max: number) =>
  fc.array(a, { minLength: min, maxLength: max }).map((xs) => xs.join(sep));

const debLike = fc.stringMatching(/^[0-9][0-9a-zA-Z.+~]{0,8}$/);
const debRev = fc.stringMatching(/^[0-9a-zA-Z+~][0-9a-zA-Z.+~]{0,5}$/);
const dpkg = fc
  .tuple(opt(num.map((n) => `${n}:`)), debLike, opt(debRev.map((r) => `-${r}`)))
  .map(([e, u, r]) => e + u + r);

const rpmPart = fc.stringMatching(/^[0-9a-zA-Z][0-9a-zA-Z._+~^]{0,8}$/);
const rpm = fc
  .tuple(opt(num.map((n) => `${n}:`)), rpmPart, opt(rpmPart.map((r) => `-${r}`)))
  .map((xs) => xs.join(''));

const apk = fc
  .tuple(
    joined(zeroPadded, '.', 1, 4),
    opt(fc.stringMatching(/^[a-z]$/)),
    joined(
      fc
        .tuple(pick('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'), opt(num))
        .map(([s, n]) => `_${s}${n}`),
      '',
      0,
      2,
    ),
    opt(fc.stringMatching(/^~[0-9a-f]{1,8}$/)),
    opt(num.map((n) => `-r${n}`)),
  )
  .map((xs) => xs.join(''));

const ident = fc.oneof(num, fc.stringMatching(/^[0-9]*[a-zA-Z-][0-9a-zA-Z-]{0,5}$/));
const semverCore = fc.tuple(num, num, num).map((xs) => xs.join('.'));
const semver = fc
  .tuple(
    semverCore,
    opt(joined(ident, '.', 1, 3).map((p) => `-${p}`)),
    opt(joined(ident, '.', 1, 2).map((b) => `+${b}`)),
  )
  .map((xs) => xs.join(''));

const goIdent = fc.oneof(
  fc.integer({ min: 0, max: 999 }).map(String),
  fc.stringMatching(/^[0-9]*[a-zA-Z-][0-9a-zA-Z-]{0,5}$/),
);
const go = fc.oneof(
  fc
    .tuple(
      semverCore,
      opt(joined(goIdent, '.', 1, 3).map((p) => `-${p}`)),
      opt(pick('+incompatible', '+meta')),
      pick('v', ''),
    )
    .map(([c, p, b, v]) => `${v}${c}${p}${b}`),
  fc
    .tuple(
      fc.integer({ min: 1, max: 30 }),
      opt(fc.integer({ min: 0, max: 20 }).map((n) => `.${n}`)),
      opt(fc.tuple(pick('rc', 'beta'), fc.integer({ min: 1, max: 3 })).map(([a, n]) => `${a}${n}`)),
    )
    .map(([m, p, s]) => `go1.${m}${s ? '' : p}${s}`),
);

const pep440 = fc
  .tuple(
    opt(num.map((n) => `${n}!`)),
    joined(num, '.', 1, 4),
    opt(
      fc
        .tuple(pick('a', 'b', 'rc', 'alpha', 'beta', 'c', 'pre', 'preview'), opt(num))
        .map(([l, n]) => `${l}${n}`),
    ),
    opt(fc.tuple(pick('.post', '-', 'post', '.r', 'rev'), num).map(([l, n]) => `${l}${n}`)),
    opt(fc.tuple(pick('.dev', 'dev'), opt(num)).map(([l, n]) => `${l}${n}`)),
    opt(joined(fc.stringMatching(/^[a-z0-9]{1,4}$/), '.', 1, 3).map((l) => `+${l}`)),
  )
  .map((xs) => xs.join(''));

const mavenToken = fc.oneof(
  num,
  pick(
    'alpha',
    'a',
    'beta',
    'b',
    'milestone',
    'm',
    'rc',
    'cr',
    'snapshot',
    'SNAPSHOT',
    'ga',
    'final',
    'release',
    'sp',
    'foo',
    'x',
  ),
);
const maven = fc
  .tuple(num, fc.array(fc.tuple(pick('.', '-', ''), mavenToken), { maxLength: 5 }))
  .map(([first, rest]) => first + rest.map(([s, t]) => s + t).join(''))
  .filter((s) => !/--|\.\.|-\.|\.-|[.-]$/.test(s));

const gem = fc
  .tuple(
    num,
    fc.array(fc.oneof(num, fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,4}$/)), { maxLength: 4 }),
    opt(fc.stringMatching(/^-[0-9a-zA-Z]{1,5}$/)),
  )
  .map(([n, rest, pre]) => [n, ...rest].join('.') + pre);

const nuget = fc
  .tuple(
    joined(fc.integer({ min: 0, max: 99999 }).map(String), '.', 1, 4),
    opt(joined(ident, '.', 1, 3).map((p) => `-${p}`)),
    opt(fc.stringMatching(/^\+[0-9a-zA-Z]{1,5}$/)),
  )
  .map((xs) => xs.join(''));

const composer = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        pick('v', ''),
        joined(fc.integer({ min: 0, max: 999 }).map(String), '.', 1, 4),
        opt(
          fc
            .tuple(
              pick('-alpha', '-beta', '-RC', '-rc', '-patch', '-p', '-pl', 'beta', '-b', '-a'),
              opt(fc.integer({ min: 0, max: 20 }).map(String)),
            )
            .map(([s, n]) => s + n),
        ),
        opt(pick('-dev')),
      )
      .map((xs) => xs.join('')),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^dev-[a-z][a-z0-9/]{0,8}$/) },
  { weight: 1, arbitrary: fc.tuple(num, opt(num.map((n) => `.${n}`))).map(([a, b]) => `${a}${b}.x-dev`) },
);

/** A generator of valid version strings for every registered scheme. */
export const versionArbitraries: Record<SchemeId, fc.Arbitrary<string>> = {
  apk,
  composer,
  dpkg,
  gem,
  go,
  maven,
  nuget,
  pep440,
  rpm,
  semver,
};
