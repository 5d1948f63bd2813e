import assert from 'node:assert/strict';
import { osReleaseDetector } from '../../../../src/scanner/indexer/os-release/index.js';
import {
  osReleaseDistribution,
  parseOsRelease,
} from '../../../../src/scanner/indexer/os-release/parse-os-release.js';
import {
  parseAlpineRelease,
  parseDebianVersion,
  parseLsbRelease,
  parseRedhatRelease,
} from '../../../../src/scanner/indexer/os-release/parse-release-files.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const BOOKWORM = [
  '# written by hand for this test',
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  'VERSION="12 (bookworm)"',
  'VERSION_CODENAME=bookworm',
  'ID=debian',
  '',
].join('\n');

const detect = (path: string, text: string) =>
  osReleaseDetector.detect(layerFileOf(path, text), finderContext);

describe('os-release detector', () => {
  it('claims os-release and the fallback release files only', () => {
    for (const p of [
      'etc/os-release',
      'usr/lib/os-release',
      'etc/redhat-release',
      'etc/alpine-release',
      'etc/debian_version',
      'etc/lsb-release',
    ]) {
      assert.equal(osReleaseDetector.claims(p), true, p);
    }
    for (const p of ['etc/issue', 'etc/os-release.bak', 'usr/etc/os-release', 'constructor', 'toString']) {
      assert.equal(osReleaseDetector.claims(p), false, p);
    }
  });

  describe('parseOsRelease', () => {
    it('reads quoted, single-quoted, escaped and empty values; skips comments and junk; accepts CRLF', () => {
      const text =
        'A="x \\"y\\" \\$z"\r\nB=\'single $x\'\r\nC=plain\r\nD=\r\n# E=comment\r\nnot an assignment\r\n  F = spaced\r\n';
      assert.deepEqual(parseOsRelease(text), { A: 'x "y" $z', B: 'single $x', C: 'plain', D: '' });
    });
  });

  describe('osReleaseDistribution', () => {
    it('maps the fields', () => {
      const d = osReleaseDistribution(parseOsRelease(BOOKWORM), 'etc/os-release');
      assert.deepEqual(d, {
        id: 'debian',
        versionId: '12',
        versionCodename: 'bookworm',
        prettyName: 'Debian GNU/Linux 12 (bookworm)',
        location: 'etc/os-release',
      });
    });

    it('returns nothing without an ID', () => {
      assert.equal(osReleaseDistribution({ NAME: 'Alpine Linux', VERSION_ID: '3.15.4' }, 'x'), undefined);
    });

    it('recognises distroless and takes the Debian codename from VERSION', () => {
      const d = osReleaseDistribution(
        parseOsRelease(
          'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="11"\nVERSION="Debian GNU/Linux 11 (bullseye)"\n',
        ),
        'etc/os-release',
      );
      assert.equal(d?.distroless, true);
      assert.equal(d?.versionCodename, 'bullseye');
      assert.equal(d?.versionId, '11');
    });

    it('takes the Ubuntu codename from "14.04.6 LTS, Trusty Tahr" and keeps ID_LIKE and CPE_NAME', () => {
      const d = osReleaseDistribution(
        parseOsRelease(
          'NAME="Ubuntu"\nVERSION="14.04.6 LTS, Trusty Tahr"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="14.04"\nCPE_NAME="cpe:/o:x"\n',
        ),
        'etc/os-release',
      );
      assert.equal(d?.versionCodename, 'trusty');
      assert.deepEqual(d?.idLike, ['debian']);
      assert.equal(d?.cpe, 'cpe:/o:x');
    });

    it('does not invent a codename from a Fedora VERSION', () => {
      const d = osReleaseDistribution(
        parseOsRelease('ID=fedora\nVERSION="30 (Container Image)"\nVERSION_ID=30\n'),
        'x',
      );
      assert.equal(d?.versionCodename, undefined);
    });

    it('calls old openSUSE Leap (ID=opensuse) opensuse-leap', () => {
      const d = osReleaseDistribution(
        parseOsRelease('NAME="openSUSE Leap"\nID=opensuse\nVERSION_ID="42.3"\n'),
        'x',
      );
      assert.equal(d?.id, 'opensuse-leap');
    });
  });

  describe('release files', () => {
    it('reads redhat-style release lines', () => {
      const cases: [string, string, string][] = [
        ['Red Hat Enterprise Linux Server release 7.4 (Maipo)', 'rhel', '7.4'],
        ['Red Hat Enterprise Linux Atomic Host release 7.9', 'rhel', '7.9'],
        ['CentOS Linux release 7.6.1810 (Core) ', 'centos', '7.6.1810'],
        ['Rocky Linux release 8.4 (Green Obsidian)', 'rocky', '8.4'],
        ['AlmaLinux release 8.4 (Electric Cheetah)', 'almalinux', '8.4'],
        ['Oracle Linux Server release 7.6', 'ol', '7.6'],
        ['Fedora release 29 (Twenty Nine)', 'fedora', '29'],
        ['Amazon Linux release 2 (Karoo)', 'amzn', '2'],
      ];
      for (const [line, id, version] of cases) {
        const d = parseRedhatRelease(`${line}\n`, 'etc/redhat-release');
        assert.equal(d?.id, id, line);
        assert.equal(d?.versionId, version, line);
      }
      assert.equal(parseRedhatRelease('Mystery OS release 1', 'x'), undefined);
      assert.equal(parseRedhatRelease('', 'x'), undefined);
    });

    it('reads lsb-release, debian_version and alpine-release', () => {
      const u = parseLsbRelease(
        'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=10.04\nDISTRIB_CODENAME=lucid\nDISTRIB_DESCRIPTION="Ubuntu 10.04 LTS"\n',
        'etc/lsb-release',
      );
      assert.deepEqual(u, {
        id: 'ubuntu',
        versionId: '10.04',
        versionCodename: 'lucid',
        prettyName: 'Ubuntu 10.04 LTS',
        location: 'etc/lsb-release',
      });
      assert.equal(parseDebianVersion('12.5\n', 'x')?.versionId, '12');
      assert.deepEqual(
        [
          parseDebianVersion('trixie/sid\n', 'x')?.versionId,
          parseDebianVersion('trixie/sid', 'x')?.versionCodename,
        ],
        ['', 'sid'],
      );
      assert.equal(parseDebianVersion('garbage', 'x'), undefined);
      assert.equal(parseAlpineRelease('3.19.1\n', 'x')?.prettyName, 'Alpine Linux v3.19');
      assert.equal(parseAlpineRelease('not a version', 'x'), undefined);
    });
  });

  describe('priorities', () => {
    it('ranks os-release above vendor files, redhat-release, lsb-release and debian_version', () => {
      const ranks = [
        detect('etc/os-release', BOOKWORM),
        detect('usr/lib/os-release', BOOKWORM),
        detect('etc/oracle-release', 'Oracle Linux Server release 8.9\n'),
        detect('etc/redhat-release', 'Red Hat Enterprise Linux release 8.9 (Ootpa)\n'),
        detect('etc/lsb-release', 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n'),
        detect('etc/debian_version', 'bookworm/sid\n'),
      ].map((c) => c?.priority ?? Infinity);
      assert.deepEqual(
        [...ranks].sort((a, b) => a - b),
        ranks,
      );
      assert.equal(new Set(ranks).size, ranks.length);
    });

    it('lets a versioned alpine-release beat an os-release without VERSION_ID', () => {
      const bare = detect('etc/os-release', 'NAME="Alpine Linux"\nID=alpine\n');
      const fallback = detect('etc/alpine-release', '3.15.4\n');
      assert.ok(bare && fallback);
      assert.ok(fallback.priority < bare.priority);
    });

    it('returns nothing for an unreadable file', () => {
      assert.equal(detect('etc/os-release', '\u0000\u0001garbage'), undefined);
    });
  });
});
