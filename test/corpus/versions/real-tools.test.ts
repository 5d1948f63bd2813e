// Cross-checks random valid versions against the real tools installed on this machine
// (dpkg, rpm, Python packaging, PHP + composer/semver, RubyGems, node-semver, Maven's own
// ComparableVersion). A missing tool skips its case loudly; none of these run in `npm test`.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { isRampartError } from '../../../src/runtime/errors.js';
import { compareVersions, parseVersion } from '../../../src/scanner/versions/compare-versions.js';
import type { SchemeId } from '../../../src/scanner/versions/contracts.js';
import { versionArbitraries } from '../../scanner/versions/version-arbitraries.js';

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

function pairs(scheme: SchemeId, n: number, seed: number): [string, string][] {
  const arb = versionArbitraries[scheme];
  // Half the pairs share a prefix so that the interesting tails get compared.
  const near = arb.chain((a) =>
    fc.tuple(
      fc.constant(a),
      arb.map((b) => a.slice(0, Math.floor(a.length / 2)) + b.slice(Math.floor(b.length / 2))),
    ),
  );
  return [
    ...fc.sample(fc.tuple(arb, arb), { numRuns: n / 2, seed }),
    ...fc.sample(near, { numRuns: n / 2, seed: seed + 1 }),
  ];
}

/**
 * `truth[i]` is the tool's sign, or null when the tool refused one of the strings: then ours
 * must refuse it too (VERSION_INVALID), and where the tool answers ours must answer the same.
 */
