import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import { silentLogger } from '../../../src/runtime/log.js';
import { exportBundle, importBundle, isBundle } from '../../../src/scanner/vulndb/bundle.js';
import { defaultFeedLimits } from '../../../src/scanner/vulndb/feeds/feed-limits.js';
import { osvFeed } from '../../../src/scanner/vulndb/feeds/osv/index.js';
import { openStore } from '../../../src/scanner/vulndb/store.js';
import { updateDb } from '../../../src/scanner/vulndb/update-db.js';
import { osvDoc, osvZip, tempDir, testState, writeArtefact } from '../../helpers/osv-feed-builder.js';

const keys = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

async function makeDb(dir: string, id: string): Promise<string> {
  const db = join(dir, `${id}.db`);
  const art = writeArtefact(
    dir,
    `${id}.zip`,
    osvZip([osvDoc({ id, ecosystem: 'Go', name: 'example.com/a' })]),
  );
  await updateDb({
    dbPath: db,
    jobs: [{ feed: osvFeed, artefacts: [art], state: testState(`fp-${id}`) }],
    ctx: { log: silentLogger, limits: defaultFeedLimits },
  });
  return db;
}
const ids = (db: string) => {
  const s = openStore(db);
  const out = s.lookup('Go', ['example.com/a']).map((r) => r.advisoryId);
  s.close();
  return out;
};

/** Flip one byte inside the tar member `name` of a .tar.gz bundle. */
function tamper(bundle: string, name: string): string {
  const tar = gunzipSync(readFileSync(bundle));
  let off = 0;
  while (off < tar.length) {
    const n = tar
      .subarray(off, off + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    const size =
      parseInt(
        tar
          .subarray(off + 124, off + 136)
          .toString('utf8')
          .trim(),
        8,
      ) || 0;
    if (n === name) {
      tar[off + 512 + Math.floor(size / 2)] ^= 0x01;
      break;
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  const out = `${bundle}.tampered-${name}.tar.gz`;
  writeFileSync(out, gzipSync(tar));
  return out;
}

describe('vulndb bundles', () => {
  it('exports a signed bundle and imports it after verifying signature and digests', async () => {
    const dir = tempDir();
    const src = await makeDb(dir, 'GO-NEW');
    const { priv, pub } = keys();
    const bundle = join(dir, 'b.tar.gz');
    const m = await exportBundle({ dbPath: src, out: bundle, signingKeyPem: priv });
    assert.equal(m.feeds[0]!.fingerprint, 'fp-GO-NEW');
    assert.match(m.members[0]!.sha256, /^[0-9a-f]{64}$/);
    assert.equal(await isBundle(bundle), true);
    const live = await makeDb(dir, 'GO-OLD');
    const got = await importBundle({ bundlePath: bundle, dbPath: live, publicKeyPem: pub });
    assert.equal(got.signed, true);
    assert.deepEqual(ids(live), ['GO-NEW']);
  });

  it('refuses a tampered DB, a tampered manifest, a wrong key and a missing signature without touching the live DB', async () => {
    const dir = tempDir();
    const src = await makeDb(dir, 'GO-NEW');
    const { priv, pub } = keys();
    const signed = join(dir, 'signed.tar.gz');
    await exportBundle({ dbPath: src, out: signed, signingKeyPem: priv });
    const unsigned = join(dir, 'unsigned.tar.gz');
    await exportBundle({ dbPath: src, out: unsigned });
    const live = await makeDb(dir, 'GO-OLD');
    const cases: [string, string | undefined, string][] = [
      [tamper(signed, 'rampart.db'), pub, 'VULNDB_BUNDLE_DIGEST'],
      [tamper(signed, 'manifest.json'), pub, 'VULNDB_BUNDLE_SIGNATURE'],
      [signed, keys().pub, 'VULNDB_BUNDLE_SIGNATURE'],
      [unsigned, pub, 'VULNDB_BUNDLE_UNSIGNED'],
      [tamper(unsigned, 'rampart.db'), undefined, 'VULNDB_BUNDLE_DIGEST'],
    ];
    for (const [bundle, key, code] of cases) {
      await assert.rejects(
        importBundle({ bundlePath: bundle, dbPath: live, publicKeyPem: key }),
        (e: { code?: string; message: string }) => {
          assert.equal(e.code, code, bundle);
          assert.match(e.message, /live database was not changed/);
          return true;
        },
      );
      assert.deepEqual(ids(live), ['GO-OLD']);
    }
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.includes('.new-') || n.endsWith('.lock')),
      [],
    );
    // Unsigned bundles import when no key is required.
    await importBundle({ bundlePath: unsigned, dbPath: live });
    assert.deepEqual(ids(live), ['GO-NEW']);
  });
});
