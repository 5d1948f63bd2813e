import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Distribution } from '../../../src/model/distribution.js';
import type { DistributionCandidate } from '../../../src/scanner/indexer/contracts.js';
import { osReleaseDetector } from '../../../src/scanner/indexer/os-release/index.js';
import { parseOsRelease } from '../../../src/scanner/indexer/os-release/parse-os-release.js';
import { finderContext, layerFileOf } from '../../helpers/layer-file-of.js';
import { listFiles, requirePkgdb } from './run-finder-on-dir.js';

/** What the indexer will do: ask the detector about every claimed file, keep the best rank. */
function detectDir(root: string): Distribution | undefined {
  let best: DistributionCandidate | undefined;
  for (const path of listFiles(root)) {
    if (!osReleaseDetector.claims(path)) continue;
    const c = osReleaseDetector.detect(layerFileOf(path, readFileSync(join(root, path))), finderContext);
    if (c && (!best || c.priority < best.priority)) best = c;
  }
  return best?.distribution;
}

const dirsOf = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

/** Trivy's OS family constants → the os-release ID we report. */
const TRIVY_FAMILY: Record<string, string[]> = {
  'types.ActiveState': ['activestate'],
  'types.Fedora': ['fedora'],
  'types.RedHat': ['rhel'],
  'types.CentOS': ['centos'],
  'types.CentOSStream': ['centos'],
  'types.Rocky': ['rocky'],
  'types.Alma': ['almalinux'],
  'types.Oracle': ['ol'],
  'types.Alpine': ['alpine'],
  'types.OpenSUSELeap': ['opensuse-leap'],
  'types.OpenSUSETumbleweed': ['opensuse-tumbleweed'],
  'types.SLES': ['sles'],
  'types.SLEMicro': ['sle-micro', 'sle-micro-rancher', 'sl-micro'],
  'types.Photon': ['photon'],
  'types.Azure': ['azurelinux'],
  'types.CBLMariner': ['mariner'],
  'types.Echo': ['echo'],
  'types.MinimOS': ['minimos'],
  'types.Bottlerocket': ['bottlerocket'],
  'types.CoreOS': ['coreos'],
};

const figures: string[] = [];
const tally = (group: string, ok: number, total: number, note = '') =>
  figures.push(`${group}: ${ok}/${total}${note}`);

