/**
 * A finding's severity on StackRox's scale and who stated it: the distribution or ecosystem
 * publisher when it has one, else NVD's primary score, else the CNA's (NVD secondary) score.
 * `pin` restricts to one source (`--severity-source`); without a statement from it the
 * severity is UNKNOWN.
 */
import type { FindingCvss, FindingSeveritySource, SeverityName } from '../../model/vuln-report.js';
import type { CvssScore, NvdRecord, Severity } from '../vulndb/model.js';

export type SeverityPin = 'vendor' | 'nvd' | 'cna';

/** A publisher's severity word → StackRox's scale; undefined for words with no rank. */
export function severityFromName(name: string | undefined): SeverityName | undefined {
  switch ((name ?? '').trim().toLowerCase()) {
    case 'negligible':
    case 'unimportant':
    case 'low':
    case 'minor':
      return 'LOW';
    case 'medium':
    case 'moderate':
      return 'MODERATE';
    case 'high':
    case 'important':
      return 'IMPORTANT';
    case 'critical':
      return 'CRITICAL';
    default:
      return undefined;
  }
}

/** CVSS qualitative rating mapped as StackRox does (v3/v4: HIGH → IMPORTANT; v2 has no CRITICAL). */
export function severityFromScore(
  score: number | undefined,
  version: CvssScore['version'],
): SeverityName | undefined {
  if (score === undefined || Number.isNaN(score)) return undefined;
  if (version === '2.0') return score <= 3.9 ? 'LOW' : score <= 6.9 ? 'MODERATE' : 'IMPORTANT';
  if (score === 0) return undefined;
  return score <= 3.9 ? 'LOW' : score <= 6.9 ? 'MODERATE' : score <= 8.9 ? 'IMPORTANT' : 'CRITICAL';
}

const NVD_SOURCE = 'nvd@nist.gov';

/** Every score a finding can show, tagged with its source. */
export function collectCvss(vendor: readonly Severity[], nvd: NvdRecord | undefined): FindingCvss[] {
  const out: FindingCvss[] = [];
  const seen = new Set<string>();
  const push = (c: CvssScore, source: string) => {
    const key = `${source}\0${c.vector}`;
    if (seen.has(key) || !c.vector) return;
    seen.add(key);
    out.push({
      version: c.version,
      vector: c.vector,
      ...(c.score !== undefined ? { score: c.score } : {}),
      source,
    });
  };
  for (const s of vendor) for (const c of s.cvss) push(c, 'vendor');
  for (const c of nvd?.cvss ?? []) push(c, c.source === NVD_SOURCE || c.type === 'Primary' ? 'nvd' : 'cna');
  return out;
}

/** The best score of one source and major version (newest minor first). */
export function bestCvss(
  all: readonly FindingCvss[],
  source: string,
  major: '3' | '4' | '2',
): FindingCvss | undefined {
  return all
    .filter((c) => c.source === source && c.version.startsWith(major))
    .sort((a, b) => b.version.localeCompare(a.version) || (b.score ?? -1) - (a.score ?? -1))[0];
}

function fromScores(all: readonly FindingCvss[], source: string): SeverityName | undefined {
  for (const major of ['3', '4', '2'] as const) {
    const c = bestCvss(all, source, major);
    const s = c ? severityFromScore(c.score, c.version) : undefined;
    if (s) return s;
  }
  return undefined;
}

export interface PickedSeverity {
  name: SeverityName;
  source: FindingSeveritySource;
  vendorName?: string;
}

export function pickSeverity(
  vendor: readonly Severity[],
  all: readonly FindingCvss[],
  pin?: SeverityPin,
): PickedSeverity {
  const vendorWord = vendor.map((s) => s.name).find((n) => severityFromName(n) !== undefined);
  const anyWord = vendor.map((s) => s.name).find((n) => n);
  const order: SeverityPin[] = pin ? [pin] : ['vendor', 'nvd', 'cna'];
  for (const source of order) {
    if (source === 'vendor') {
      const byName = severityFromName(vendorWord);
      if (byName) return { name: byName, source, vendorName: vendorWord };
      const byScore = fromScores(all, 'vendor');
      if (byScore) return { name: byScore, source, ...(anyWord ? { vendorName: anyWord } : {}) };
      continue;
    }
    const s = fromScores(all, source);
    if (s) return { name: s, source, ...(anyWord ? { vendorName: anyWord } : {}) };
  }
  return { name: 'UNKNOWN', source: 'none', ...(anyWord ? { vendorName: anyWord } : {}) };
}
