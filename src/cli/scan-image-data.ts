import type { Image } from '../model/image.js';
import type { Logger } from '../runtime/log.js';
import { matchReport } from '../scanner/matcher/match-report.js';
import { defaultDbPath } from '../scanner/vulndb/default-db-path.js';
import { openStore } from '../scanner/vulndb/store.js';
import { imageDataFromScan } from './image-data-from-scan.js';
import { indexFromFlags, type ImageFlagValues } from './index-image.js';

export interface ScanImageOptions {
  /** Vulnerability DB file (`--db`); default: the user cache dir. */
  db?: string;
  toolVersion: string;
  log: Logger;
  /** Called with each scanner warning (for the command's stderr). */
  warn: (message: string) => void;
}

/**
 * Scan one image locally (Indexer, cached layers, then the matcher against the local DB) and
 * return it as StackRox image data for policy evaluation. A missing or unreadable DB is an
 * error: a build gate must not pass because vulnerability criteria could not be evaluated.
 */
export async function scanImageData(
  reference: string,
  flags: Omit<ImageFlagValues, 'image'>,
  opts: ScanImageOptions,
): Promise<Image> {
  const store = openStore(opts.db ?? defaultDbPath(process.env));
  try {
    const index = await indexFromFlags({ ...flags, image: reference }, undefined, opts.toolVersion, opts.log);
    const vulns = matchReport(index, store, { toolVersion: opts.toolVersion }, { log: opts.log });
    for (const w of [...index.warnings, ...vulns.warnings]) opts.warn(w.message);
    return imageDataFromScan(index, vulns);
  } finally {
    store.close();
  }
}
