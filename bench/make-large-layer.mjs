// Generates the large-layer image of the Indexer benchmark: an OCI image layout whose only layer
// is a ~2 GiB tar holding 1,000,000 small files (200–599 bytes, nested three levels deep), one
// large file filling the rest, a Debian os-release and a dpkg status file (so a scan finds a
// distribution and packages). The tar is produced as a stream (tar-stream pack -> gzip level 1 ->
// file) and never written out as files; the diff-id and blob digest are hashed while streaming.
//
// Content is low-entropy text (words from a small random vocabulary picked by a seeded PRNG), so
// it compresses a few times over but stays far below the decompression-bomb guard's 1000x ratio.
// The output is deterministic. Regeneration is skipped when the layout is already complete.
//
// Run alone: node bench/make-large-layer.mjs [OUTDIR]   (default <repo>/.cache/bench/large-image)
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

import tarStream from 'tar-stream';

export const SMALL_FILES = 1_000_000;
export const TOTAL_BYTES = 2 * 1024 ** 3;
const POOL_BYTES = 16 * 1024 ** 2;
const DONE_MARK = 'bench-large-image.json';

/** mulberry32: a small, fast, seeded 32-bit PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A buffer of "text": words from a 256-word random vocabulary, space and newline separated. */
function makePool(rand) {
  const vocab = [];
  for (let i = 0; i < 256; i++) {
    const len = 3 + (rand() % 7);
    let w = '';
    for (let j = 0; j < len; j++) w += String.fromCharCode(97 + (rand() % 26));
    vocab.push(Buffer.from(w));
  }
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let off = 0;
  while (off < POOL_BYTES) {
    const r = rand();
    const w = vocab[r & 255];
    off += w.copy(pool, off);
    if (off < POOL_BYTES) pool[off++] = (r >>> 8) % 12 === 0 ? 10 : 32;
  }
  return pool;
}

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`;

const DPKG_STATUS = ['bench-alpha', 'bench-beta', 'bench-gamma']
  .map(
    (name, i) => `Package: ${name}
