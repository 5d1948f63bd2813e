/**
 * Offline bundles: `.tar.gz` holding `manifest.json` (format, schema version, feeds with fetch
 * times and fingerprints, sha256 and size of every member), an optional Ed25519 signature of
 * the manifest bytes (`manifest.json.sig`, base64) and `rampart.db`. Import verifies the
 * signature (when a public key is given) and every digest on a private copy, then swaps it in
 * under the writer lock like an update. (zstd is not built into Node 20, so gzip.)
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

import tar from 'tar-stream';

import { RampartError, describeError, isRampartError } from '../../runtime/errors.js';
import { openStore } from './store.js';
import { acquireLock, fsyncPath } from './update-lock.js';

export const BUNDLE_DB = 'rampart.db';
const MANIFEST = 'manifest.json';
const SIG = 'manifest.json.sig';

export interface BundleManifest {
  format: 'rampart-vulndb-bundle';
  formatVersion: 1;
  schemaVersion: number;
  createdAt: string;
  feeds: {
    name: string;
    version: number;
    fetchedAt: string;
    fingerprint: string;
    advisories: number;
    affected: number;
    enrichment: number;
  }[];
  members: { name: string; size: number; sha256: string }[];
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

function readKey(pem: string, kind: 'private' | 'public') {
  try {
    return kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (err: unknown) {
    throw new RampartError(
      'VULNDB_BUNDLE_KEY',
      `the ${kind} key is not a readable PEM key (${describeError(err)}); give an Ed25519 PEM file`,
    );
  }
}

export async function exportBundle(opts: {
  dbPath: string;
  out: string;
  signingKeyPem?: string;
  now?: () => Date;
}): Promise<BundleManifest> {
  const store = openStore(opts.dbPath);
  const status = store.status();
  store.close();
  const size = statSync(opts.dbPath).size;
  const manifest: BundleManifest = {
    format: 'rampart-vulndb-bundle',
    formatVersion: 1,
    schemaVersion: status.schemaVersion,
    createdAt: (opts.now ?? (() => new Date()))().toISOString(),
    feeds: status.feeds.map((f) => ({
      name: f.name,
      version: f.version,
      fetchedAt: f.state.fetchedAt,
      fingerprint: f.state.fingerprint,
      advisories: f.advisories,
      affected: f.affected,
      enrichment: f.enrichment,
    })),
    members: [{ name: BUNDLE_DB, size, sha256: await sha256File(opts.dbPath) }],
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  const pack = tar.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(opts.out));
  pack.entry({ name: MANIFEST }, manifestBytes);
  if (opts.signingKeyPem) {
    const sig = sign(null, manifestBytes, readKey(opts.signingKeyPem, 'private')).toString('base64');
    pack.entry({ name: SIG }, sig + '\n');
  }
  const entry = pack.entry({ name: BUNDLE_DB, size });
  await pipeline(createReadStream(opts.dbPath), entry);
  pack.finalize();
  await done;
  return manifest;
}

function bundleError(path: string, what: string): RampartError {
  return new RampartError(
    'VULNDB_BUNDLE_INVALID',
    `bundle ${path}: ${what}; the live database was not changed`,
  );
}

/** Verify and install a bundle at `dbPath`. Returns its manifest. */
export async function importBundle(opts: {
  bundlePath: string;
  dbPath: string;
  publicKeyPem?: string;
  lockWaitMs?: number;
  maxDbBytes?: number;
}): Promise<BundleManifest & { signed: boolean }> {
  const { bundlePath, dbPath } = opts;
  const maxDb = opts.maxDbBytes ?? 16 * 1024 ** 3;
  mkdirSync(dirname(dbPath), { recursive: true });
  const lock = await acquireLock(dbPath, opts.lockWaitMs ?? 0);
  const tmp = `${dbPath}.new-${process.pid}`;
  try {
    let manifestBytes: Buffer | undefined;
    let sigText: string | undefined;
    let dbDigest: string | undefined;
    let dbSize = 0;
    const extract = tar.extract();
    const reading = pipeline(createReadStream(bundlePath), createGunzip(), extract).catch((err: unknown) => {
      throw bundleError(bundlePath, `not a readable .tar.gz (${describeError(err)})`);
    });
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name === MANIFEST || name === SIG) {
        const chunks: Buffer[] = [];
        let n = 0;
        for await (const c of entry) {
          n += (c as Buffer).length;
          if (n > 1024 * 1024) throw bundleError(bundlePath, `${name} is larger than 1 MiB`);
          chunks.push(c as Buffer);
        }
        if (name === MANIFEST) manifestBytes = Buffer.concat(chunks);
        else sigText = Buffer.concat(chunks).toString('utf8').trim();
      } else if (name === BUNDLE_DB) {
        const h = createHash('sha256');
        const tap = new Transform({
          transform(c: Buffer, _e, done) {
            dbSize += c.length;
            if (dbSize > maxDb)
              return done(bundleError(bundlePath, `${BUNDLE_DB} is larger than ${maxDb} bytes`));
            h.update(c);
            done(null, c);
          },
        });
        await pipeline(entry, tap, createWriteStream(tmp));
        dbDigest = h.digest('hex');
      } else {
        entry.resume();
        throw bundleError(bundlePath, `unexpected member "${name}"`);
      }
    }
    await reading;
    if (!manifestBytes) throw bundleError(bundlePath, `no ${MANIFEST}`);
    if (opts.publicKeyPem) {
      if (!sigText)
        throw new RampartError(
          'VULNDB_BUNDLE_UNSIGNED',
          `bundle ${bundlePath} is not signed but a public key was given; the live database was not changed`,
        );
      const ok = verify(
        null,
        manifestBytes,
        readKey(opts.publicKeyPem, 'public'),
        Buffer.from(sigText, 'base64'),
      );
      if (!ok) {
        throw new RampartError(
          'VULNDB_BUNDLE_SIGNATURE',
          `bundle ${bundlePath}: the signature does not match the manifest for this public key; the live database was not changed`,
        );
      }
    }
    let manifest: BundleManifest;
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as BundleManifest;
    } catch {
      throw bundleError(bundlePath, `${MANIFEST} is not JSON`);
    }
    if (manifest.format !== 'rampart-vulndb-bundle' || !Array.isArray(manifest.members))
      throw bundleError(bundlePath, 'not a Rampart vulndb bundle manifest');
    const want = manifest.members.find((m) => m.name === BUNDLE_DB);
    if (!want || manifest.members.length !== 1)
      throw bundleError(bundlePath, `the manifest must list exactly ${BUNDLE_DB}`);
    if (dbDigest === undefined) throw bundleError(bundlePath, `no ${BUNDLE_DB} member`);
    if (dbDigest !== want.sha256 || dbSize !== want.size) {
      throw new RampartError(
        'VULNDB_BUNDLE_DIGEST',
        `bundle ${bundlePath}: ${BUNDLE_DB} has sha256 ${dbDigest} (${dbSize} bytes) but the manifest says ${want.sha256} (${want.size} bytes); the live database was not changed`,
      );
    }
    openStore(tmp).close(); // readable, and not a newer schema
    fsyncPath(tmp);
    renameSync(tmp, dbPath);
    fsyncPath(dirname(dbPath));
    return { ...manifest, signed: Boolean(sigText) };
  } catch (err: unknown) {
    if (isRampartError(err)) throw err;
    throw bundleError(bundlePath, describeError(err));
  } finally {
    rmSync(tmp, { force: true });
    lock.release();
  }
}

/** True when the file looks like a bundle (gzip whose first tar member is manifest.json). */
export async function isBundle(path: string): Promise<boolean> {
  const extract = tar.extract();
  const src = createReadStream(path);
  const sink = pipeline(src, createGunzip(), extract).catch(() => undefined);
  try {
    for await (const entry of extract) {
      entry.resume();
      return entry.header.name === MANIFEST;
    }
    return false;
  } catch {
    return false;
  } finally {
    src.destroy();
    extract.destroy();
    void sink;
  }
}
