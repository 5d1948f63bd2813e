import { PackageURL } from 'packageurl-js';

import type { IndexReport } from '../../model/index-report.js';

/** `pkg:oci/<name>@<manifest digest>?repository_url=…` for an image pulled from a registry. */
export function imagePurl(report: Pick<IndexReport, 'image'>): string | undefined {
  const img = report.image;
  if (img.sourceKind !== 'registry' || !img.manifestDigest) return undefined;
  const ref = img.reference.replace(/@sha256:[a-f0-9]+$/, '');
  const lastSlash = ref.lastIndexOf('/');
  const tagColon = ref.indexOf(':', lastSlash + 1);
  const repo = tagColon > 0 ? ref.slice(0, tagColon) : ref;
  const tag = tagColon > 0 ? ref.slice(tagColon + 1) : undefined;
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  const qualifiers: Record<string, string> = { repository_url: repo };
  if (tag) qualifiers.tag = tag;
  try {
    return new PackageURL('oci', undefined, name, img.manifestDigest, qualifiers, undefined).toString();
  } catch {
    return undefined; // no image name to put in a purl (e.g. a reference ending in `/`)
  }
}
