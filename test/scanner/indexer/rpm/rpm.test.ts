import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { rpmFinder } from '../../../../src/scanner/indexer/rpm/index.js';
import { parseBdb } from '../../../../src/scanner/indexer/rpm/parse-bdb.js';
import { parseHeader, RpmHeaderError } from '../../../../src/scanner/indexer/rpm/parse-header.js';
import { parseNdb } from '../../../../src/scanner/indexer/rpm/parse-ndb.js';
import { parseRpmdb, rpmDbFormat } from '../../../../src/scanner/indexer/rpm/parse-rpmdb.js';
import { moduleOf, parseSourceRpm } from '../../../../src/scanner/indexer/rpm/rpm-package-record.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';
import { buildBdbHash, buildNdb } from '../../../helpers/rpm-db-builders.js';
import {
  buildPackageHeader,
  buildRpmHeader,
  type SimplePackage,
} from '../../../helpers/rpm-header-builder.js';

const NODEJS: SimplePackage = {
  name: 'nodejs',
  version: '18.19.0',
  release: '1.module+el8.9.0+20473+c4e3d824',
  epoch: 1,
  arch: 'x86_64',
  license: 'MIT and ASL 2.0',
  sourceRpm: 'nodejs-18.19.0-1.module+el8.9.0+20473+c4e3d824.src.rpm',
  modularityLabel: 'nodejs:18:8090020231019152822:a75119d5',
  files: ['/usr/bin/node', '/usr/lib/node_modules/npm/package.json', '/usr/share/doc/nodejs/README.md'],
};
const LIBUUID: SimplePackage = {
  name: 'libuuid',
  version: '2.32.1',
  release: '42.el8_8',
  arch: 'x86_64',
  license: 'BSD',
  sourceRpm: 'util-linux-2.32.1-42.el8_8.src.rpm',
};
/** Big enough to need several 512-byte overflow pages. */
const BIG: SimplePackage = {
  ...NODEJS,
  files: Array.from({ length: 60 }, (_, i) => `/usr/lib/node_modules/npm/node_modules/dep-${i}/package.json`),
};
const GPG: SimplePackage = { name: 'gpg-pubkey', version: 'fd431d51', release: '4ae0493b' };

const names = (r: { packages: { name: string; version: string }[] }) =>
  r.packages.map((p) => `${p.name}@${p.version}`);

