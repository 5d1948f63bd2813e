// The feed constraint syntaxes on real advisories in ../shared/vulndata: every FriendsOfPHP
// branch constraint and every RubySec requirement parses, and a version an advisory names as a
// fix is never reported as affected by that advisory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import YAML from 'yaml';
import { getScheme } from '../../../src/scanner/versions/compare-versions.js';
import {
  friendsOfPhpAffected,
  ghsaAffected,
  rubysecAffected,
  type FriendsOfPhpBranches,
  type RubySecVersions,
} from '../../../src/scanner/versions/constraint-ranges.js';
import { schemeForEcosystem } from '../../../src/scanner/versions/ecosystem-scheme.js';
import { isAffected, type OsvRange } from '../../../src/scanner/versions/osv-range.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));

async function tarGzTexts(path: string, suffix: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file' && header.name.endsWith(suffix)) {
          out.push([header.name, Buffer.concat(chunks).toString('utf8')]);
        }
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(readFileSync(path)));
  await done;
  return out;
}

function composerVersionOk(v: string): boolean {
  try {
    getScheme('composer').parse(v);
    return true;
  } catch {
    return false;
  }
}

/** The version a constraint names as its bound (`<2.6.11` → `2.6.11`, `~> 2.1.2` → `2.1.2`). */
const boundOf = (c: string) => /^\s*(?:<|>=|~>)\s*(\S+)\s*$/.exec(c)?.[1];

