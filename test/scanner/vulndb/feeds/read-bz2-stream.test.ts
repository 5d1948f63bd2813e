import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { readBz2Stream } from '../../../../src/scanner/vulndb/feeds/read-bz2-stream.js';
import { RampartError } from '../../../../src/runtime/errors.js';

/**
 * `testdata/sample-two-streams.bz2` is two bzip2 streams, concatenated: `sampleText(260_000)`
 * compressed with `bzip2 -1` (100 kB blocks: three blocks) followed by `sampleText(30_000)`
 * compressed with `bzip2 -9` (one block). The text is regenerated here to check every byte.
 */
const fixture = fileURLToPath(new URL('../testdata/sample-two-streams.bz2', import.meta.url));

function sampleText(bytes: number): Buffer {
  const words = [
    'definition',
    'oval',
    'dpkginfo',
    'bookworm',
    'criteria',
    'state',
    'less',
    'than',
    'CVE',
    'source',
  ];
  let seed = 20261207;
  const parts: string[] = [];
  let len = 0;
  for (let line = 0; len < bytes; line++) {
    let s = `${line}:`;
    for (let w = 0; w < 8; w++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      s += ` ${words[seed % words.length]}${(seed >>> 8) % 1000}`;
    }
    s += '\n';
    parts.push(s);
    len += s.length;
  }
  return Buffer.from(parts.join('').slice(0, bytes), 'latin1');
}

const expected = Buffer.concat([sampleText(260_000), sampleText(30_000)]);

async function collect(s: Readable): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c as Buffer);
  return out;
}

async function failure(s: Readable): Promise<{ err: RampartError; got: number }> {
  let got = 0;
  try {
    for await (const c of s) got += (c as Buffer).length;
  } catch (err: unknown) {
    assert.ok(err instanceof RampartError, `not a RampartError: ${String(err)}`);
    return { err, got };
  }
  assert.fail('the stream ended without an error');
}

describe('readBz2Stream', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-bz2-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes every block of concatenated streams, in chunks of at most 64 KiB', async () => {
    const chunks = await collect(readBz2Stream(fixture, 'test', 10_000_000, { readChunk: 4096 }));
    assert.ok(Buffer.concat(chunks).equals(expected));
    // Three blocks of up to 100 kB (two chunks each, the last one) and one 30 kB block.
    assert.ok(chunks.length >= 6, `${chunks.length} chunks`);
    for (const c of chunks) assert.ok(c.length <= 64 * 1024, `a chunk of ${c.length} bytes`);
  });

  it('decodes no further ahead than one block while the reader waits', async () => {
    const s = readBz2Stream(fixture, 'test', 10_000_000, { readChunk: 4096 });
    const it = s[Symbol.asyncIterator]();
    const firstChunk = await it.next();
    assert.equal(firstChunk.done, false);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    // Chunks waiting in the stream: at most the rest of one 100 kB block (two chunks).
    assert.ok(s.readableLength <= 2, `${s.readableLength} chunks decoded ahead`);
    s.destroy();
  });

  it('refuses output past the limit before decoding the rest (bzip2 bomb)', async () => {
    const { err, got } = await failure(readBz2Stream(fixture, 'osv', 150_000, { readChunk: 4096 }));
    assert.equal(err.code, 'FEED_TOO_LARGE');
    assert.match(err.message, /feed osv: .*sample-two-streams\.bz2 inflates past 150000 bytes/);
    assert.ok(got <= 150_000, `${got} bytes passed the limit`);
  });

  it('reports a truncated file as invalid bzip2', async () => {
    const cut = join(dir, 'cut.bz2');
    const whole = readFileSync(fixture);
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const { err } = await failure(readBz2Stream(cut, 'debian', 10_000_000));
    assert.equal(err.code, 'FEED_FORMAT');
    assert.match(err.message, /feed debian: .*cut\.bz2 is not valid bzip2 \(.*truncated/);
  });

  it('reports a corrupted block (CRC or coding error) as invalid bzip2', async () => {
    const bad = join(dir, 'bad.bz2');
    const bytes = Buffer.from(readFileSync(fixture));
    bytes[2000] ^= 0x55;
    writeFileSync(bad, bytes);
    const { err } = await failure(readBz2Stream(bad, 'debian', 10_000_000));
    assert.equal(err.code, 'FEED_FORMAT');
    assert.match(err.message, /bad\.bz2 is not valid bzip2/);
  });

  it('reports a file that is not bzip2 at all', async () => {
    const txt = join(dir, 'plain.bz2');
    writeFileSync(txt, '<?xml version="1.0"?><oval_definitions/>');
    const { err } = await failure(readBz2Stream(txt, 'ubuntu', 10_000_000));
    assert.equal(err.code, 'FEED_FORMAT');
    assert.match(err.message, /plain\.bz2 is not valid bzip2/);
  });
});
