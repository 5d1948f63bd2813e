/** Writes test inputs into a fresh temp folder and hands them back as artefacts. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Artefact } from '../../../../../src/scanner/vulndb/feeds/contracts.js';

export class TempArtefacts {
  readonly dir = mkdtempSync(join(tmpdir(), 'rampart-feed-test-'));

  write(name: string, data: string | Buffer): Artefact {
    const path = join(this.dir, name.replace(/\//g, '__'));
    writeFileSync(path, data);
    return { path, name };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
