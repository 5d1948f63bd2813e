import yauzl from 'yauzl';
import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { parseMetadata } from './parse-metadata.js';

const METADATA_ENTRY = 'EGG-INFO/PKG-INFO';
/** Core metadata is a few kilobytes; anything near this is not metadata. */
const MAX_METADATA_BYTES = 1024 * 1024;
/** Entries looked at before giving up on finding EGG-INFO/PKG-INFO. */
const MAX_ENTRIES = 100_000;

/**
 * Reads a zipped egg (`*.egg`, what `easy_install` left in site-packages): only its
 * `EGG-INFO/PKG-INFO` entry is inflated, with a byte cap, and parsed as core metadata. The
 * record's location is the egg itself. A zip without that entry, or not a zip, is FINDER_PARSE.
 */
export async function parseEggArchive(data: Buffer, location: string): Promise<PackageRecord> {
  const fail = (why: string): RampartError =>
    new RampartError('FINDER_PARSE', `${location}: ${why}; the egg was skipped`);
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(data, { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
        err || !z ? reject(err ?? new Error('no zip')) : resolve(z),
      ),
    );
  } catch (err) {
    throw fail(`not a readable zip (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const bytes = await readMetadataEntry(zip);
    if (!bytes) throw fail(`no ${METADATA_ENTRY} inside`);
    return parseMetadata(bytes, location);
  } catch (err) {
    if (err instanceof RampartError) throw err;
    throw fail(`unreadable zip (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    zip.close();
  }
}

function readMetadataEntry(zip: yauzl.ZipFile): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    zip.on('error', reject);
    zip.on('end', () => resolve(undefined));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== METADATA_ENTRY) {
        if (++seen >= MAX_ENTRIES) resolve(undefined);
        else zip.readEntry();
        return;
      }
      if (entry.uncompressedSize > MAX_METADATA_BYTES) {
        reject(new Error(`${METADATA_ENTRY} claims ${entry.uncompressedSize} bytes`));
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          reject(err ?? new Error('no stream'));
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        stream.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > MAX_METADATA_BYTES)
            stream.destroy(new Error(`${METADATA_ENTRY} inflates past the cap`));
          else chunks.push(chunk);
        });
        stream.on('error', reject);
        stream.on('end', () => resolve(Buffer.concat(chunks, total)));
      });
    });
    zip.readEntry();
  });
}
