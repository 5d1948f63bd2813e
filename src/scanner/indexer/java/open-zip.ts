/**
 * A small promise wrapper over yauzl for an in-memory zip: list the entries (up to a count),
 * then read chosen entries with a byte cap. yauzl checks every entry's inflated size against
 * its header, so a lying header fails that entry instead of inflating without end.
 */
import yauzl from 'yauzl';
import { RampartError } from '../../../runtime/errors.js';

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  entry: yauzl.Entry;
}

export interface OpenZip {
  entries: ZipEntryInfo[];
  /** True when the archive holds more entries than the listing limit allowed. */
  truncated: boolean;
  read(entry: ZipEntryInfo, maxBytes: number): Promise<Buffer>;
  close(): void;
}

function fromBuffer(data: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      data,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => {
        if (err || !zip) reject(err ?? new Error('no zip file'));
        else resolve(zip);
      },
    );
  });
}

function listEntries(
  zip: yauzl.ZipFile,
  maxEntries: number,
): Promise<{ entries: ZipEntryInfo[]; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const entries: ZipEntryInfo[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entries.length >= maxEntries) {
        resolve({ entries, truncated: true });
        return;
      }
      entries.push({
        name: entry.fileName,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        entry,
      });
      zip.readEntry();
    });
    zip.on('end', () => resolve({ entries, truncated: false }));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, info: ZipEntryInfo, maxBytes: number): Promise<Buffer> {
  if (info.uncompressedSize > maxBytes) {
    return Promise.reject(
      new RampartError(
        'INDEXER_JAVA_ENTRY_TOO_LARGE',
        `${info.name} inflates to ${info.uncompressedSize} bytes, over the ${maxBytes}-byte limit`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    zip.openReadStream(info.entry, (err, stream) => {
      if (err || !stream) {
        reject(err ?? new Error('no stream'));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) {
          stream.destroy(
            new RampartError(
              'INDEXER_JAVA_ENTRY_TOO_LARGE',
              `${info.name} inflates past the ${maxBytes}-byte limit`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks, total)));
    });
  });
}

/**
 * Bytes before the zip proper: a "fully executable" jar (Spring Boot's launch script, a shell
 * stub) starts with a script, and its central directory offsets count from the zip's own start.
 * The end-of-central-directory record tells where that is: EOCD position − CD size − CD offset.
 */
export function zipPrefixLength(data: Buffer): number {
  const floor = Math.max(0, data.length - 22 - 0xffff);
  for (let at = data.length - 22; at >= floor; at--) {
    if (data.readUInt32LE(at) !== 0x06054b50) continue;
    const cdSize = data.readUInt32LE(at + 12);
    const cdOffset = data.readUInt32LE(at + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) return 0; // zip64: offsets live elsewhere
    const prefix = at - cdSize - cdOffset;
    return prefix > 0 && data.readUInt32LE(at - cdSize) === 0x02014b50 ? prefix : 0;
  }
  return 0;
}

/** Opens an in-memory zip and lists up to `maxEntries` entries. Rejects when it is not a readable zip. */
export async function openZip(data: Buffer, maxEntries: number): Promise<OpenZip> {
  const prefix = data.length >= 22 ? zipPrefixLength(data) : 0;
  const zip = await fromBuffer(prefix > 0 ? data.subarray(prefix) : data);
  try {
    const { entries, truncated } = await listEntries(zip, maxEntries);
    return { entries, truncated, read: (e, max) => readEntry(zip, e, max), close: () => zip.close() };
  } catch (err) {
    zip.close();
    throw err;
  }
}
