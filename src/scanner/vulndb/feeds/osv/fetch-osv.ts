/**
 * Downloads osv.dev's per-ecosystem `all.zip` files from the public OSV bucket. Conditional
 * requests per URL; when every URL answers 304 the feed is 'unchanged'. When only some changed,
 * the unchanged ones are fetched again without validators (the feed is replaced as a whole).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import type { Artefact, FeedState, FetchContext, FetchResult, UrlValidators } from '../contracts.js';
import { downloadFile, type Downloaded } from '../download-file.js';

export const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';

/** Ecosystems this feed downloads (distros with their own native feeds are left to those). */
export const osvEcosystems = [
  'Go',
  'crates.io',
  'PyPI',
  'npm',
  'Maven',
  'NuGet',
  'RubyGems',
  'Packagist',
  'Ubuntu',
  'Chainguard',
  'Wolfi',
] as const;

export const osvUrl = (ecosystem: string): string => `${OSV_BUCKET}/${encodeURIComponent(ecosystem)}/all.zip`;

export async function fetchOsv(ctx: FetchContext, previous?: FeedState): Promise<FetchResult | 'unchanged'> {
  const got = new Map<string, Downloaded | 'unchanged'>();
  for (const eco of osvEcosystems) {
    const url = osvUrl(eco);
    const dest = join(ctx.workDir, `${eco}.zip`);
    got.set(eco, await downloadFile(ctx, 'osv', url, dest, previous?.validators?.[url]));
  }
  if ([...got.values()].every((g) => g === 'unchanged')) return 'unchanged';
  const artefacts: Artefact[] = [];
  const validators: Record<string, UrlValidators> = {};
  const digests: string[] = [];
  for (const eco of osvEcosystems) {
    const url = osvUrl(eco);
    let d = got.get(eco)!;
    if (d === 'unchanged')
      d = (await downloadFile(ctx, 'osv', url, join(ctx.workDir, `${eco}.zip`))) as Downloaded;
    artefacts.push({ path: d.path, name: `${eco}/all.zip` });
    validators[url] = d.validators;
    digests.push(`${eco}/all.zip:${d.sha256}`);
  }
  const fingerprint = createHash('sha256').update(digests.sort().join('\n')).digest('hex');
  return { artefacts, state: { fetchedAt: ctx.now().toISOString(), fingerprint, validators } };
}
