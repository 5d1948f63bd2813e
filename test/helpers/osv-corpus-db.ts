/** Builds a DB from the OSV-format folders of ../shared/vulndata with the osv feed alone (corpus suites). */
import { join } from 'node:path';

import { silentLogger } from '../../src/runtime/log.js';
import type { Artefact } from '../../src/scanner/vulndb/feeds/contracts.js';
import { defaultFeedLimits } from '../../src/scanner/vulndb/feeds/feed-limits.js';
import { osvFeed } from '../../src/scanner/vulndb/feeds/osv/index.js';
import { routeMirror } from '../../src/scanner/vulndb/route-mirror.js';
import { updateDb } from '../../src/scanner/vulndb/update-db.js';
import { tempDir, testState } from './osv-feed-builder.js';

export const OSV_FOLDERS = [
  'osv-go',
  'osv-crates',
  'osv-pypi',
  'ubuntu-osv',
  'ghsa',
  'chainguard-secdb/vunnel-fixture/osv',
];

/** Returns the DB path, records per folder and the import time. */
export async function buildOsvDb(
  vulndata: string,
): Promise<{ db: string; perFolder: Map<string, number>; seconds: number }> {
  const perFolder = new Map<string, number>();
  const artefacts: Artefact[] = [];
  for (const folder of OSV_FOLDERS) {
    const route = routeMirror(join(vulndata, folder), [osvFeed]);
    const arts = (route.byFeed.get(osvFeed) ?? []).map((a) => ({ ...a, name: `${folder}/${a.name}` }));
    let n = 0;
    for await (const _ of osvFeed.parse(arts, { log: silentLogger, limits: defaultFeedLimits })) n++;
    perFolder.set(folder, n);
    artefacts.push(...arts);
  }
  const db = join(tempDir(), 'rampart.db');
  const t = Date.now();
  await updateDb({
    dbPath: db,
    jobs: [{ feed: osvFeed, artefacts, state: testState() }],
    ctx: { log: silentLogger, limits: defaultFeedLimits },
  });
  return { db, perFolder, seconds: (Date.now() - t) / 1000 };
}
