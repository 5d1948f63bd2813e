import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

import { RampartError } from '../../../runtime/errors.js';
import type { ImageSource, ResolvedImage } from '../contracts.js';

/** `rootfs:DIR`, or any directory that is not an OCI layout: a flattened root filesystem. */
export const rootfsSource = {
  name: 'rootfs',
  accepts(reference: string): boolean {
    if (reference.startsWith('rootfs:')) return true;
    try {
      return statSync(reference).isDirectory();
    } catch {
      return false;
    }
  },
  async resolve(reference): Promise<ResolvedImage> {
    const dir = resolve(reference.startsWith('rootfs:') ? reference.slice('rootfs:'.length) : reference);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new RampartError('SOURCE_NOT_FOUND', `root filesystem ${dir} is not a directory`);
    }
    return {
      reference: `rootfs:${dir}`,
      sourceKind: 'rootfs',
      config: {},
      platform: { os: 'linux', architecture: 'unknown' },
      layers: [],
      rootfs: dir,
      async openLayer() {
        throw new RampartError('INTERNAL', 'a root filesystem has no layer blobs');
      },
      async close() {},
    };
  },
} satisfies ImageSource;