Status: install ok installed
Priority: optional
Section: misc
Installed-Size: ${10 + i}
Maintainer: Rampart Bench <bench@invalid>
Architecture: amd64
Version: 1.${i}.0-1
Description: synthetic package for the large-layer benchmark
`,
  )
  .join('\n');

/** Passes bytes through while hashing them and counting them. */
function hashTap(hash, counter) {
  return new Transform({
    transform(chunk, _enc, cb) {
      hash.update(chunk);
      counter.bytes += chunk.length;
      cb(null, chunk);
    },
  });
}

function entry(pack, header, body) {
  return new Promise((resolve, reject) => pack.entry(header, body, (err) => (err ? reject(err) : resolve())));
}

async function writeLayer(pack) {
  const rand = prng(0x5eed);
  const pool = makePool(rand);
  const mtime = new Date('2024-01-01T00:00:00Z');
  const slice = (n) => {
    const off = rand() % (POOL_BYTES - n);
    return pool.subarray(off, off + n);
  };
  let tarBytes = 0;
  let entries = 0;
  const add = (header, body) => {
    const size = body ? body.length : 0;
    entries++;
    tarBytes += 512 + Math.ceil(size / 512) * 512;
    return entry(pack, { mtime, mode: header.type === 'directory' ? 0o755 : 0o644, ...header }, body);
  };
  for (const d of ['etc/', 'var/', 'var/lib/', 'var/lib/dpkg/', 'opt/', 'opt/bench/']) {
    await add({ name: d, type: 'directory' });
  }
  await add({ name: 'etc/os-release' }, Buffer.from(OS_RELEASE));
  await add({ name: 'var/lib/dpkg/status' }, Buffer.from(DPKG_STATUS));

  let pending = [];
  for (let i = 0; i < SMALL_FILES; i++) {
    const a = i >>> 16;
    const b = (i >>> 8) & 255;
    if ((i & 0xffff) === 0) pending.push(add({ name: `opt/bench/${a}/`, type: 'directory' }));
    if ((i & 0xff) === 0) pending.push(add({ name: `opt/bench/${a}/${b}/`, type: 'directory' }));
    pending.push(add({ name: `opt/bench/${a}/${b}/${i & 255}.txt` }, slice(200 + (rand() % 400))));
    // Entries queue inside the pack stream; waiting every 256 keeps that queue (and memory) small.
    if (pending.length >= 256) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);

  // One large file fills the layer up to TOTAL_BYTES (minus its header and the 1 KiB end marker).
  const largeSize = TOTAL_BYTES - tarBytes - 512 - 1024;
  await new Promise((resolve, reject) => {
    const sink = pack.entry({ name: 'opt/bench/large.bin', size: largeSize, mtime, mode: 0o644 }, (err) =>
      err ? reject(err) : resolve(),
    );
    let left = largeSize;
    const chunk = 1024 * 1024;
    const writeMore = () => {
      while (left > 0) {
        const n = Math.min(chunk, left);
        left -= n;
        if (!sink.write(slice(n))) return sink.once('drain', writeMore);
      }
      sink.end();
    };
    writeMore();
  });
  pack.finalize();
  return entries + 1;
}

/**
 * Makes the layout under `dir` unless it is already complete. Returns a summary
 * ({ layout, blob, diffId, compressedBytes, uncompressedBytes, entries, generated, seconds }).
 */
export async function ensureLargeImage(dir, log = (m) => process.stderr.write(`${m}\n`)) {
  const mark = join(dir, DONE_MARK);
  if (existsSync(mark)) {
    const info = JSON.parse(readFileSync(mark, 'utf8'));
    if (existsSync(join(dir, info.blob))) return { ...info, layout: dir, generated: false };
  }
  rmSync(dir, { recursive: true, force: true });
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  log(`generating the large-layer image in ${dir} (1,000,000 files, ~2 GiB uncompressed; about a minute)…`);
  const t0 = performance.now();
  const diffHash = createHash('sha256');
  const blobHash = createHash('sha256');
  const raw = { bytes: 0 };
  const gz = { bytes: 0 };
  const tmp = join(blobs, '.layer.tmp');
  const pack = tarStream.pack();
  const [entries] = await Promise.all([
    writeLayer(pack),
    pipeline(
      pack,
      hashTap(diffHash, raw),
      createGzip({ level: 1 }),
      hashTap(blobHash, gz),
      createWriteStream(tmp),
    ),
  ]);
  const diffId = `sha256:${diffHash.digest('hex')}`;
  const layerDigest = blobHash.digest('hex');
  renameSync(tmp, join(blobs, layerDigest));

  const putBlob = (obj) => {
    const bytes = Buffer.from(JSON.stringify(obj));
    const hex = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const config = putBlob({
    architecture: 'amd64',
    os: 'linux',
    created: '2024-01-01T00:00:00Z',
    config: {},
    rootfs: { type: 'layers', diff_ids: [diffId] },
  });
  const manifest = putBlob({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: `sha256:${layerDigest}`,
        size: gz.bytes,
      },
    ],
  });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    }),
  );
  const info = {
    blob: join('blobs', 'sha256', layerDigest),
    diffId,
    compressedBytes: gz.bytes,
    uncompressedBytes: raw.bytes,
    entries,
    seconds: (performance.now() - t0) / 1000,
  };
  if (statSync(join(dir, info.blob)).size !== gz.bytes) throw new Error('large-layer blob size mismatch');
  writeFileSync(mark, JSON.stringify(info, null, 2));
  return { ...info, layout: dir, generated: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../.cache/bench/large-image', import.meta.url));
  const info = await ensureLargeImage(out);
  const ratio = info.uncompressedBytes / info.compressedBytes;
  console.log(JSON.stringify({ ...info, ratio: Number(ratio.toFixed(2)) }, null, 2));
}
