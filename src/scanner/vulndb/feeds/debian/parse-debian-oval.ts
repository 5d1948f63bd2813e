/**
 * Debian OVAL (`oval-definitions-<codename>.xml`): one `vulnerability` definition per (CVE,
 * SOURCE package) titled `CVE-… package`, criteria `Debian N is installed` AND `package DPKG is
 * earlier than V` (a dpkginfo test whose object names the SOURCE package and whose state is
 * `evr less than 0:V`). A state of `0:0` is how the generator writes `<unfixed>`: affected
 * with no fix. `patch` definitions (DSA-…) become advisories `DSA-…@Debian:N` (a DSA is in several release
 * files) with the DSA id and its CVEs as aliases. The
 * release comes from the file name's codename.
 */
import type { Advisory, AffectedPackage, FeedRecord } from '../../model.js';
import type { OvalCriteria, OvalDocument } from '../read-oval-document.js';

export interface DpkgCheck {
  name: string;
  evr: string;
}

/** Every dpkginfo `less than` check reached from a criteria tree (RPM/GPG and platform tests skipped). */
export function dpkgChecks(doc: OvalDocument, criteria: OvalCriteria | undefined): DpkgCheck[] {
  const out: DpkgCheck[] = [];
  const walk = (c: OvalCriteria) => {
    for (const crit of c.criterions) {
      const test = doc.tests.get(crit.testRef);
      if (!test || test.kind !== 'dpkginfo_test' || !test.objectRef || crit.negate) continue;
      const obj = doc.objects.get(test.objectRef);
      const names = obj?.name ? [obj.name] : obj?.nameVarRef ? (doc.variables.get(obj.nameVarRef) ?? []) : [];
      for (const ref of test.stateRefs) {
        const evr = doc.states.get(ref)?.evr;
        if (!evr || evr.operation !== 'less than') continue;
        for (const name of names) out.push({ name, evr: evr.value });
      }
    }
    for (const sub of c.criteria) walk(sub);
  };
  if (criteria) walk(criteria);
  return out;
}

/** `0:2.2-1` → `2.2-1` (dpkg treats a missing epoch as 0; the tracker prints none). */
export function stripZeroEpoch(evr: string): string {
  return evr.startsWith('0:') ? evr.slice(2) : evr;
}

export function* debianOvalRecords(
  doc: OvalDocument,
  ecosystem: string,
  feed: string,
): Generator<FeedRecord> {
  const byId = new Map<string, { advisory: Advisory; affected: AffectedPackage[] }>();
  for (const def of doc.definitions) {
    if (def.class !== 'vulnerability' && def.class !== 'patch') continue;
    const first = def.title.split(/\s+/)[0] ?? '';
    const cves = def.references.filter((r) => r.source === 'CVE').map((r) => r.refId);
    const vulnId = def.class === 'patch' ? first : (cves[0] ?? first);
    if (!vulnId) continue;
    const id = `${vulnId}@${ecosystem}`;
    let rec = byId.get(id);
    if (!rec) {
      const advisory: Advisory = {
        id,
        feed,
        aliases: [...new Set(def.class === 'patch' ? [vulnId, ...cves] : cves)],
        related: [],
        references: def.references
          .filter((r) => r.refUrl)
          .map((r) => ({ type: r.source === 'CVE' ? 'WEB' : 'ADVISORY', url: r.refUrl! })),
        severity: [],
        cwes: [],
        extra: { ovalId: def.id },
      };
      if (def.description && def.description !== 'security update') advisory.details = def.description;
      if (def.class === 'patch') advisory.summary = def.title;
      rec = { advisory, affected: [] };
      byId.set(id, rec);
    }
    for (const check of dpkgChecks(doc, def.criteria)) {
      const fixed = stripZeroEpoch(check.evr);
      if (rec.affected.some((a) => a.name === check.name && a.fixedVersions[0] === fixed)) continue;
      const unfixed = fixed === '0';
      rec.affected.push({
        ecosystem,
        name: check.name,
        scheme: 'dpkg',
        ranges: [],
        versions: [],
        state: unfixed ? 'unfixed' : 'fixed',
        fixedVersions: unfixed ? [] : [fixed],
      });
    }
  }
  for (const rec of byId.values()) yield { kind: 'advisory', ...rec };
}
