import type { Distribution } from './distribution.js';
import type { IndexReport } from './index-report.js';
import type { PackageKind, PackageType } from './package.js';
import type { Warning } from './warning.js';

/**
 * What the Matcher says about an image: every (package, vulnerability) finding with its state,
 * fix, severity and exploit data, the counts roxctl prints, and the coverage gaps as warnings.
 * JSON-serialisable; `schemas/vuln-report.schema.json` describes it. Renderers (table, csv, json,
 * sarif, junit, cyclonedx-vex, spdx) read only this type.
 */

/** StackRox's vulnerability severity names (roxctl image scan prints UNKNOWN as LOW). */
export type SeverityName = 'UNKNOWN' | 'LOW' | 'MODERATE' | 'IMPORTANT' | 'CRITICAL';

/** Who decided a finding's severity: the distribution/ecosystem publisher, NVD, or the CVE's CNA. */
export type FindingSeveritySource = 'vendor' | 'nvd' | 'cna' | 'none';

/**
 * What the feed says about this package version:
 * - `affected`: vulnerable, a fix exists (see `fixedIn`) or the ranges have no fix yet;
 * - `unfixed`: vulnerable, the vendor has not fixed it yet (Debian `<unfixed>`, Ubuntu `needed`);
 * - `will_not_fix`: vulnerable and the vendor will not fix it (Debian `no-dsa`/`ignored`/
 *   `postponed`/end-of-life, Red Hat "Will not fix") — reported, never dropped;
 * - `under_investigation`: the vendor has not decided;
 * - `unknown`: a version could not be compared; the finding is kept so it is not a silent "safe".
 */
export type FindingState = 'affected' | 'unfixed' | 'will_not_fix' | 'under_investigation' | 'unknown';

export interface FindingCvss {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  score?: number;
  vector: string;
  /** `vendor`, `nvd`, `cna` or the NVD metric source (an e-mail or organisation name). */
  source: string;
}

/** The package a finding is about (a reference into the IndexReport's `packages`). */
export interface FindingPackage {
  name: string;
  version: string;
  type: PackageType;
  kind: PackageKind;
  purl: string;
  location: string;
  /** Source (dpkg Source:, apk origin, SRPM) when matching used it. */
  source?: { name: string; version?: string };
  /** Lookup key: ecosystem key (`Debian:12`, `npm`) and name as looked up. */
  ecosystem: string;
  /** The layer that introduced the package and the Dockerfile instruction that made it. */
  layer?: { index: number; diffId: string; createdBy?: string };
}

export interface Finding {
  package: FindingPackage;
  /** The id shown to users: the CVE id when one is known, else GHSA, else the feed's id. */
  id: string;
  /** Every other id of the same vulnerability (GHSA, distro ids, the CVE), sorted. */
  aliases: string[];
  /** Advisory ids (feed records) that produced this finding, sorted. */
  advisories: string[];
  /** A distribution advisory (DSA, RHSA, ALSA…) when the feed names one. */
  advisory?: { name: string; link?: string };
  state: FindingState;
  /** Versions that fix it, lowest first; empty when there is none. */
  fixedIn: string[];
  severity: { name: SeverityName; source: FindingSeveritySource; vendorName?: string };
  cvss: { v3?: FindingCvss; v4?: FindingCvss; all: FindingCvss[] };
  epss?: { probability: number; percentile: number; date?: string };
  kev?: { dateAdded?: string; dueDate?: string; requiredAction?: string; ransomware?: string };
  /** The preferred page for the vulnerability (first), then the advisories' references. */
  links: string[];
  summary?: string;
  /** Why `state` is `unknown`, why the vendor will not fix it, or where the fix comes from (Ubuntu Pro). */
  note?: string;
}

export interface FeedAge {
  name: string;
  version: number;
  fetchedAt?: string;
  importedAt?: string;
  ageDays?: number;
}

export interface VulnCounts {
  /** Packages with at least one finding. */
  components: number;
  /** Unique vulnerability ids (roxctl counts unique CVE ids across components). */
  vulnerabilities: number;
  /** Unique ids per severity; UNKNOWN is counted separately here (roxctl folds it into LOW). */
  bySeverity: Record<SeverityName, number>;
  /** Findings (package × vulnerability rows). */
  findings: number;
}

export interface VulnReport {
  schemaVersion: 1;
  tool: { name: 'rampart'; version: string };
  db: { path: string; schemaVersion: number; builtAt?: string; feeds: FeedAge[] };
  image: IndexReport['image'];
  distribution?: Distribution;
  /** When the match ran (RFC 3339). */
  scannedAt: string;
  /** Number of packages the index report listed (all were considered). */
  packages: number;
  findings: Finding[];
  counts: VulnCounts;
  /** Coverage gaps (MATCH_*) plus the index report's own warnings. */
  warnings: Warning[];
}

/** Warning codes the matcher emits. */
export const MATCH_WARNING_CODES = [
  'MATCH_DISTRO_UNKNOWN',
  'MATCH_DISTRO_EOL',
  'MATCH_DISTRO_UNCOVERED',
  'MATCH_ECOSYSTEM_UNCOVERED',
  'MATCH_VERSION_UNPARSEABLE',
  'MATCH_DB_STALE',
] as const;

export type MatchWarningCode = (typeof MATCH_WARNING_CODES)[number];

/** StackRox order, lowest first. */
export const SEVERITY_ORDER: readonly SeverityName[] = [
  'UNKNOWN',
  'LOW',
  'MODERATE',
  'IMPORTANT',
  'CRITICAL',
];
