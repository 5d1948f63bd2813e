import { RampartError } from '../../runtime/errors.js';
import type { Platform } from './contracts.js';

/** A descriptor from an OCI index or Docker manifest list. */
export interface IndexEntry {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  i386: '386',
  i686: '386',
  armhf: 'arm',
  armel: 'arm',
};

/**
 * containerd's normalisation: architecture aliases, `arm64` variant `v8` is the same as no
 * variant, `arm` without a variant is `v7`, `amd64` `v1` is the same as none, and variants are
 * written `vN`.
 */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  const rawArch = p.architecture.toLowerCase();
  const architecture = ARCH_ALIASES[rawArch] ?? rawArch;
  let variant = p.variant?.toLowerCase() ?? '';
  if (rawArch === 'armhf' && variant === '') variant = 'v7';
  if (rawArch === 'armel' && variant === '') variant = 'v6';
  if (/^\d+$/.test(variant)) variant = `v${variant}`;
  if (architecture === 'arm64' && variant === 'v8') variant = '';
  if (architecture === 'arm' && variant === '') variant = 'v7';
  if (architecture === 'amd64' && variant === 'v1') variant = '';
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Equal after normalisation; a wanted platform without variant accepts any variant. */
export function samePlatform(image: Platform, wanted: Platform): boolean {
  const a = normalizePlatform(image);
  const b = normalizePlatform(wanted);
  if (a.os !== b.os || a.architecture !== b.architecture) return false;
  return !wanted.variant || (a.variant ?? '') === (b.variant ?? '');
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((x) => x).join('/');
}

/** Parses `os/arch[/variant]` (for commands that take `--platform`). */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((x) => x === '')) {
    throw new RampartError(
      'SOURCE_PLATFORM_INVALID',
      `invalid platform "${text}": expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8`,
    );
  }
  return parts[2]
    ? { os: parts[0]!, architecture: parts[1]!, variant: parts[2] }
    : { os: parts[0]!, architecture: parts[1]! };
}

function isAttestation(entry: IndexEntry): boolean {
  return (
    entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (entry.platform?.os === 'unknown' && entry.platform?.architecture === 'unknown')
  );
}

/**
 * The index entry for `wanted` (after normalisation). When `wanted` has no variant and no entry
 * matches exactly, an entry of the same os/architecture with a variant is accepted (the first
 * in index order); failing that, an entry that states no platform at all (its config then has to
 * match, see `samePlatform`). Throws SOURCE_PLATFORM_NOT_FOUND listing the platforms the index has.
 */
export function selectPlatform<T extends IndexEntry>(entries: T[], wanted: Platform, reference: string): T {
  const want = normalizePlatform(wanted);
  const candidates = entries.filter((e) => !isAttestation(e) && e.platform?.os && e.platform?.architecture);
  const normalized = candidates.map((e) =>
    normalizePlatform({
      os: e.platform!.os!,
      architecture: e.platform!.architecture!,
      variant: e.platform!.variant,
    }),
  );
  const exact = normalized.findIndex(
    (p) =>
      p.os === want.os && p.architecture === want.architecture && (p.variant ?? '') === (want.variant ?? ''),
  );
  if (exact >= 0) return candidates[exact]!;
  if (!wanted.variant) {
    const loose = normalized.findIndex((p) => p.os === want.os && p.architecture === want.architecture);
    if (loose >= 0) return candidates[loose]!;
  }
  // An entry without a platform may be the one: the caller checks its config's platform.
  const unlabelled = entries.find((e) => !isAttestation(e) && !e.platform?.os && !e.platform?.architecture);
  if (unlabelled) return unlabelled;
  const available = [...new Set(candidates.map((e) => formatPlatform(e.platform as Platform)))];
  throw new RampartError(
    'SOURCE_PLATFORM_NOT_FOUND',
    `image ${reference} has no ${formatPlatform(wanted)} image; it has ${available.length > 0 ? available.join(', ') : 'no platform-specific images'}. ` +
      'Pass --platform with one of those',
  );
}