describe('corpus: os-release detector against pkgdb/os-release', function () {
  let root = '';
  before(function () {
    root = join(requirePkgdb(this), 'os-release');
  });
  after(() => {
    if (figures.length) console.log(`os-release agreement:\n  ${figures.join('\n  ')}`);
  });

  it('trivy: family and version of each os-release', () => {
    const expected = JSON.parse(readFileSync(join(root, 'trivy/expected.json'), 'utf8'));
    let ok = 0;
    const differ: string[] = [];
    for (const c of expected.cases) {
      const dir = join(root, 'trivy', c.file.split('/')[0]);
      const d = detectDir(dir);
      if (c.want_is_nil) {
        // Deliberate differences: Trivy keeps a list of families it knows and drops "ID=unknown";
        // we report what os-release says and leave "is there a feed" to the matcher. Trivy also
        // drops an os-release without VERSION_ID; we keep it with an empty version and a rank below
        // every versioned fallback file.
        if (c.file.startsWith('no-id/')) assert.equal(d, undefined);
        else if (c.file.startsWith('unknown/')) assert.deepEqual([d?.id, d?.versionId], ['unknown', '4.3.2']);
        else if (c.file.startsWith('no-version/')) assert.deepEqual([d?.id, d?.versionId], ['alpine', '']);
        if (d === undefined) ok++;
        else differ.push(c.file.split('/')[0]);
        continue;
      }
      assert.ok(d, c.file);
      assert.ok(TRIVY_FAMILY[c.want_family]?.includes(d.id), `${c.file}: ${d.id} for ${c.want_family}`);
      assert.equal(d.versionId, c.want_name, c.file);
      if (c.want_family === 'types.CentOSStream') assert.match(d.prettyName, /Stream/);
      ok++;
    }
    tally('trivy os-release', ok, expected.cases.length, ` (deliberately different: ${differ.join(', ')})`);
  });

  it('trivy-redhatbase, trivy-debian_version, trivy-ubuntu: the fallback files', () => {
    const expected = JSON.parse(readFileSync(join(root, 'trivy-redhatbase/expected.json'), 'utf8'));
    const happy = expected.cases[0];
    const d6 = detectDir(join(root, 'trivy-redhatbase/redhat_6'));
    assert.equal(happy.want.OS.Family, 'redhat');
    assert.deepEqual([d6?.id, d6?.versionId], ['rhel', happy.want.OS.Name]);
    const want: Record<string, [string, string]> = {
      alma: ['almalinux', '8.4'],
      centos: ['centos', '7.6.1810'],
      fedora_29: ['fedora', '29'],
      oracle_7: ['ol', '7.6'],
      redhat_6: ['rhel', '6.2'],
      rocky: ['rocky', '8.4'],
    };
    for (const dir of dirsOf(join(root, 'trivy-redhatbase'))) {
      const d = detectDir(join(root, 'trivy-redhatbase', dir));
      assert.deepEqual([d?.id, d?.versionId], want[dir], dir);
    }
    const deb9 = detectDir(join(root, 'trivy-debian_version/debian_9'));
    assert.deepEqual([deb9?.id, deb9?.versionId], ['debian', '9']);
    const sid = detectDir(join(root, 'trivy-debian_version/debian_sid'));
    assert.deepEqual([sid?.id, sid?.versionCodename], ['debian', 'sid']);
    const ubuntu = detectDir(join(root, 'trivy-ubuntu'));
    assert.deepEqual([ubuntu?.id, ubuntu?.versionId, ubuntu?.versionCodename], ['ubuntu', '18.04', 'bionic']);
    const checked = dirsOf(join(root, 'trivy-redhatbase')).length + 3;
    tally('trivy fallback files', checked, checked);
  });

  it('claircore-osrelease: the parsed key/value map and the distribution', () => {
    const expected = JSON.parse(readFileSync(join(root, 'claircore-osrelease/expected.json'), 'utf8'));
    const prettyDiffers: string[] = [];
    for (const c of expected.cases) {
      const text = readFileSync(join(root, 'claircore-osrelease', c.file), 'utf8');
      assert.deepEqual(parseOsRelease(text), c.parsed, c.name);
      const d = detectDir(join(root, 'claircore-osrelease', c.name));
      const want = c.distribution;
      assert.ok(d, c.name);
      assert.equal(d.id, want.did, c.name);
      assert.equal(d.versionId, want.version_id ?? '', c.name);
      if (want.pretty_name === c.parsed.PRETTY_NAME) {
        assert.equal(d.prettyName, want.pretty_name, c.name);
      } else {
        // Deliberate difference: for some Fedora files claircore reports NAME as the pretty name;
        // we keep PRETTY_NAME as the file writes it.
        assert.equal(d.prettyName, c.parsed.PRETTY_NAME, c.name);
        prettyDiffers.push(c.name);
      }
      assert.equal(d.cpe, want.cpe, c.name);
      if (c.name === 'DistrolessCorrupt') {
        // Deliberate difference: claircore leaves the codename empty; we read it from VERSION
        // ("Debian GNU/Linux 12 (bookworm)") because Debian feeds are keyed by codename.
        assert.equal(d.versionCodename, 'bookworm');
        assert.equal(d.distroless, true);
        prettyDiffers.push('DistrolessCorrupt (codename)');
      } else {
        assert.equal(d.versionCodename, want.version_code_name || undefined, c.name);
      }
    }
    tally(
      'claircore osrelease',
      expected.cases.length - prettyDiffers.length,
      expected.cases.length,
      ` (parsed maps identical in all; deliberately different: ${prettyDiffers.join(', ')})`,
    );
  });

  it('claircore-alpine: each release', () => {
    const expected = JSON.parse(readFileSync(join(root, 'claircore-alpine/expected.json'), 'utf8'));
    for (const c of expected.cases) {
      const d = detectDir(join(root, 'claircore-alpine', c.dir));
      const [want] = c.want;
      assert.equal(d?.id, want.did);
      assert.equal(d?.prettyName, want.pretty_name);
      // claircore reports major.minor (or "edge"); we keep the full VERSION_ID.
      if (want.version === 'edge') assert.match(d!.prettyName, /edge$/);
      else
        assert.ok(
          d!.versionId === want.version || d!.versionId.startsWith(`${want.version}.`),
          `${c.dir}: ${d!.versionId}`,
        );
    }
    tally('claircore alpine', expected.cases.length, expected.cases.length);
  });

  it('claircore-ubuntu: each release, and "11" is not Ubuntu', () => {
    const expected = JSON.parse(readFileSync(join(root, 'claircore-ubuntu/expected.json'), 'utf8'));
    for (const c of expected.cases) {
      const d = detectDir(join(root, 'claircore-ubuntu', c.Name));
      if (c.Want === null) {
        assert.notEqual(d?.id, 'ubuntu', c.Name);
        continue;
      }
      assert.deepEqual(
        [d?.id, d?.versionId, d?.versionCodename],
        [c.Want.DID, c.Want.VersionID, c.Want.VersionCodeName],
        c.Name,
      );
    }
    tally('claircore ubuntu', expected.cases.length, expected.cases.length);
  });

  it('claircore-debian and -distroless: VERSION_ID is the directory name, a codename is known', () => {
    let n = 0;
    for (const group of ['claircore-debian', 'claircore-debian-distroless']) {
      for (const dir of dirsOf(join(root, group))) {
        const d = detectDir(join(root, group, dir));
        assert.equal(d?.id, 'debian', `${group}/${dir}`);
        assert.equal(d?.versionId, dir, `${group}/${dir}`);
        assert.match(d?.versionCodename ?? '', /^\w+$/, `${group}/${dir}`);
        assert.equal(d?.distroless, group.endsWith('distroless') ? true : undefined, `${group}/${dir}`);
        n++;
      }
    }
    tally('claircore debian + distroless', n, n);
  });

  it('claircore-rhel: RHEL major version, Oracle not RHEL, hummingbird', () => {
    const dirs = dirsOf(join(root, 'claircore-rhel'));
    for (const dir of dirs) {
      const d = detectDir(join(root, 'claircore-rhel', dir));
      assert.ok(d, dir);
      if (dir.startsWith('oracle-')) {
        assert.equal(d.id, 'ol', dir);
      } else if (dir === 'hummingbird') {
        assert.deepEqual(
          [d.id, d.versionId, d.prettyName.startsWith('Hummingbird OS')],
          ['hummingbird', '20251124', true],
        );
      } else {
        assert.equal(d.id, 'rhel', dir);
        assert.equal(d.versionId.split('.')[0], dir.replace(/^atomichost-/, ''), dir);
      }
    }
    tally('claircore rhel', dirs.length, dirs.length);
  });
});
