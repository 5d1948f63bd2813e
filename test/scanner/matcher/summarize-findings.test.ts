import assert from 'node:assert/strict';

import { countFindings, sortFindings } from '../../../src/scanner/matcher/summarize-findings.js';
import {
  SEVERITY_ORDER,
  type Finding,
  type FindingPackage,
  type SeverityName,
} from '../../../src/model/vuln-report.js';

/** A small deterministic generator (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** roxctl's row order spelled as one stable sort over every row (the definition). */
function referenceSort(findings: readonly Finding[]): Finding[] {
  const rank = (s: SeverityName) => SEVERITY_ORDER.indexOf(s);
  const key = (f: Finding) =>
    `${f.package.name}\0${f.package.version}\0${f.package.location}\0${f.package.purl}`;
  const top = new Map<string, number>();
  for (const f of findings) top.set(key(f), Math.max(top.get(key(f)) ?? -1, rank(f.severity.name)));
  const score = (f: Finding) => f.cvss.v3?.score ?? f.cvss.v4?.score ?? -1;
  return [...findings].sort(
    (a, b) =>
      top.get(key(b))! - top.get(key(a))! ||
      cmp(a.package.name, b.package.name) ||
      cmp(key(a), key(b)) ||
      rank(b.severity.name) - rank(a.severity.name) ||
      score(b) - score(a) ||
      cmp(a.id, b.id),
  );
}

function findingsOf(seed: number): Finding[] {
  const rnd = lcg(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const packages: FindingPackage[] = [];
  for (let i = 0; i < 40; i++) {
    const name = pick(['zlib', 'openssl', 'lodash', 'a', 'b']);
    // Two package objects may share a key (same name, version, location, purl).
    const location = pick(['x', 'y']);
    packages.push({
      name,
      version: pick(['1', '2']),
      type: 'npm',
      kind: 'language',
      purl: `pkg:npm/${name}`,
      location,
      ecosystem: 'npm',
    });
  }
  const out: Finding[] = [];
  for (let i = 0; i < 600; i++) {
    const score = rnd() < 0.3 ? undefined : Math.round(rnd() * 100) / 10;
    out.push({
      package: pick(packages),
      id: `CVE-2024-${Math.floor(rnd() * 30)}`,
      aliases: [],
      advisories: [],
      state: 'affected',
      fixedIn: [],
      severity: { name: pick(SEVERITY_ORDER), source: 'nvd' },
      cvss: {
        ...(score !== undefined
          ? { v3: { version: '3.1', vector: 'CVSS:3.1/x', score, source: 'nvd' } }
          : {}),
        all: [],
      },
      links: [],
    });
  }
  return out;
}

describe('matcher: sortFindings and countFindings', () => {
  it('orders rows exactly as one stable sort on component severity, name, key, severity, score and id', () => {
    for (const seed of [1, 2, 3, 42]) {
      const findings = findingsOf(seed);
      const got = sortFindings(findings);
      const want = referenceSort(findings);
      assert.equal(got.length, want.length);
      got.forEach((f, i) => assert.equal(f, want[i], `seed ${seed}, row ${i}`));
    }
  });

  it('counts components by package key and unique ids under their first row severity', () => {
    const findings = sortFindings(findingsOf(7));
    const c = countFindings(findings);
    const keys = new Set(
      findings.map(
        (f) => `${f.package.name}\0${f.package.version}\0${f.package.location}\0${f.package.purl}`,
      ),
    );
    assert.equal(c.components, keys.size);
    const first = new Map<string, SeverityName>();
    for (const f of findings) if (!first.has(f.id)) first.set(f.id, f.severity.name);
    assert.equal(c.vulnerabilities, first.size);
    for (const s of SEVERITY_ORDER)
      assert.equal(c.bySeverity[s], [...first.values()].filter((x) => x === s).length, s);
    assert.equal(c.findings, findings.length);
  });
});
