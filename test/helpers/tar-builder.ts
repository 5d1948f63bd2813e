/**
 * Builds tar archives in memory with tar-stream, for layers the tests craft (hostile ones
 * included: `../` names, absolute names, escaping links, devices, whiteouts).
 */
import { pack } from 'tar-stream';

export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';
  data?: string | Buffer;
  linkname?: string;
  mode?: number;
  /** Declared size (for crafted headers); defaults to the data length. */
  size?: number;
}

export async function buildTar(entries: TarEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data = e.data === undefined ? undefined : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: e.name,
        type,
        mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
        ...(type === 'file' ? { size: data?.length ?? 0 } : {}),
        ...(type === 'character-device' || type === 'block-device' ? { devmajor: 1, devminor: 3 } : {}),
      };
      const finish = (err?: Error | null) => (err ? reject(err) : resolve());
      if (type === 'file') p.entry(header, data ?? Buffer.alloc(0), finish);
      else p.entry(header, finish);
    });
  }
  p.finalize();
  await ended;
  return Buffer.concat(chunks);
}
