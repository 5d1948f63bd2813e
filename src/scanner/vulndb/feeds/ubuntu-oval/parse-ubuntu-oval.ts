/**
 * Ubuntu USN OVAL (`com.ubuntu.<codename>.usn.oval.xml`): one `patch` definition per USN (or
 * LSN) and release. Its criteria reach `dpkginfo` tests whose object names BINARY packages
 * through a `constant_variable` list and whose state is `evr less than <fixed>`. Checks of a
 * fix that only Ubuntu Pro (ESM) ships carry the comment "Available with Ubuntu Pro" on the
 * criterion, the test, the object or the state (noble marks objects and states, jammy also
 * criteria and tests).
 *
 * Rows: one per (binary package, fixed version, pocket) of a definition, `state: 'fixed'`,
 * name = the BINARY package, `extra.binary: true` (the Ubuntu matcher rule looks these rows up
 * by the installed binary name and compares the binary version), `pocket: 'pro'` for a Pro-only
 * fix.
 *
 * Records: a USN fixes several CVEs, and the matcher merges every id an advisory aliases into
 * one vulnerability, so the rows are not put on the USN itself. Per definition:
 * - `USN-…@Ubuntu:<release>`, aliases the USN id and its CVEs, no rows: the notice, which the
 *   matcher joins to a finding through its CVE (`Finding.advisory`);
 * - per CVE, `CVE-…@USN-…@Ubuntu:<release>` with the rows, aliases the CVE, related the USN,
 *   the CVE's Ubuntu priority and CVSS as the vendor severity.
 * A notice without CVEs keeps its rows itself. Kernel notices check the running kernel
 * (`uname`/`variable` tests), not a dpkg package: they have no rows, only the notice.
 *
 * Built while the file streams (`readOvalInto`): each definition becomes its advisory at once
 * and only small maps of tests, objects, states and variables are kept until the end.
 */
import { RampartError } from '../../../../runtime/errors.js';
import type { Advisory, AffectedPackage, CvssScore, FeedRecord, Severity } from '../../model.js';
import { ovalAdvisory } from '../oval-advisory.js';
import type {
  OvalCriteria,
  OvalDefinition,
  OvalObject,
  OvalSink,
  OvalState,
  OvalTest,
} from '../read-oval-document.js';

const PRO = /Available with Ubuntu Pro/i;

/** `com.ubuntu.jammy.usn.oval.xml.bz2` (or the `oci.` variant) → `jammy`. */
export const UBUNTU_OVAL_FILE = /(?:^|\/)(?:oci\.)?com\.ubuntu\.([a-z]+)\.usn\.oval\.xml(?:\.bz2)?$/;

/** `0:2.2-1` → `2.2-1` (dpkg treats a missing epoch as 0; USNs print none). */
function stripZeroEpoch(evr: string): string {
  return evr.startsWith('0:') ? evr.slice(2) : evr;
}

interface TestRef {
  ref: string;
  pro: boolean;
}

interface Notice {
  advisory: Advisory;
  notice: string;
  cves: { id: string; severity?: Severity }[];
  tests: TestRef[];
}

/** A CVE's Ubuntu priority and CVSS vector from the definition's `<cve>` attributes. */
function cveSeverity(attrs: Record<string, string>): Severity | undefined {
  const cvss: CvssScore[] = [];
  const vector = attrs.cvss_vector;
  const version = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector ?? '')?.[1] as CvssScore['version'] | undefined;
  if (vector && version) {
    const score = Number(attrs.cvss_score);
    cvss.push(Number.isFinite(score) && attrs.cvss_score ? { version, vector, score } : { version, vector });
  }
  if (!attrs.priority && cvss.length === 0) return undefined;
  return { source: 'vendor', ...(attrs.priority ? { name: attrs.priority } : {}), cvss };
}

export class UbuntuOvalCollector implements OvalSink {
  private readonly byId = new Map<string, Notice>();
  private readonly tests = new Map<string, { objectRef: string; stateRefs: string[]; pro: boolean }>();
  private readonly objects = new Map<string, { names?: string[]; varRef?: string; pro: boolean }>();
  /** State id → its `less than` evr; other states are never used. */
  private readonly lessThan = new Map<string, { evr: string; pro: boolean }>();
  private readonly variables = new Map<string, string[]>();

  /**
   * `codename`, when given, is the file name's: a definition id of another release
   * (`oval:com.ubuntu.<codename>:def:…`) means a renamed file and is refused.
   */
  constructor(
    private readonly ecosystem: string,
    private readonly feed: string,
    private readonly file?: { name: string; codename: string },
  ) {}