function check(scheme: SchemeId, rows: [string, string][], truth: (number | null)[]): void {
  const bad: string[] = [];
  let refused = 0;
  rows.forEach(([a, b], i) => {
    let ours: number | string;
    try {
      ours = compareVersions(scheme, a, b);
    } catch (e) {
      ours = isRampartError(e, 'VERSION_INVALID') ? 'invalid' : `throws ${(e as Error).message}`;
    }
    const want = truth[i] === null ? 'invalid' : truth[i];
    if (ours === 'invalid' && want === 'invalid') refused++;
    if (ours !== want) bad.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: tool ${want}, ours ${ours}`);
  });
  assert.deepEqual(bad, []);
  console.log(
    `      ${scheme}: ${rows.length} random pairs agree with the real tool (${refused} refused by both)`,
  );
}

function viaStdin(cmd: string, args: string[], rows: [string, string][]): (number | null)[] {
  const out = execFileSync(cmd, args, { input: JSON.stringify(rows), maxBuffer: 1 << 26 }).toString();
  return JSON.parse(out) as (number | null)[];
}

describe('versions: agreement with real tools on random versions', function () {
  it('dpkg --compare-versions', function () {
    if (!has('dpkg', ['--version'])) {
      console.warn('SKIP: dpkg not installed');
      this.skip();
    }
    const rows = pairs('dpkg', 300, 11);
    // One shell loop instead of a node spawn per call; status 2 means dpkg refused a string.
    const loop =
      'while IFS="$(printf \'\\t\')" read -r a b; do dpkg --compare-versions "$a" lt "$b" 2>/dev/null; s=$?;' +
      ' if [ $s = 0 ]; then echo -1; elif [ $s = 2 ]; then echo x; ' +
      ' elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
    const input = rows.map(([a, b]) => `${a}\t${b}`).join('\n') + '\n';
    const truth = execFileSync('sh', ['-c', loop], { input })
      .toString()
      .trim()
      .split('\n')
      .map((x) => (x === 'x' ? null : Number(x)));
    assert.equal(truth.length, rows.length);
    check('dpkg', rows, truth);
  });

  it('rpm (lua rpm.vercmp on EVRs)', function () {
    if (!has('rpm', ['--version'])) {
      console.warn('SKIP: rpm not installed');
      this.skip();
    }
    // rpm.vercmp validates nothing, so only pairs our EVR parser accepts are compared (the
    // generator's near-pairs can splice in a second ':' or '-', which we refuse on purpose).
    const accepted = (s: string) => {
      try {
        parseVersion('rpm', s);
        return true;
      } catch {
        return false;
      }
    };
    const rows = pairs('rpm', 600, 12).filter(
      ([a, b]) => !/[%{}"\\]/.test(a + b) && accepted(a) && accepted(b),
    );
    assert.ok(rows.length > 300);
    const macro = rows.map(([a, b]) => `%{lua: print(rpm.vercmp("${a}", "${b}"))}`).join(' ');
    const truth = execFileSync('rpm', ['--eval', macro]).toString().trim().split(/\s+/).map(Number);
    check('rpm', rows, truth);
  });

  it('Python packaging (PEP 440)', function () {
    if (!has('python3', ['-c', 'import packaging.version'])) {
      console.warn('SKIP: python3 packaging not installed');
      this.skip();
    }
    const rows = pairs('pep440', 1000, 13);
    const script =
      'import json,sys\nfrom packaging.version import Version as V\n' +
      'def c(a, b):\n  try: return (V(a)>V(b))-(V(a)<V(b))\n  except Exception: return None\n' +
      'print(json.dumps([c(a, b) for a,b in json.load(sys.stdin)]))';
    check('pep440', rows, viaStdin('python3', ['-c', script], rows));
  });

  it('PHP composer/semver (normalize + version_compare)', function () {
    const autoload = '/usr/share/php/Composer/Semver/autoload.php';
    if (!has('php', ['-r', `require '${autoload}';`])) {
      console.warn('SKIP: php with php-composer-semver not installed');
      this.skip();
    }
    const rows = pairs('composer', 1000, 14).filter(
      ([a, b]) => !a.startsWith('dev-') && !b.startsWith('dev-'),
    );
    const script =
      `require '${autoload}'; $p = new Composer\\Semver\\VersionParser(); $out = [];` +
      'foreach (json_decode(stream_get_contents(STDIN)) as [$a, $b]) {' +
      ' try { $out[] = version_compare($p->normalize($a), $p->normalize($b)); } catch (\\Exception $e) { $out[] = null; } }' +
      'echo json_encode($out);';
    check('composer', rows, viaStdin('php', ['-r', script], rows));
  });

  it('RubyGems Gem::Version', function () {
    if (!has('ruby', ['-e', 'Gem::Version'])) {
      console.warn('SKIP: ruby not installed');
      this.skip();
    }
    const rows = pairs('gem', 1000, 15);
    const script =
      'require "json"; puts JSON.generate(JSON.parse($stdin.read).map { |a, b| ' +
      '(Gem::Version.new(a) <=> Gem::Version.new(b) rescue nil) })';
    check('gem', rows, viaStdin('ruby', ['-e', script], rows));
  });

  it('node-semver (loose)', async function () {
    const semver = (await import('semver')).default;
    const rows = pairs('semver', 2000, 16);
    check(
      'semver',
      rows,
      rows.map(([a, b]) => {
        try {
          return semver.compare(a, b, { loose: true });
        } catch {
          return null;
        }
      }),
    );
  });

  it('Maven ComparableVersion (maven-artifact of the installed Maven) on every maven.json row', function () {
    // The jar sits in `lib/` under the Maven home that `mvn --version` reports. Only the vector
    // rows are compared: Debian's Maven is 3.8.x, whose qualifier rules predate the ones of Maven
    // 4 (combination items such as `a0`) that our comparator follows, so random qualifier-heavy
    // pairs differ between the two by design.
    // -B (batch mode): no colour codes in the output.
    const plain = spawnSync('mvn', ['-B', '--version'], { encoding: 'utf8' }).stdout ?? '';
    const home = /^Maven home: (.+)$/m.exec(plain)?.[1]?.trim();
    const version = /Apache Maven (\S+)/.exec(plain)?.[1];
    const lib = home ? join(home, 'lib') : '';
    const jar =
      lib && existsSync(lib) ? readdirSync(lib).find((f) => /^maven-artifact.*\.jar$/.test(f)) : undefined;
    const vectors = fileURLToPath(
      new URL('../../../../shared/fixtures/versions/maven.json', import.meta.url),
    );
    if (!jar || !has('java', ['-version']) || !existsSync(vectors)) {
      console.warn('SKIP: Maven (maven-artifact jar), java or ../shared not available');
      this.skip();
    }
    this.timeout(120_000);
    const rows = JSON.parse(readFileSync(vectors, 'utf8')) as [string, string, number][];
    const work = mkdtempSync(join(tmpdir(), 'rampart-maven-'));
    let real: number[];
    try {
      // One JVM for every pair: tab-separated pairs in, one sign per line out.
      const src = join(work, 'Compare.java');
      writeFileSync(
        src,
        [
          'import java.io.*;',
          'import org.apache.maven.artifact.versioning.ComparableVersion;',
          'public class Compare {',
          '  public static void main(String[] args) throws IOException {',
          '    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));',
          '    PrintStream out = new PrintStream(System.out, false, "UTF-8");',
          '    for (String line; (line = in.readLine()) != null; ) {',
          '      String[] p = line.split("\\t", -1);',
          '      out.println(Integer.signum(new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]))));',
          '    }',
          '    out.flush();',
          '  }',
          '}',
        ].join('\n'),
      );
      const out = execFileSync('java', ['-cp', join(lib, jar!), src], {
        input: rows.map(([a, b]) => `${a}\t${b}`).join('\n') + '\n',
      }).toString();
      real = out.trim().split('\n').map(Number);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    assert.equal(real.length, rows.length);
    // Ours gives Maven's answer on every row, the exempted one of shared-vectors included.
    assert.deepEqual(
      rows.filter(([a, b], i) => compareVersions('maven', a, b) !== real[i]).map(([a, b]) => `${a} vs ${b}`),
      [],
    );
    const fileDiffers = rows
      .filter(([, , want], i) => real[i] !== want)
      .map(([a, b, want]) => `${a} vs ${b} (file ${want})`);
    console.log(
      `      maven.json: ours = Maven ${version ?? '?'} on ${rows.length}/${rows.length} rows; ` +
        `Maven itself differs from the file on: ${fileDiffers.join('; ') || 'none'}`,
    );
  });
});
