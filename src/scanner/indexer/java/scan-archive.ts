/**
 * One Java archive (jar, war, ear, Jenkins jpi/hpi) → its Maven artifacts, descending into
 * archives nested inside it. What counts, per archive:
 *  - every `pom.properties` in it is an artifact at the archive's path (fat and shaded jars
 *    carry several);
 *  - when the archive has no pom.properties at all, the manifest's main section may name it
 *    (evidence `manifest`);
 *  - licences come from embedded `META-INF/maven/<g>/<a>/pom.xml` and Jenkins manifests.
 * Hostile input is bounded: entry count and inflated bytes for the whole tree, a per-entry
 * compression ratio, the nesting depth, and a nesting loop (an archive whose bytes equal one
 * of its ancestors') is refused. Each refusal is a warning; the rest of the tree is still read.
 */
import { createHash } from 'node:crypto';
import type { PackageRecord } from '../../../model/package.js';
import type { Warning } from '../../../model/warning.js';
import type { Limits } from '../../../runtime/limits.js';
import { isJavaArchiveName } from './is-java-archive-name.js';
import { mavenRecord } from './maven-record.js';
import { openZip, type OpenZip, type ZipEntryInfo } from './open-zip.js';
import { manifestArtifact, manifestLicenses, parseManifest } from './parse-manifest.js';
import { parsePomLicenses } from './parse-pom-licenses.js';
import { embeddedPomCoordinates, parsePomProperties } from './parse-pom-properties.js';

/** Entries listed across one top-level archive and everything nested in it. */
export const MAX_ENTRIES_PER_TREE = 500_000;
/** Metadata files (manifest, pom.properties, pom.xml) are small; a larger one is skipped. */
const MAX_METADATA_BYTES = 4 * 1024 * 1024;
/** Below this size an entry's compression ratio is not checked (tiny repetitive files are normal). */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

interface TreeState {
  limits: Limits;
  signal?: AbortSignal;
  maxEntries: number;
  entriesLeft: number;
  bytesLeft: number;
  warnings: Warning[];
}

function warn(state: TreeState, code: string, subject: string, message: string): void {
  state.warnings.push({ code, message, subject, source: 'java' });
}

/** Maven treats 2.17 and 2.17.0 as one version; so does de-duplication. */
function versionKey(v: string): string {
  return v.replace(/(\.0+)+(?=$|-)/, '');
}

function dedupe(records: PackageRecord[]): PackageRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.name}\0${r.location}\0${versionKey(r.version)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A nested entry's path below its archive, or undefined for names that try to escape it. */
function nestedPath(parent: string, entryName: string): string | undefined {
  const parts = entryName.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || entryName.startsWith('/')) return undefined;
  return `${parent}/${parts.join('/')}`;
}

function readBounded(
  state: TreeState,
  zip: OpenZip,
  entry: ZipEntryInfo,
  cap: number,
  subject: string,
): Buffer | undefined {
  const { uncompressedSize: size, compressedSize } = entry;
  if (
    size >= RATIO_CHECK_MIN_BYTES &&
    size / Math.max(1, compressedSize) > state.limits.maxCompressionRatio
  ) {
    warn(
      state,
      'INDEXER_JAVA_ZIP_BOMB',
      subject,
      `entry ${entry.name} claims ${size} bytes from ${compressedSize} compressed, a ratio over ${state.limits.maxCompressionRatio}; it is skipped as a decompression bomb`,
    );
    return undefined;
  }
  if (size > state.bytesLeft) {
    warn(
      state,
      'INDEXER_JAVA_INFLATE_LIMIT',
      subject,
      `entry ${entry.name} (${size} bytes) would exceed the inflated-bytes budget of the archive; it is skipped (raise maxClaimedFileBytes to read it)`,
    );
    return undefined;
  }
  try {
    const data = zip.read(entry, Math.min(cap, state.bytesLeft));
    state.bytesLeft -= data.length;
    return data;
  } catch (err) {
    warn(
      state,
      'INDEXER_JAVA_ENTRY_UNREADABLE',
      subject,
      `entry ${entry.name} could not be read (${(err as Error).message}); it is skipped`,
    );
    return undefined;
  }
}

