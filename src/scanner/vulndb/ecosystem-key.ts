/**
 * The one normalisation of (ecosystem, package name) shared by every feed when it writes and by
 * the matcher when it looks up. If the two sides disagree, a vulnerability is silently missed,
 * so nobody else does string surgery on these keys.
 */

export interface EcosystemKey {
  /** OSV base name plus release, e.g. `Ubuntu:22.04`, `Debian:12`, `PyPI`. */
  ecosystem: string;
  /** `pro` for Ubuntu Pro/ESM (`Ubuntu:Pro:16.04:LTS`); undefined otherwise. */
  pocket?: string;
}

/**
 * Normalise an OSV ecosystem string: `Ubuntu:22.04:LTS` → `Ubuntu:22.04`,
 * `Ubuntu:Pro:16.04:LTS` → `Ubuntu:16.04` + pocket `pro`, `Ubuntu:Pro:FIPS:22.04:LTS` →
 * `Ubuntu:22.04` + pocket `pro-fips`, `Debian:12` and others unchanged (whitespace trimmed).
 */
export function ecosystemKey(osvEcosystem: string): EcosystemKey {
  const eco = osvEcosystem.trim();
  if (!eco.startsWith('Ubuntu:')) return { ecosystem: eco };
  const parts = eco.split(':').slice(1);
  const marks: string[] = [];
  let release: string | undefined;
  for (const p of parts) {
    if (/^\d+\.\d+$/.test(p)) release = p;
    else if (p !== 'LTS') marks.push(p.toLowerCase());
  }
  if (!release) return { ecosystem: eco };
  return marks.length > 0
    ? { ecosystem: `Ubuntu:${release}`, pocket: marks.join('-') }
    : { ecosystem: `Ubuntu:${release}` };
}

/** The ecosystem's base name, before any `:release`. */
export function ecosystemBase(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon >= 0 ? ecosystem.slice(0, colon) : ecosystem;
}

/**
 * The package name as stored and looked up. PyPI: PEP 503 (lower-case, runs of `-_.` → `-`).
 * Everything else is kept as published: npm, Go, Maven (`group:artifact`), crates.io, NuGet
 * (NuGet ids are case-insensitive but feeds publish the canonical casing; the matcher may also
 * try a lower-case key), RubyGems, Packagist (lower-case by convention), distro packages.
 */
export function packageKey(ecosystem: string, name: string): string {
  const base = ecosystemBase(ecosystem);
  const trimmed = name.trim();
  if (base === 'PyPI') return trimmed.toLowerCase().replace(/[-_.]+/g, '-');
  if (base === 'Packagist') return trimmed.toLowerCase();
  return trimmed;
}
