import { PackageURL } from 'packageurl-js';
import type { PackageRecord } from '../../../model/package.js';
import type { OwnedFiles } from '../contracts.js';
import type { RpmHeader } from './parse-header.js';

/**
 * `name-version-release.src.rpm` → name and `version-release`. Names may contain dashes, so
 * the last two dash-separated fields are version and release.
 */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  return m ? { name: m[1]!, version: `${m[2]}-${m[3]}` } : undefined;
}

/** `name:stream:version:context[:arch]` → `name:stream`. */
export function moduleOf(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const parts = label.split(':');
  return parts.length >= 2 && parts[0] && parts[1] ? `${parts[0]}:${parts[1]}` : undefined;
}

export interface RpmEntry {
  record: PackageRecord;
  ownedFiles?: OwnedFiles;
}

/**
 * A header as a package record, or undefined for entries that are not packages (gpg-pubkey
 * pseudo-packages, which hold imported signing keys) or that lack a name or version.
 */
export function rpmPackageRecord(h: RpmHeader, location: string): RpmEntry | undefined {
  if (!h.name || !h.version || h.name === 'gpg-pubkey') return undefined;
  const vr = h.release ? `${h.version}-${h.release}` : h.version;
  const record: PackageRecord = {
    name: h.name,
    // An explicit epoch 0 equals no epoch in rpm's ordering; it is kept in `epoch`, not in the string.
    version: h.epoch ? `${h.epoch}:${vr}` : vr,
    type: 'rpm',
    kind: 'os',
    finder: 'rpm',
    location,
    purl: '',
    evidence: 'installed',
  };
  if (h.epoch !== undefined) record.epoch = h.epoch;
  if (h.arch) record.arch = h.arch;
  if (h.license) record.licenses = [h.license];
  const src = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : undefined;
  if (src) record.source = src;
  const module = moduleOf(h.modularityLabel);
  if (module) record.module = module;

  const qualifiers: Record<string, string> = {};
  if (h.arch) qualifiers.arch = h.arch;
  if (h.epoch) qualifiers.epoch = String(h.epoch);
  if (h.sourceRpm) qualifiers.upstream = h.sourceRpm;
  record.purl = new PackageURL('rpm', undefined, h.name, vr, qualifiers, undefined).toString();

  return h.files.length > 0 ? { record, ownedFiles: { owner: h.name, paths: h.files } } : { record };
}
