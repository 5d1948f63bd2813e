// Every "fixed in" version of the real distribution feeds in ../shared/vulndata parses with its
// scheme (Debian OVAL → dpkg, Red Hat and Rocky OVAL → rpm, Alpine/Wolfi/Chainguard secdb → apk),
// and each fixed version is not affected by its own fix.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isRampartError } from '../../../src/runtime/errors.js';
import { getScheme } from '../../../src/scanner/versions/compare-versions.js';
import { affectedBeforeFix } from '../../../src/scanner/versions/constraint-ranges.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));

/** The EVR texts of an OVAL file (`<evr>` / `<red-def:evr>` elements). */
function ovalEvrs(file: string): string[] {
  const xml = execFileSync('bzcat', [file], { maxBuffer: 1 << 30 }).toString();
  return [...xml.matchAll(/<(?:[a-z-]+:)?evr\b[^>]*>([^<]*)</g)].map((m) => m[1]!);
}

function check(scheme: string, versions: string[]): { ok: number; refused: string[] } {
  const s = getScheme(scheme);
  const refused: string[] = [];
  let ok = 0;
  for (const v of versions) {
    try {
      s.parse(v);
      assert.equal(affectedBeforeFix(scheme, v, v), false, v);
      ok++;
    } catch (e) {
      if (!isRampartError(e, 'VERSION_INVALID')) throw e;
      refused.push(v);
    }
  }
  return { ok, refused };
}

describe('versions: fixed versions of real distribution feeds', function () {
  before(function () {
    if (!existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  for (const release of ['bookworm', 'bullseye', 'buster']) {
    it(`Debian OVAL ${release}: every EVR parses with dpkg`, function () {
      const evrs = ovalEvrs(`${vulndata}/debian-oval/oval-definitions-${release}.xml.bz2`);
      const { ok, refused } = check('dpkg', evrs);
      console.log(`      Debian ${release}: ${ok}/${evrs.length} EVRs parse`);
      assert.deepEqual(refused, []);
      assert.ok(ok > 10000);
    });
  }

  for (const [file, name] of [
    ['redhat-oval/com.redhat.rhsa-RHEL9.xml.bz2', 'Red Hat 9'],
    ['rocky-oval/org.rockylinux.rlsa-9.xml.bz2', 'Rocky 9'],
  ] as const) {
    it(`${name} OVAL: every EVR parses with rpm`, function () {
      const evrs = ovalEvrs(`${vulndata}/${file}`);
      const { ok, refused } = check('rpm', evrs);
      console.log(`      ${name}: ${ok}/${evrs.length} EVRs parse`);
      assert.deepEqual(refused, []);
      assert.ok(ok > 100);
    });
  }

  it('Alpine, Wolfi and Chainguard secdb: fixed versions parse with apk, except apk-invalid typos', function () {
    const keys: string[] = [];
    const secdb = (path: string) => {
      const doc = JSON.parse(readFileSync(path, 'utf8')) as {
        packages?: { pkg: { secfixes?: Record<string, unknown> } }[];
      };
      for (const p of doc.packages ?? []) keys.push(...Object.keys(p.pkg.secfixes ?? {}));
    };
    for (const rel of readdirSync(`${vulndata}/alpine-secdb`).filter((d) => /^(v\d|edge)/.test(d))) {
      for (const f of readdirSync(`${vulndata}/alpine-secdb/${rel}`))
        secdb(`${vulndata}/alpine-secdb/${rel}/${f}`);
    }
    for (const f of [
      'wolfi-secdb/security.vuln-list-update-fixture.json',
      'wolfi-secdb/security.vunnel-fixture.json',
      'chainguard-secdb/security.vuln-list-update-fixture.json',
    ]) {
      secdb(`${vulndata}/${f}`);
    }
    const { ok, refused } = check('apk', keys);
    const distinct = [...new Set(refused)];
    console.log(
      `      secdb: ${ok}/${keys.length} fixed versions parse; ${refused.length} refused ` +
        `(${distinct.length} distinct, e.g. ${distinct.slice(0, 6).join(', ')}): apk's own grammar rejects them too`,
    );
    // The refused keys are typos apk itself cannot validate (`6.6.2p1-r0`, `4.8.0.-r1`,
    // `10.0.11-0`…); the matcher reports such findings as unknown.
    assert.ok(refused.length / keys.length < 0.005, `${refused.length} refused`);
    for (const v of distinct)
      assert.ok(!/^\d+(\.\d+)*[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*(-r\d+)?$/.test(v), v);
  });
});