describe('versions: feed constraints of real advisories', function () {
  before(function () {
    if (!existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('FriendsOfPHP: every branch constraint parses; each branch excludes its own upper bound', async function () {
    const files = await tarGzTexts(`${vulndata}/php-security-advisories/security-advisories.tar.gz`, '.yaml');
    const composer = getScheme('composer');
    let constraints = 0;
    let bounds = 0;
    const bad: string[] = [];
    for (const [name, text] of files) {
      const doc = YAML.parse(text, { schema: 'failsafe' }) as { branches?: FriendsOfPhpBranches };
      for (const [branch, b] of Object.entries(doc.branches ?? {})) {
        for (const c of b.versions) {
          try {
            composer.parseRange(c);
            constraints++;
          } catch (e) {
            bad.push(`${name} ${branch}: ${c}: ${(e as Error).message}`);
          }
          const upper = c.trim().startsWith('<') && !c.includes('=') ? boundOf(c) : undefined;
          if (upper && !bad.length) {
            try {
              composer.parse(upper);
            } catch {
              continue;
            }
            bounds++;
            if (friendsOfPhpAffected(upper, { [branch]: b }))
              bad.push(`${name} ${branch}: ${upper} inside ${c}`);
          }
        }
      }
    }
    assert.deepEqual(bad, []);
    // Cross-check with composer/semver itself: every version a branch names, against the branch.
    const probes: [string, string[]][] = [];
    for (const [, text] of files) {
      const doc = YAML.parse(text, { schema: 'failsafe' }) as { branches?: FriendsOfPhpBranches };
      for (const b of Object.values(doc.branches ?? {})) {
        for (const c of b.versions) {
          const v = /([0-9][0-9A-Za-z.-]*)\s*$/.exec(c)?.[1];
          if (v && composerVersionOk(v)) probes.push([v, [...b.versions]]);
        }
      }
    }
    const autoload = '/usr/share/php/Composer/Semver/autoload.php';
    const php = spawnSync(
      'php',
      [
        '-r',
        `require '${autoload}'; $o = []; foreach (json_decode(stream_get_contents(STDIN)) as [$v, $cs]) {` +
          ' $ok = true; foreach ($cs as $c) { $ok = $ok && Composer\\Semver\\Semver::satisfies($v, $c); } $o[] = $ok; }' +
          ' echo json_encode($o);',
      ],
      { input: JSON.stringify(probes), maxBuffer: 1 << 26 },
    );
    let agreed = 'not cross-checked (php-composer-semver missing)';
    if (php.status === 0) {
      const truth = JSON.parse(php.stdout.toString()) as boolean[];
      const diff = probes
        .filter(([v, cs], i) => truth[i] !== friendsOfPhpAffected(v, { b: { versions: cs } }))
        .map(([v, cs]) => `${v} vs ${cs.join(',')}`);
      assert.deepEqual(diff, []);
      agreed = 'all agree with composer/semver';
    } else console.warn('SKIP: php with php-composer-semver not installed — branches not cross-checked');
    console.log(
      `      FriendsOfPHP: ${files.length} advisories, ${constraints} constraints parsed, ${bounds} fixed bounds outside ` +
        `their branch, ${probes.length} probes ${agreed}`,
    );
    assert.ok(constraints > 3000);
  });

  it('RubySec: every requirement parses; on the versions each names, it agrees with RubyGems', async function () {
    const files = await tarGzTexts(`${vulndata}/rubysec/ruby-advisory-db.tar.gz`, '.yml');
    const gem = getScheme('gem');
    let reqs = 0;
    const bad: string[] = [];
    const probes: [string, string][] = [];
    for (const [name, text] of files.filter(([n]) => n.startsWith('gems/'))) {
      const adv = YAML.parse(text, { schema: 'failsafe' }) as RubySecVersions;
      for (const r of [...(adv.patched_versions ?? []), ...(adv.unaffected_versions ?? [])]) {
        try {
          gem.parseRange(r);
          reqs++;
        } catch (e) {
          bad.push(`${name}: ${r}: ${(e as Error).message}`);
          continue;
        }
        // Probe each version the requirement names, and the first patched version is safe.
        for (const m of r.matchAll(/(?:^|,)\s*(?:[<>=!~]+)?\s*([0-9][0-9A-Za-z.-]*)/g))
          probes.push([m[1]!, r]);
      }
      const first = (adv.patched_versions ?? [])[0];
      const lower = first && /^\s*>=\s*(\S+)\s*$/.exec(first)?.[1];
      if (lower && rubysecAffected(lower, adv)) bad.push(`${name}: patched ${lower} reported affected`);
    }
    assert.deepEqual(bad, []);
    const ours = probes.map(([v, r]) => gem.satisfies(gem.parse(v), gem.parseRange(r)));
    let agreed = 'not cross-checked (ruby missing)';
    const ruby = spawnSync(
      'ruby',
      [
        '-e',
        'require "json"; puts JSON.generate(JSON.parse($stdin.read).map { |v, r| ' +
          'Gem::Requirement.new(*r.split(",").map(&:strip)).satisfied_by?(Gem::Version.new(v)) })',
      ],
      { input: JSON.stringify(probes), maxBuffer: 1 << 26 },
    );
    if (ruby.status === 0) {
      const truth = JSON.parse(ruby.stdout.toString()) as boolean[];
      const diff = probes.filter((_, i) => truth[i] !== ours[i]).map(([v, r]) => `${v} vs "${r}"`);
      assert.deepEqual(diff, []);
      agreed = `all agree with RubyGems ${spawnSync('ruby', ['-e', 'print Gem::VERSION']).stdout}`;
    } else console.warn('SKIP: ruby not installed — RubySec requirements not cross-checked');
    console.log(
      `      RubySec: ${files.length} files, ${reqs} requirements parsed, ${probes.length} probes ${agreed}`,
    );
    assert.ok(reqs > 1000);
  });

  it('GHSA (OSV format): ranges per ecosystem scheme, fixed outside, last-known-affected ranges parse', function () {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) =>
        statSync(`${d}/${n}`).isDirectory() ? walk(`${d}/${n}`) : [`${d}/${n}`],
      );
    const files = walk(`${vulndata}/ghsa/advisories`).filter((f) => f.endsWith('.json'));
    let checked = 0;
    for (const f of files) {
      const rec = JSON.parse(readFileSync(f, 'utf8')) as {
        affected: {
          package: { ecosystem: string };
          ranges: OsvRange[];
          database_specific?: { last_known_affected_version_range?: string };
        }[];
      };
      for (const a of rec.affected) {
        const scheme = schemeForEcosystem(a.package.ecosystem);
        assert.ok(scheme, a.package.ecosystem);
        for (const r of a.ranges) {
          for (const ev of r.events) {
            if (ev.fixed) assert.equal(isAffected(scheme, ev.fixed, [r]), false, `${f}: fixed ${ev.fixed}`);
            if (ev.introduced && ev.introduced !== '0') {
              assert.equal(isAffected(scheme, ev.introduced, [r]), true, `${f}: introduced ${ev.introduced}`);
            }
            checked++;
          }
        }
        const lka = a.database_specific?.last_known_affected_version_range;
        if (lka) {
          const v = /[\d][^\s,]*$/.exec(lka)![0];
          assert.equal(ghsaAffected(scheme, v, lka), lka.includes('='), `${f}: ${lka}`);
          checked++;
        }
      }
    }
    console.log(`      GHSA: ${files.length} advisories, ${checked} events and ranges checked`);
    assert.ok(checked > 8);
  });
});