  definition(def: OvalDefinition): void {
    const own = /^oval:com\.ubuntu\.([a-z]+):/.exec(def.id)?.[1];
    if (this.file && own && own !== this.file.codename)
      throw new RampartError(
        'FEED_FORMAT',
        `feed ${this.feed}: ${this.file.name} is named for ${this.file.codename} but its definition ${def.id} is for ${own}; keep Canonical's file names`,
      );
    if (def.class !== 'patch') return;
    const notice =
      def.references.find((r) => r.source === 'USN' && r.refId)?.refId ?? def.title.split(/\s+/)[0] ?? '';
    if (!/^[A-Z]+-\d+-\d+$/.test(notice)) return;
    const cves = new Map<string, Severity | undefined>();
    for (const r of def.references)
      if (r.source === 'CVE' && r.refId.startsWith('CVE-')) cves.set(r.refId, undefined);
    for (const c of def.cves) if (c.id.startsWith('CVE-')) cves.set(c.id, cveSeverity(c.attrs));
    const id = `${notice}@${this.ecosystem}`;
    let rec = this.byId.get(id);
    if (!rec) {
      const advisory = ovalAdvisory(def, id, this.feed, [notice, ...cves.keys()]);
      rec = {
        advisory,
        notice,
        cves: [...cves].map(([cve, severity]) => (severity ? { id: cve, severity } : { id: cve })),
        tests: [],
      };
      this.byId.set(id, rec);
    }
    const tests = rec.tests;
    const walk = (c: OvalCriteria) => {
      if (c.negate) return;
      for (const crit of c.criterions)
        if (!crit.negate) tests.push({ ref: crit.testRef, pro: PRO.test(crit.comment) });
      for (const sub of c.criteria) walk(sub);
    };
    if (def.criteria) walk(def.criteria);
  }

  test(id: string, test: OvalTest): void {
    if (test.kind === 'dpkginfo_test' && test.objectRef)
      this.tests.set(id, {
        objectRef: test.objectRef,
        stateRefs: test.stateRefs,
        pro: PRO.test(test.comment),
      });
  }

  object(id: string, obj: OvalObject): void {
    if (obj.kind !== 'dpkginfo_object') return;
    const pro = PRO.test(obj.comment ?? '');
    if (obj.nameVarRef) this.objects.set(id, { varRef: obj.nameVarRef, pro });
    else if (obj.name) this.objects.set(id, { names: [obj.name], pro });
  }

  state(id: string, st: OvalState): void {
    if (st.evr?.operation === 'less than' && st.evr.value)
      this.lessThan.set(id, { evr: st.evr.value, pro: PRO.test(st.comment ?? '') });
  }

  variable(id: string, values: string[]): void {
    this.variables.set(id, values);
  }

  /** The records, once the whole file has been read. */
  *records(): Generator<FeedRecord> {
    for (const n of this.byId.values()) {
      const affected = this.rowsOf(n.tests);
      if (affected.length === 0 || n.cves.length === 0) {
        yield { kind: 'advisory', advisory: n.advisory, affected };
        continue;
      }
      yield { kind: 'advisory', advisory: n.advisory, affected: [] };
      const notice = n.advisory.references.find((r) => r.type === 'ADVISORY');
      for (const cve of n.cves) {
        const cveRef = n.advisory.references.find((r) => r.type === 'WEB' && r.url.endsWith(`/${cve.id}`));
        const advisory: Advisory = {
          id: `${cve.id}@${n.notice}@${this.ecosystem}`,
          feed: this.feed,
          aliases: [cve.id],
          related: [n.notice],
          references: [...(notice ? [notice] : []), ...(cveRef ? [cveRef] : [])],
          severity: cve.severity ? [cve.severity] : [],
          cwes: [],
          extra: { notice: n.notice, ovalId: n.advisory.extra?.ovalId },
        };
        if (n.advisory.summary) advisory.summary = n.advisory.summary;
        if (n.advisory.published) advisory.published = n.advisory.published;
        if (n.advisory.modified) advisory.modified = n.advisory.modified;
        yield {
          kind: 'advisory',
          advisory,
          affected: affected.map((a) => ({ ...a, extra: { ...a.extra } })),
        };
      }
    }
  }

  private rowsOf(tests: readonly TestRef[]): AffectedPackage[] {
    const affected: AffectedPackage[] = [];
    const seen = new Set<string>();
    for (const t of tests) {
      const test = this.tests.get(t.ref);
      if (!test) continue;
      const obj = this.objects.get(test.objectRef);
      if (!obj) continue;
      const names = obj.names ?? (obj.varRef ? (this.variables.get(obj.varRef) ?? []) : []);
      for (const stateRef of test.stateRefs) {
        const st = this.lessThan.get(stateRef);
        if (!st) continue;
        const fixed = stripZeroEpoch(st.evr);
        const pro = t.pro || test.pro || obj.pro || st.pro;
        for (const name of names) {
          const key = `${name}\0${fixed}\0${pro ? 'pro' : ''}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const unfixed = fixed === '0';
          const row: AffectedPackage = {
            ecosystem: this.ecosystem,
            name,
            scheme: 'dpkg',
            ranges: [],
            versions: [],
            state: unfixed ? 'unfixed' : 'fixed',
            fixedVersions: unfixed ? [] : [fixed],
            extra: { binary: true },
          };
          if (pro) row.pocket = 'pro';
          affected.push(row);
        }
      }
    }
    return affected;
  }
}
