/**
 * The rpm header blob as the package databases store it (no lead, no 8-byte header magic):
 *
 *   int32 il | int32 dl | il × { int32 tag, int32 type, int32 offset, int32 count } | dl bytes of data
 *
 * all big-endian. We read only the tags a scanner needs and bounds-check every offset: a blob
 * that does not add up throws a RpmHeaderError, which callers turn into a warning.
 */
export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  MODULARITYLABEL: 5096,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

/** rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX). */
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 0x0fffffff;

export class RpmHeaderError extends Error {}

interface IndexEntry {
  type: number;
  offset: number;
  count: number;
}

export interface RpmHeader {
  name?: string;
  version?: string;
  release?: string;
  epoch?: number;
  arch?: string;
  license?: string;
  sourceRpm?: string;
  modularityLabel?: string;
  /** Installed file paths without the leading slash; paths that climb out with `..` are dropped. */
  files: string[];
}

export function parseHeader(blob: Uint8Array): RpmHeader {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 8) throw new RpmHeaderError(`header blob of ${buf.length} bytes is too short`);
  const il = buf.readUInt32BE(0);
  const dl = buf.readUInt32BE(4);
  if (il < 1 || il > MAX_ENTRIES)
    throw new RpmHeaderError(`header has ${il} index entries (allowed 1..${MAX_ENTRIES})`);
  if (dl > MAX_DATA) throw new RpmHeaderError(`header data length ${dl} exceeds ${MAX_DATA}`);
  const dataStart = 8 + il * 16;
  if (dataStart + dl > buf.length) {
    throw new RpmHeaderError(
      `header declares ${il} entries and ${dl} data bytes but the blob has ${buf.length} bytes`,
    );
  }
  const data = buf.subarray(dataStart, dataStart + dl);
  const entries = new Map<number, IndexEntry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = buf.readUInt32BE(at);
    const entry = {
      type: buf.readUInt32BE(at + 4),
      offset: buf.readUInt32BE(at + 8),
      count: buf.readUInt32BE(at + 12),
    };
    if (entry.offset > dl)
      throw new RpmHeaderError(`tag ${tag} points at offset ${entry.offset} past the data (${dl} bytes)`);
    if (!entries.has(tag)) entries.set(tag, entry);
  }

  const str = (tag: number) => readString(data, entries.get(tag), tag);
  const header: RpmHeader = {
    name: str(RPMTAG.NAME),
    version: str(RPMTAG.VERSION),
    release: str(RPMTAG.RELEASE),
    arch: str(RPMTAG.ARCH),
    license: str(RPMTAG.LICENSE),
    sourceRpm: str(RPMTAG.SOURCERPM),
    modularityLabel: str(RPMTAG.MODULARITYLABEL),
    files: readFiles(data, entries),
  };
  const epoch = readInt32s(data, entries.get(RPMTAG.EPOCH), RPMTAG.EPOCH);
  if (epoch && epoch.length > 0) header.epoch = epoch[0];
  return header;
}

function readString(data: Buffer, e: IndexEntry | undefined, tag: number): string | undefined {
  if (!e) return undefined;
  if (e.type !== TYPE_STRING && e.type !== TYPE_I18NSTRING && e.type !== TYPE_STRING_ARRAY) {
    throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected a string`);
  }
  return readStrings(data, e.offset, 1, tag)[0];
}

function readStrings(data: Buffer, offset: number, count: number, tag: number): string[] {
  if (count > data.length)
    throw new RpmHeaderError(`tag ${tag} claims ${count} strings in ${data.length} bytes`);
  if (count === 0) return [];
  let end = offset - 1;
  for (let i = 0; i < count; i++) {
    end = data.indexOf(0, end + 1);
    if (end < 0) throw new RpmHeaderError(`string of tag ${tag} runs past the end of the data`);
  }
  // One decode for the whole array: much cheaper than one per string for big file lists.
  return data.toString('utf8', offset, end).split('\0');
}

function readInt32s(data: Buffer, e: IndexEntry | undefined, tag: number): number[] | undefined {
  if (!e) return undefined;
  if (e.type !== TYPE_INT32) throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected int32`);
  if (e.offset + e.count * 4 > data.length)
    throw new RpmHeaderError(`int32 array of tag ${tag} runs past the data`);
  const out: number[] = [];
  for (let i = 0; i < e.count; i++) out.push(data.readInt32BE(e.offset + i * 4));
  return out;
}

function readStringArray(data: Buffer, e: IndexEntry | undefined, tag: number): string[] | undefined {
  if (!e) return undefined;
  if (e.type !== TYPE_STRING_ARRAY)
    throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected a string array`);
  return readStrings(data, e.offset, e.count, tag);
}

function readFiles(data: Buffer, entries: Map<number, IndexEntry>): string[] {
  const base = readStringArray(data, entries.get(RPMTAG.BASENAMES), RPMTAG.BASENAMES);
  if (!base) {
    const old = readStringArray(data, entries.get(RPMTAG.OLDFILENAMES), RPMTAG.OLDFILENAMES) ?? [];
    return old.map((f) => relativeDir(f)).filter((f): f is string => f !== undefined && f !== '');
  }
  const dirs = (readStringArray(data, entries.get(RPMTAG.DIRNAMES), RPMTAG.DIRNAMES) ?? []).map(relativeDir);
  const idx = readInt32s(data, entries.get(RPMTAG.DIRINDEXES), RPMTAG.DIRINDEXES) ?? [];
  if (idx.length !== base.length)
    throw new RpmHeaderError(`${base.length} file names but ${idx.length} directory indexes`);
  const files: string[] = [];
  for (let i = 0; i < base.length; i++) {
    const d = idx[i]!;
    if (d < 0 || d >= dirs.length)
      throw new RpmHeaderError(`file ${base[i]} points at directory ${d} of ${dirs.length}`);
    const dir = dirs[d];
    const b = base[i]!;
    if (dir === undefined || b === '' || b === '.' || b === '..' || b.includes('/')) continue;
    files.push(dir + b);
  }
  return files;
}

/**
 * An absolute rpm directory (`/usr/lib/`) as a relative prefix (`usr/lib/`); undefined when it
 * climbs out with `..`.
 */
function relativeDir(dir: string): string | undefined {
  let start = 0;
  while (dir.charCodeAt(start) === 0x2f) start++;
  const rel = start === 0 ? dir : dir.slice(start);
  return DOT_DOT.test(rel) ? undefined : rel;
}

const DOT_DOT = /(?:^|\/)\.\.(?:\/|$)/;
