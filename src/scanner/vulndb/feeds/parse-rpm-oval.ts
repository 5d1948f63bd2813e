/**
 * RPM OVAL (Red Hat `com.redhat.rhsa-RHEL<N>.xml`, Rocky `org.rockylinux.rlsa-<N>.xml`): one
 * `patch` definition per errata (RHSA/RLSA), criteria of `rpminfo` tests `name is earlier than
 * EVR` (state `evr less than`). Tests whose state has no `less than` evr — RPM-GPG key
 * checks (`is signed with …`), OS and kernel checks — give no rows. A criterion `Module
 * X:Y is enabled` in an enclosing AND applies the module stream to the checks below it.
 * CVE aliases come from `<cve>` and CVE references; Rocky lists none, so its CVE ids are taken
 * from the title and description text.
 */
import type { Advisory, AffectedPackage, FeedRecord } from '../model.js';
import { ovalAdvisory } from './oval-advisory.js';
import type { OvalCriteria, OvalDefinition, OvalDocument } from './read-oval-document.js';

export interface RpmCheck {
  name: string;
  evr: string;
  module?: string;
  arch?: string;
}

const MODULE = /^Module (\S+:\S+) is enabled$/;

export function rpmChecks(doc: OvalDocument, criteria: OvalCriteria | undefined): RpmCheck[] {
  const out: RpmCheck[] = [];
  const walk = (c: OvalCriteria, module: string | undefined) => {
    let mod = module;
    if (c.operator === 'AND') {
      for (const crit of c.criterions) {
        const m = MODULE.exec(crit.comment) ?? MODULE.exec(doc.tests.get(crit.testRef)?.comment ?? '');
        if (m) mod = m[1];
      }
    }
    for (const crit of c.criterions) {
      if (crit.negate) continue;
      const test = doc.tests.get(crit.testRef);
      if (!test || test.kind !== 'rpminfo_test' || !test.objectRef) continue;
      const name = doc.objects.get(test.objectRef)?.name;
      if (!name) continue;
      for (const ref of test.stateRefs) {
        const st = doc.states.get(ref);
        if (!st?.evr || st.evr.operation !== 'less than') continue;
        const check: RpmCheck = { name, evr: st.evr.value };
        if (mod) check.module = mod;
        if (st.arch) check.arch = st.arch;
        out.push(check);
      }
    }
    for (const sub of c.criteria) walk(sub, mod);
  };
  if (criteria) walk(criteria, undefined);
  return out;
}

export interface RpmOvalOptions {
  feed: string;
  ecosystem: string;
  /** CPEs for definitions that list none (Rocky: `cpe:/o:rocky:rocky:9`). */
  defaultCpes: string[];
}

function advisoryOf(def: OvalDefinition, feed: string): Advisory | undefined {
  const errata =
    def.references.find((r) => /^(RH|RL|AL)[SBE]A$/.test(r.source))?.refId ??
    /^(\S+?):?\s/.exec(def.title)?.[1];
  if (!errata) return undefined;
  let cves = [
    ...new Set([
      ...def.cves.map((c) => c.id),
      ...def.references.filter((r) => r.source === 'CVE').map((r) => r.refId),
    ]),
  ];
  // Rocky's definitions cite their CVEs only in the description text.
  if (cves.length === 0)
    cves = [...new Set(`${def.title}\n${def.description ?? ''}`.match(/\bCVE-\d{4}-\d{4,}\b/g) ?? [])];
  return ovalAdvisory(
    def,
    errata,
    feed,
    cves.filter((c) => c && c !== errata),
  );
}

/** One advisory per errata definition; one row per (binary rpm, fixed EVR, module, CPE). */
export function* rpmOvalRecords(doc: OvalDocument, opts: RpmOvalOptions): Generator<FeedRecord> {
  const seen = new Set<string>();
  for (const def of doc.definitions) {
    if (def.class !== 'patch') continue;
    const advisory = advisoryOf(def, opts.feed);
    if (!advisory || seen.has(advisory.id)) continue;
    seen.add(advisory.id);
    const cpes = def.cpes.length > 0 ? def.cpes : opts.defaultCpes;
    const rows = new Map<string, AffectedPackage>();
    for (const check of rpmChecks(doc, def.criteria)) {
      for (const cpe of cpes.length > 0 ? cpes : [undefined]) {
        const key = [check.name, check.evr, check.module ?? '', cpe ?? ''].join('\0');
        if (rows.has(key)) continue;
        const row: AffectedPackage = {
          ecosystem: opts.ecosystem,
          name: check.name,
          scheme: 'rpm',
          ranges: [],
          versions: [],
          state: 'fixed',
          fixedVersions: [check.evr],
        };
        if (cpe) row.cpe = cpe;
        if (check.module) row.module = check.module;
        if (check.arch) row.extra = { arch: check.arch };
        rows.set(key, row);
      }
    }
    yield { kind: 'advisory', advisory, affected: [...rows.values()] };
  }
}
