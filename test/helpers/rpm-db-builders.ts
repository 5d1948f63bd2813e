/**
 * Builders for rpm's Berkeley DB hash and NDB database files, written from the layout facts in
 * src/scanner/indexer/rpm/parse-bdb.ts and parse-ndb.ts, so tests can make valid, corrupt and
 * looping databases of any size without committed binaries.
 */
export interface BdbOptions {
  pageSize?: number;
  bigEndian?: boolean;
  /** Values up to this size are stored inline on the hash page (kind 1); larger ones off-page. */
  inlineMax?: number;
}

export interface BdbFile {
  data: Buffer;
  pageSize: number;
  /** First overflow page of each off-page value (undefined when stored inline). */
  firstOverflowPage: (number | undefined)[];
}

export function buildBdbHash(values: Buffer[], opts: BdbOptions = {}): BdbFile {
  const pageSize = opts.pageSize ?? 4096;
  const be = opts.bigEndian ?? false;
  const inlineMax = opts.inlineMax ?? 0;
  const pages: Buffer[] = [Buffer.alloc(pageSize)];
  const w32 = (b: Buffer, at: number, v: number) => (be ? b.writeUInt32BE(v, at) : b.writeUInt32LE(v, at));
  const w16 = (b: Buffer, at: number, v: number) => (be ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at));
  const newPage = (type: number): [Buffer, number] => {
    const page = Buffer.alloc(pageSize);
    const pgno = pages.length;
    w32(page, 8, pgno);
    page[25] = type;
    pages.push(page);
    return [page, pgno];
  };

  const firstOverflowPage: (number | undefined)[] = [];
  // Items for each value: [key bytes, value item bytes].
  const items: [Buffer, Buffer][] = [];
  values.forEach((value, n) => {
    const key = Buffer.alloc(5);
    key[0] = 1;
    key.writeUInt32LE(n + 1, 1); // rpm writes package numbers in host order
    if (value.length <= inlineMax) {
      items.push([key, Buffer.concat([Buffer.from([1]), value])]);
      firstOverflowPage.push(undefined);
      return;
    }
    const room = pageSize - 26;
    let prev: Buffer | undefined;
    let first = 0;
    for (let at = 0; at < value.length; at += room) {
      const [page, pgno] = newPage(7);
      const chunk = value.subarray(at, at + room);
      chunk.copy(page, 26);
      w16(page, 22, chunk.length);
      if (prev) w32(prev, 16, pgno);
      else first = pgno;
      prev = page;
    }
    const ref = Buffer.alloc(12);
    ref[0] = 3;
    w32(ref, 4, first);
    w32(ref, 8, value.length);
    items.push([key, ref]);
    firstOverflowPage.push(first);
  });

  // Hash pages: offsets array after the header, items packed from the end of the page.
  let i = 0;
  while (i < items.length) {
    const [page] = newPage(13);
    let end = pageSize;
    let entries = 0;
    while (i < items.length) {
      const [key, val] = items[i]!;
      const need = key.length + val.length;
      if (26 + (entries + 2) * 2 > end - need) break;
      end -= key.length;
      key.copy(page, end);
      w16(page, 26 + entries * 2, end);
      end -= val.length;
      val.copy(page, end);
      w16(page, 26 + (entries + 1) * 2, end);
      entries += 2;
      i++;
    }
    w16(page, 20, entries);
    w16(page, 22, end);
  }

  const meta = pages[0]!;
  w32(meta, 12, 0x061561);
  w32(meta, 16, 9);
  w32(meta, 20, pageSize);
  meta[25] = 8;
  w32(meta, 32, pages.length - 1);
  return { data: Buffer.concat(pages), pageSize, firstOverflowPage };
}

/** An NDB Packages.db with one slot page and the given header blobs. */
export function buildNdb(values: Buffer[]): Buffer {
  const slotPages = 1;
  const head = Buffer.alloc(slotPages * 4096);
  head.write('RpmP', 0, 'latin1');
  head.writeUInt32LE(0, 4);
  head.writeUInt32LE(1, 8);
  head.writeUInt32LE(slotPages, 12);
  head.writeUInt32LE(values.length + 1, 16);
  for (let at = 32; at < head.length; at += 16) head.write('Slot', at, 'latin1');
  const blobs: Buffer[] = [];
  let block = head.length / 16;
  values.forEach((value, n) => {
    const len = 16 + value.length;
    const blocks = Math.ceil(len / 16);
    const blob = Buffer.alloc(blocks * 16);
    blob.write('BlbS', 0, 'latin1');
    blob.writeUInt32LE(n + 1, 4);
    blob.writeUInt32LE(value.length, 12);
    value.copy(blob, 16);
    const slot = 32 + n * 16;
    head.writeUInt32LE(n + 1, slot + 4);
    head.writeUInt32LE(block, slot + 8);
    head.writeUInt32LE(blocks, slot + 12);
    blobs.push(blob);
    block += blocks;
  });
  return Buffer.concat([head, ...blobs]);
}
