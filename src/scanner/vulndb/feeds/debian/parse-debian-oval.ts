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
import { ovalReferences } from '../oval-advisory.js';
import type {
  OvalCriteria,
  OvalDefinition,
  OvalDocument,
  OvalObject,
  OvalSink,
  OvalState,
  OvalTest,
} from '../read-oval-document.js';

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

/**
 * Builds the Debian records while an OVAL file streams by (`readOvalInto`): each definition
 * becomes its advisory at once and only its dpkginfo test ids are kept, then tests, objects and
 * states are kept as small maps. No `OvalDocument` (criteria trees, comments, platforms) is held.
 *
 * Held until the file ends (tests, objects and states follow the definitions), so kept small:
 * each advisory as its JSON text (a fraction of the object graph's heap), OVAL ids interned
 * (a test id is named by several definitions), and `records()` drains the collector as it
 * yields, so its memory is released even while the generator that made it is still referenced.
 */
export class DebianOvalCollector implements OvalSink {
  private readonly byId = new Map<string, { json: string; testRefs: string[] }>();
  /** One string per OVAL id (test, object, state). */
  private readonly ids = new Map<string, string>();
  private readonly tests = new Map<string, { objectRef: string; stateRefs: string[] }>();
  private readonly objects = new Map<string, OvalObject>();
  /** State id → the `less than` evr; other states are never used. */
  private readonly lessThan = new Map<string, string>();
  private readonly variables = new Map<string, string[]>();

  constructor(
    private readonly ecosystem: string,
    private readonly feed: string,
  ) {}

  definition(def: OvalDefinition): void {
    if (def.class !== 'vulnerability' && def.class !== 'patch') return;
    const first = def.title.split(/\s+/)[0] ?? '';
    const cves = def.references.filter((r) => r.source === 'CVE').map((r) => r.refId);
    const vulnId = def.class === 'patch' ? first : (cves[0] ?? first);
    if (!vulnId) return;
    const id = `${vulnId}@${this.ecosystem}`;
    let rec = this.byId.get(id);
    if (!rec) {
      const advisory: Advisory = {
        id,
        feed: this.feed,
        aliases: [...new Set(def.class === 'patch' ? [vulnId, ...cves] : cves)],
        related: [],
        references: ovalReferences(def),
        severity: [],
        cwes: [],
        extra: { ovalId: def.id },
      };
      if (def.description && def.description !== 'security update') advisory.details = def.description;
      if (def.class === 'patch') advisory.summary = def.title;
      rec = { json: JSON.stringify(advisory), testRefs: [] };
      this.byId.set(id, rec);
    }
    const walk = (c: OvalCriteria) => {
      for (const crit of c.criterions) if (!crit.negate) rec.testRefs.push(this.id(crit.testRef));
      for (const sub of c.criteria) walk(sub);
    };
    if (def.criteria) walk(def.criteria);
  }

  test(id: string, test: OvalTest): void {
    if (test.kind === 'dpkginfo_test' && test.objectRef)
      this.tests.set(this.id(id), {
        objectRef: this.id(test.objectRef),
        stateRefs: test.stateRefs.map((r) => this.id(r)),
      });
  }

  object(id: string, obj: OvalObject): void {
    this.objects.set(this.id(id), obj);
  }

  state(id: string, st: OvalState): void {
    if (st.evr?.operation === 'less than' && st.evr.value) this.lessThan.set(this.id(id), st.evr.value);
  }

  variable(id: string, values: string[]): void {
    this.variables.set(id, values);
  }

  /**
   * The records, once the whole file has been read. Drains the collector: each advisory is
   * forgotten once yielded and the maps are emptied at the end (a second call yields nothing).
   */
  *records(): Generator<FeedRecord> {
    this.ids.clear();
    for (const [id, { json, testRefs }] of this.byId) {
      this.byId.delete(id);
      const advisory = JSON.parse(json) as Advisory;
      const affected: AffectedPackage[] = [];
      for (const check of this.checks(testRefs)) {
        const fixed = stripZeroEpoch(check.evr);
        if (affected.some((a) => a.name === check.name && a.fixedVersions[0] === fixed)) continue;
        const unfixed = fixed === '0';
        affected.push({
          ecosystem: this.ecosystem,
          name: check.name,
          scheme: 'dpkg',
          ranges: [],
          versions: [],
          state: unfixed ? 'unfixed' : 'fixed',
          fixedVersions: unfixed ? [] : [fixed],
        });
      }
      yield { kind: 'advisory', advisory, affected };
    }
    this.tests.clear();
    this.objects.clear();
    this.lessThan.clear();
    this.variables.clear();
  }

  private id(s: string): string {
    const have = this.ids.get(s);
    if (have !== undefined) return have;
    this.ids.set(s, s);
    return s;
  }

  private *checks(testRefs: readonly string[]): Generator<DpkgCheck> {
    for (const ref of testRefs) {
      const test = this.tests.get(ref);
      if (!test) continue;
      const obj = this.objects.get(test.objectRef);
      const names = obj?.name
        ? [obj.name]
        : obj?.nameVarRef
          ? (this.variables.get(obj.nameVarRef) ?? [])
          : [];
      for (const stateRef of test.stateRefs) {
        const evr = this.lessThan.get(stateRef);
        if (evr === undefined) continue;
        for (const name of names) yield { name, evr };
      }
    }
  }
}

/** The records of an OVAL document already read whole (see `DebianOvalCollector`). */
export function* debianOvalRecords(
  doc: OvalDocument,
  ecosystem: string,
  feed: string,
): Generator<FeedRecord> {
  const c = new DebianOvalCollector(ecosystem, feed);
  for (const def of doc.definitions) c.definition(def);
  for (const [id, t] of doc.tests) c.test(id, t);
  for (const [id, o] of doc.objects) c.object(id, o);
  for (const [id, st] of doc.states) c.state(id, st);
  for (const [id, v] of doc.variables) c.variable(id, v);
  yield* c.records();
}
