/**
 * The row shapes every feed produces and the matcher reads back from the store. They are plain
 * JSON-serialisable data: a feed's `parse` yields `FeedRecord`s, the store writes them, and
 * `lookup` returns `AffectedRow`s with their `Advisory`.
 *
 * Keys, fixed once for all feeds (see README.md "Row model"):
 * - `ecosystem` uses OSV's names. A distribution carries its release: `Debian:12`,
 *   `Ubuntu:22.04` (OSV's `Ubuntu:22.04:LTS` loses the `:LTS`; Ubuntu Pro/ESM moves to
 *   `pocket`), `Alpine:v3.19`, `Wolfi`, `Chainguard`, `Red Hat` (release in `cpe`),
 *   `Rocky Linux:9`. Use `ecosystemKey()` to normalise, never hand-written string surgery.
 * - `name` is the name the matcher looks up: Debian and Ubuntu SOURCE package (Ubuntu USN OVAL
 *   rows: the BINARY package, marked `extra.binary: true`); Alpine, Wolfi
 *   and Chainguard ORIGIN package; Red Hat / Rocky the BINARY rpm name (the SRPM name goes
 *   in `extra.srpm` when the feed states it); PyPI PEP 503 normalised; Maven `group:artifact`;
 *   Go module path and npm name as published (case-sensitive). Use `packageKey()`.
 */
import type { OsvEvent } from '../versions/osv-range.js';
import type { SchemeId } from '../versions/contracts.js';

/** Who states a severity. `vendor` = the distribution or ecosystem publisher of the advisory. */
export type SeveritySource = 'vendor' | 'nvd' | 'cna' | 'ghsa' | 'osv' | (string & {});

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  /** The vector as published, e.g. `CVSS:3.1/AV:N/AC:L/...`. */
  vector: string;
  /** Base score when published or computable; undefined when only the vector is known. */
  score?: number;
}

/** A severity exactly as its publisher states it (no mapping to a common scale here). */
export interface Severity {
  source: SeveritySource;
  /** The publisher's word: `HIGH`, `Important`, `moderate`, `medium`… */
  name?: string;
  cvss: CvssScore[];
}

export interface Reference {
  /** OSV reference type (ADVISORY, FIX, WEB, REPORT, PACKAGE…) or the feed's own. */
  type: string;
  url: string;
}

/** One feed record: an OSV entry, a DSA/USN/RHSA, a secdb CVE entry… */
export interface Advisory {
  /** Unique across the whole DB: `GO-2023-1234`, `DSA-5000-1`, `CVE-2024-1@Debian` for a tracker row. */
  id: string;
  /** Registry key of the feed that wrote it. */
  feed: string;
  /** CVE, GHSA and distro ids this record is the same vulnerability as (never contains `id`). */
  aliases: string[];
  /** Related but not identical ids (OSV `related`, `upstream`). */
  related: string[];
  summary?: string;
  details?: string;
  /** RFC 3339 timestamps as published. */
  published?: string;
  modified?: string;
  /** Set when the publisher withdrew the record: the matcher must not report it. */
  withdrawn?: string;
  references: Reference[];
  severity: Severity[];
  /** `CWE-79`… */
  cwes: string[];
  /** Anything else worth keeping (OSV database_specific…). */
  extra?: Record<string, unknown>;
}

/**
 * A distribution's statement about one package. OSV feeds use `affected` (ranges decide) or
 * `not_affected`; distro trackers use all of them.
 */
export type AffectedState =
  | 'affected' // vulnerable; the ranges/versions/fixedVersions tell which versions
  | 'fixed' // fixed in `fixedVersions` (versions below are affected)
  | 'unfixed' // vulnerable in every version, no fix yet (Debian `<unfixed>`, Ubuntu `needed`)
  | 'will_not_fix' // vendor decided not to fix (Red Hat "Will not fix", Ubuntu `ignored`)
  | 'no_dsa' // Debian `<no-dsa>`: minor, fixed maybe later in a point release
  | 'ignored' // Debian `<ignored>`
  | 'postponed' // Debian `<postponed>`, Ubuntu `deferred`
  | 'not_affected' // explicitly not affected (Debian `<not-affected>`, VEX not_affected)
  | 'under_investigation';

/** OSV range: `SEMVER`/`ECOSYSTEM` are matched; `GIT` is stored only (the matcher ignores it). */
export interface AffectedRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT';
  events: OsvEvent[];
  repo?: string;
}

/** One (advisory, ecosystem, package) statement. */
export interface AffectedPackage {
  ecosystem: string;
  name: string;
  /** Version scheme id from versions/registry.ts; undefined when the ecosystem has none we order. */
  scheme?: SchemeId;
  purl?: string;
  ranges: AffectedRange[];
  /** Explicitly affected versions (OSV `versions`). */
  versions: string[];
  /**
   * Set by the DB writer when `versions` is stored sorted in `scheme`'s order (every one
   * parses): the order's mark (`pep440@1`, osv-range.ts `listedOrderMark`). A matcher trusts
   * the order only when the mark is its own.
   */
  listedOrder?: string;
  state: AffectedState;
  /** Versions that fix it (from `fixed` events or the distro's fixed version). */
  fixedVersions: string[];
  /** Ubuntu: `pro` for Ubuntu Pro/ESM ecosystems; undefined for the main archive. */
  pocket?: string;
  /** Red Hat / Rocky: the product CPE the statement is for (`cpe:/o:redhat:enterprise_linux:9`). */
  cpe?: string;
  /** Red Hat / Rocky modular stream, `name:stream` (`nodejs:18`). */
  module?: string;
  /** Per-package severity when the feed gives one (Ubuntu priority, Debian urgency). */
  severity?: Severity;
  /** OSV ecosystem_specific/database_specific and anything feed-specific (`srpm`, `arch`…). */
  extra?: Record<string, unknown>;
}

/** NVD CVE record (enrichment; joined to advisories through CVE aliases). */
export interface NvdRecord {
  cve: string;
  published?: string;
  lastModified?: string;
  status?: string;
  descriptions: { lang: string; value: string }[];
  /** Every metric NVD lists, primary and secondary, v2/v3.x/v4. */
  cvss: (CvssScore & { source: string; type?: 'Primary' | 'Secondary' | (string & {}) })[];
  cwes: string[];
  references: Reference[];
  /** CPE match criteria as published (not used for matching packages). */
  configurations?: unknown;
}

/** CISA Known Exploited Vulnerabilities entry. */
export interface KevRecord {
  cve: string;
  vendorProject?: string;
  product?: string;
  vulnerabilityName?: string;
  dateAdded?: string;
  dueDate?: string;
  requiredAction?: string;
  knownRansomwareCampaignUse?: string;
  notes?: string;
}

/** FIRST EPSS score for one CVE on one day. */
export interface EpssRecord {
  cve: string;
  epss: number;
  percentile: number;
  /** Score date (YYYY-MM-DD). */
  date?: string;
}

/** What a feed's `parse` yields, one at a time. */
export type FeedRecord =
  | { kind: 'advisory'; advisory: Advisory; affected: AffectedPackage[] }
  | { kind: 'nvd'; record: NvdRecord }
  | { kind: 'kev'; record: KevRecord }
  | { kind: 'epss'; record: EpssRecord };

/** An affected row as `lookup` returns it: the package statement plus its advisory id. */
export interface AffectedRow extends AffectedPackage {
  advisoryId: string;
  feed: string;
}

/** What `lookup` returns per affected row: the row with its advisory attached (shared objects). */
export interface Candidate extends AffectedRow {
  advisory: Advisory;
}