describe('rpm finder', () => {
  it('claims the three database files in both rpm directories', () => {
    for (const p of [
      'var/lib/rpm/Packages',
      'var/lib/rpm/Packages.db',
      'var/lib/rpm/rpmdb.sqlite',
      'usr/lib/sysimage/rpm/rpmdb.sqlite',
      'usr/lib/sysimage/rpm/Packages.db',
    ]) {
      assert.equal(rpmFinder.claims(p), true, p);
    }
    assert.equal(rpmFinder.claims('var/lib/rpm/Name'), false);
    assert.equal(rpmFinder.claims('var/lib/rpm/rpmdb.sqlite-shm'), false);
  });

  describe('header blob', () => {
    it('reads name, epoch, version, release, arch, licence, source RPM, module and files', () => {
      const h = parseHeader(buildPackageHeader(NODEJS));
      assert.equal(h.name, 'nodejs');
      assert.equal(h.epoch, 1);
      assert.equal(h.release, NODEJS.release);
      assert.deepEqual(
        h.files,
        NODEJS.files!.map((f) => f.slice(1)),
      );
      const r = parseRpmdb(buildNdb([buildPackageHeader(NODEJS)]), 'var/lib/rpm/Packages.db');
      const p = r.packages[0]!;
      assert.equal(p.version, '1:18.19.0-1.module+el8.9.0+20473+c4e3d824');
      assert.equal(p.epoch, 1);
      assert.equal(p.arch, 'x86_64');
      assert.deepEqual(p.licenses, ['MIT and ASL 2.0']);
      assert.deepEqual(p.source, { name: 'nodejs', version: '18.19.0-1.module+el8.9.0+20473+c4e3d824' });
      assert.equal(p.module, 'nodejs:18');
      assert.equal(p.type, 'rpm');
      assert.equal(p.kind, 'os');
      assert.equal(
        p.purl,
        'pkg:rpm/nodejs@18.19.0-1.module+el8.9.0+20473+c4e3d824?arch=x86_64&epoch=1&upstream=nodejs-18.19.0-1.module%2Bel8.9.0%2B20473%2Bc4e3d824.src.rpm',
      );
      assert.deepEqual(r.ownedFiles, [{ owner: 'nodejs', paths: NODEJS.files!.map((f) => f.slice(1)) }]);
    });

    it('keeps an explicit epoch 0 in the epoch field only', () => {
      const r = parseRpmdb(buildNdb([buildPackageHeader({ ...LIBUUID, epoch: 0 })]), 'p');
      assert.equal(r.packages[0]?.version, '2.32.1-42.el8_8');
      assert.equal(r.packages[0]?.epoch, 0);
      assert.doesNotMatch(r.packages[0]!.purl, /epoch=/);
    });

    it('refuses offsets past the data, absurd counts and unterminated strings', () => {
      const good = buildPackageHeader(LIBUUID);
      const pastEnd = Buffer.from(good);
      pastEnd.writeUInt32BE(0xfffff, 8 + 8); // offset of the first entry
      assert.throws(() => parseHeader(pastEnd), RpmHeaderError);
      const huge = Buffer.from(good);
      huge.writeUInt32BE(0x7fffffff, 0);
      assert.throws(() => parseHeader(huge), RpmHeaderError);
      const cut = good.subarray(0, good.length - 3);
      assert.throws(() => parseHeader(cut), RpmHeaderError);
      const noNul = buildRpmHeader([{ tag: 1000, type: 'string', value: 'x' }]);
      noNul[noNul.length - 1] = 0x41; // overwrite the terminating NUL
      assert.throws(() => parseHeader(noNul), RpmHeaderError);
      assert.throws(() => parseHeader(Buffer.alloc(3)), RpmHeaderError);
    });

    it('parses source RPM names with dashes and module labels', () => {
      assert.deepEqual(parseSourceRpm('util-linux-2.32.1-42.el8_8.src.rpm'), {
        name: 'util-linux',
        version: '2.32.1-42.el8_8',
      });
      assert.deepEqual(parseSourceRpm('foo-1-2.nosrc.rpm'), { name: 'foo', version: '1-2' });
      assert.equal(parseSourceRpm('garbage'), undefined);
      assert.equal(moduleOf('perl:5.26:820181219174508:9edba152'), 'perl:5.26');
      assert.equal(moduleOf(''), undefined);
    });
  });

  describe('Berkeley DB hash', () => {
    it('reads off-page and inline values in both byte orders and skips gpg-pubkey', () => {
      for (const bigEndian of [false, true]) {
        const blobs = [buildPackageHeader(NODEJS), buildPackageHeader(LIBUUID), buildPackageHeader(GPG)];
        const db = buildBdbHash(blobs, { pageSize: 512, bigEndian, inlineMax: 200 });
        assert.equal(rpmDbFormat(db.data), 'bdb');
        const r = parseRpmdb(db.data, 'var/lib/rpm/Packages');
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(names(r).sort(), [
          'libuuid@2.32.1-42.el8_8',
          'nodejs@1:18.19.0-1.module+el8.9.0+20473+c4e3d824',
        ]);
      }
    });

    it('turns an overflow reference past the end of the file into a warning and keeps the rest', () => {
      const db = buildBdbHash([buildPackageHeader(BIG), buildPackageHeader(LIBUUID)], { pageSize: 512 });
      // Corrupt the first chain's next-page link so it points far past the end of the file.
      const first = db.firstOverflowPage[0]!;
      db.data.writeUInt32LE(10_000, first * db.pageSize + 16);
      const r = parseRpmdb(db.data, 'var/lib/rpm/Packages');
      assert.deepEqual(names(r), ['libuuid@2.32.1-42.el8_8']);
      assert.equal(r.warnings.length, 1);
      assert.equal(r.warnings[0]?.code, 'RPM_DB_CORRUPT');
      assert.match(r.warnings[0]!.message, /past the last page/);
    });

    it('stops on a loop in an overflow chain', () => {
      const db = buildBdbHash([buildPackageHeader(BIG)], { pageSize: 512 });
      const first = db.firstOverflowPage[0]!;
      assert.ok(buildPackageHeader(BIG).length > 3 * 486, 'the value spans several pages');
      db.data.writeUInt32LE(first, first * db.pageSize + 16); // page links to itself
      const list = parseBdb(db.data);
      assert.equal(list.blobs.length, 0);
      assert.match(list.problems[0]!, /loops/);
    });

    it('warns about a hash page whose item offsets point outside the page', () => {
      const db = buildBdbHash([buildPackageHeader(LIBUUID)], { pageSize: 512 });
      const hashPage = db.data.length / db.pageSize - 1;
      db.data.writeUInt16LE(0xffff, hashPage * db.pageSize + 26 + 2); // value item offset
      const list = parseBdb(db.data);
      assert.equal(list.blobs.length, 0);
      assert.match(list.problems[0]!, /outside the page/);
    });

    it('refuses an encrypted or odd-page-size file instead of guessing', () => {
      const db = buildBdbHash([buildPackageHeader(LIBUUID)], { pageSize: 512 });
      const odd = Buffer.from(db.data);
      odd.writeUInt32LE(1000, 20);
      assert.match(parseBdb(odd).problems[0]!, /page size/);
      const enc = Buffer.from(db.data);
      enc[24] = 1;
      assert.match(parseBdb(enc).problems[0]!, /encrypted/);
    });

    it('parses a database of 3000 packages quickly', () => {
      const files = Array.from(
        { length: 40 },
        (_, i) => `/usr/lib64/python3.9/site-packages/pkg/module_${i}.py`,
      );
      const blobs = Array.from({ length: 3000 }, (_, i) =>
        buildPackageHeader({ ...LIBUUID, name: `pkg-${i}`, sourceRpm: `src-${i}-1.0-1.el9.src.rpm`, files }),
      );
      const db = buildBdbHash(blobs, { pageSize: 4096 });
      // CPU time rather than wall time: test machines are shared, and a busy neighbour stretches
      // wall time several-fold while our own CPU use stays about the same (0.3-0.45 s here).
      const before = process.cpuUsage();
      const r = parseRpmdb(db.data, 'var/lib/rpm/Packages');
      const used = process.cpuUsage(before);
      const ms = (used.user + used.system) / 1000;
      assert.equal(r.packages.length, 3000);
      assert.equal(r.warnings.length, 0);
      assert.equal(r.ownedFiles?.length, 3000);
      assert.ok(ms < 1000, `3000-package BDB took ${ms.toFixed(0)} ms of CPU`);
    });
  });

  describe('NDB', () => {
    it('reads every slot and warns about a slot that points past the file', () => {
      const ndb = buildNdb([buildPackageHeader(NODEJS), buildPackageHeader(LIBUUID)]);
      assert.equal(rpmDbFormat(ndb), 'ndb');
      assert.equal(parseRpmdb(ndb, 'p').packages.length, 2);
      ndb.writeUInt32LE(0xffffff, 32 + 8); // first slot's block offset
      const list = parseNdb(ndb);
      assert.equal(list.blobs.length, 1);
      assert.match(list.problems[0]!, /outside the file/);
    });

    it('refuses a slot count larger than the file', () => {
      const ndb = buildNdb([buildPackageHeader(LIBUUID)]);
      ndb.writeUInt32LE(1000, 12);
      assert.match(parseNdb(ndb).problems[0]!, /slot pages/);
    });
  });

  describe('SQLite', () => {
    function sqliteDb(blobs: Buffer[], wal: boolean): Buffer {
      const db = new Database(':memory:');
      db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
      const insert = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
      for (const b of blobs) insert.run(b);
      const out = db.serialize();
      db.close();
      if (wal) {
        out[18] = 2;
        out[19] = 2;
      }
      return out;
    }

    it('reads the Packages table, also from a file in WAL mode', async () => {
      for (const wal of [false, true]) {
        const data = sqliteDb(
          [buildPackageHeader(LIBUUID), buildPackageHeader(GPG), Buffer.from('junk')],
          wal,
        );
        const r = await rpmFinder.find(layerFileOf('var/lib/rpm/rpmdb.sqlite', data), finderContext);
        assert.deepEqual(names(r), ['libuuid@2.32.1-42.el8_8']);
        assert.equal(r.warnings.length, 1);
        assert.equal(r.warnings[0]?.code, 'RPM_HEADER_INVALID');
      }
    });

    it('turns an unreadable SQLite file into a warning', () => {
      const data = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(200, 7)]);
      const r = parseRpmdb(data, 'var/lib/rpm/rpmdb.sqlite');
      assert.equal(r.packages.length, 0);
      assert.equal(r.warnings[0]?.code, 'RPM_DB_CORRUPT');
    });
  });

  it('warns about a file in none of the three formats', () => {
    const r = parseRpmdb(Buffer.from('hello'), 'var/lib/rpm/Packages');
    assert.equal(r.warnings[0]?.code, 'RPM_DB_UNKNOWN_FORMAT');
  });
});