function scan(
  data: Buffer,
  location: string,
  depth: number,
  ancestors: string[],
  state: TreeState,
): PackageRecord[] {
  const digest = archiveDigest(data);
  if (ancestors.includes(digest)) {
    warn(
      state,
      'INDEXER_JAVA_ARCHIVE_LOOP',
      location,
      'archive contains a copy of one of the archives around it (a nesting loop); the copy is not read again',
    );
    return [];
  }
  let zip: OpenZip;
  try {
    zip = openZip(data, state.entriesLeft);
  } catch (err) {
    warn(
      state,
      'INDEXER_JAVA_ARCHIVE_MALFORMED',
      location,
      `not a readable zip archive (${(err as Error).message}); its packages are not reported`,
    );
    return [];
  }
  state.entriesLeft -= zip.entries.length;
  if (zip.truncated) {
    warn(
      state,
      'INDEXER_JAVA_ENTRY_LIMIT',
      location,
      `archive tree holds more than ${state.maxEntries} entries; the rest are not read`,
    );
  }
  const records: PackageRecord[] = [];
  const nested: PackageRecord[] = [];
  const pomLicenses = new Map<string, string[]>();
  let manifestText: string | undefined;

  for (const entry of zip.entries) {
    state.signal?.throwIfAborted();
    const name = entry.name;
    if (name.endsWith('/')) continue;
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (base === 'pom.properties') {
      const buf = readBounded(state, zip, entry, MAX_METADATA_BYTES, location);
      const props = buf && parsePomProperties(buf.toString('utf8'));
      if (!props) continue;
      records.push(mavenRecord(props.groupId, props.artifactId, props.version, location, 'installed'));
    } else if (base === 'pom.xml') {
      const ga = embeddedPomCoordinates(name);
      if (!ga) continue;
      const buf = readBounded(state, zip, entry, MAX_METADATA_BYTES, location);
      const names = buf ? parsePomLicenses(buf.toString('utf8')) : [];
      if (names.length > 0) pomLicenses.set(`${ga[0]}:${ga[1]}`, names);
    } else if (name === 'META-INF/MANIFEST.MF') {
      const buf = readBounded(state, zip, entry, MAX_METADATA_BYTES, location);
      if (buf) manifestText = buf.toString('utf8');
    } else if (isJavaArchiveName(base)) {
      const inner = nestedPath(location, name);
      if (!inner) {
        warn(
          state,
          'INDEXER_JAVA_PATH_ESCAPE',
          location,
          `nested archive name ${name} escapes its archive; it is skipped`,
        );
        continue;
      }
      if (depth + 1 > state.limits.maxArchiveDepth) {
        warn(
          state,
          'INDEXER_JAVA_DEPTH_LIMIT',
          inner,
          `archive is nested deeper than ${state.limits.maxArchiveDepth} levels; it is not read`,
        );
        continue;
      }
      const buf = readBounded(state, zip, entry, state.bytesLeft, location);
      if (buf) nested.push(...scan(buf, inner, depth + 1, [...ancestors, digest], state));
    }
  }

  const attrs = manifestText === undefined ? undefined : parseManifest(manifestText);
  // The manifest is only a guess; it speaks for the archive when no Maven metadata does.
  if (records.length === 0 && attrs) {
    const m = manifestArtifact(attrs);
    if (m) records.push(mavenRecord(m.groupId, m.artifactId, m.version, location, 'manifest'));
  }
  for (const r of records) {
    const names = pomLicenses.get(r.name);
    if (names && !r.licenses) r.licenses = names;
  }
  const jenkins = attrs ? manifestLicenses(attrs) : [];
  const unique = dedupe(records);
  if (jenkins.length > 0 && unique.length === 1 && !unique[0]!.licenses) unique[0]!.licenses = jenkins;
  return [...unique, ...nested];
}

export function archiveDigest(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface ScanOptions {
  limits: Limits;
  /** Checked between entries: an aborted scan rejects with the signal's reason. */
  signal?: AbortSignal;
  /** sha256 hex digests of archives already open around this one (none for a finder call). */
  ancestors?: string[];
  /** Entries listed across the whole tree (default MAX_ENTRIES_PER_TREE). */
  maxEntries?: number;
}

/** Scans one archive file and everything nested in it. */
export function scanArchive(
  data: Buffer,
  location: string,
  options: ScanOptions,
): { packages: PackageRecord[]; warnings: Warning[] } {
  const maxEntries = options.maxEntries ?? MAX_ENTRIES_PER_TREE;
  const state: TreeState = {
    limits: options.limits,
    signal: options.signal,
    maxEntries,
    entriesLeft: maxEntries,
    bytesLeft: options.limits.maxClaimedFileBytes,
    warnings: [],
  };
  const packages = scan(data, location, 0, options.ancestors ?? [], state);
  return { packages, warnings: state.warnings };
}
