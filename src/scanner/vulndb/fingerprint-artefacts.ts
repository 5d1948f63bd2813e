import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

import type { Artefact } from './feeds/contracts.js';

/** sha256 over `name:sha256(content)` lines in name order: the fingerprint of local files. */
export async function fingerprintArtefacts(artefacts: readonly Artefact[]): Promise<string> {
  const lines: string[] = [];
  for (const a of artefacts) {
    const h = createHash('sha256');
    for await (const c of createReadStream(a.path)) h.update(c as Buffer);
    lines.push(`${a.name}:${h.digest('hex')}`);
  }
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}
