/**
 * Builds rpm header blobs (the form rpm databases store: il, dl, index entries, data; all
 * big-endian) byte by byte, so finder tests need no binary fixtures.
 */
export type RpmTagValue =
  | { tag: number; type: 'string'; value: string }
  | { tag: number; type: 'int32'; value: number[] }
  | { tag: number; type: 'string-array'; value: string[] };

const TYPE_CODE = { int32: 4, string: 6, 'string-array': 8 } as const;

export function buildRpmHeader(tags: RpmTagValue[]): Buffer {
  const index: Buffer[] = [];
  const data: Buffer[] = [];
  let size = 0;
  for (const t of tags) {
    let bytes: Buffer;
    let count: number;
    if (t.type === 'int32') {
      const pad = (4 - (size % 4)) % 4;
      if (pad) {
        data.push(Buffer.alloc(pad));
        size += pad;
      }
      bytes = Buffer.alloc(t.value.length * 4);
      t.value.forEach((v, i) => bytes.writeInt32BE(v, i * 4));
      count = t.value.length;
    } else if (t.type === 'string') {
      bytes = Buffer.from(`${t.value}\0`, 'utf8');
      count = 1;
    } else {
      bytes = Buffer.from(t.value.map((v) => `${v}\0`).join(''), 'utf8');
      count = t.value.length;
    }
    const entry = Buffer.alloc(16);
    entry.writeUInt32BE(t.tag, 0);
    entry.writeUInt32BE(TYPE_CODE[t.type], 4);
    entry.writeUInt32BE(size, 8);
    entry.writeUInt32BE(count, 12);
    index.push(entry);
    data.push(bytes);
    size += bytes.length;
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(tags.length, 0);
  head.writeUInt32BE(size, 4);
  return Buffer.concat([head, ...index, ...data]);
}

export interface SimplePackage {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  license?: string;
  sourceRpm?: string;
  modularityLabel?: string;
  files?: string[];
}

/** A header with the tags the rpm finder reads. */
export function buildPackageHeader(p: SimplePackage): Buffer {
  const tags: RpmTagValue[] = [
    { tag: 1000, type: 'string', value: p.name },
    { tag: 1001, type: 'string', value: p.version },
    { tag: 1002, type: 'string', value: p.release },
  ];
  if (p.epoch !== undefined) tags.push({ tag: 1003, type: 'int32', value: [p.epoch] });
  if (p.license) tags.push({ tag: 1014, type: 'string', value: p.license });
  if (p.arch) tags.push({ tag: 1022, type: 'string', value: p.arch });
  if (p.sourceRpm) tags.push({ tag: 1044, type: 'string', value: p.sourceRpm });
  if (p.modularityLabel) tags.push({ tag: 5096, type: 'string', value: p.modularityLabel });
  if (p.files && p.files.length > 0) {
    const dirs: string[] = [];
    const dirIndexes: number[] = [];
    const bases: string[] = [];
    for (const f of p.files) {
      const cut = f.lastIndexOf('/') + 1;
      const dir = f.slice(0, cut);
      if (!dirs.includes(dir)) dirs.push(dir);
      dirIndexes.push(dirs.indexOf(dir));
      bases.push(f.slice(cut));
    }
    tags.push({ tag: 1116, type: 'int32', value: dirIndexes });
    tags.push({ tag: 1117, type: 'string-array', value: bases });
    tags.push({ tag: 1118, type: 'string-array', value: dirs });
  }
  return buildRpmHeader(tags);
}
