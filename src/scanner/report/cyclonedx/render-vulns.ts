import type {
  Finding,
  FindingCvss,
  FindingState,
  SeverityName,
  VulnReport,
} from '../../../model/vuln-report.js';
import { httpUrl } from '../http-url.js';
import type { VulnRenderer, VulnRenderOptions } from '../vuln-renderers.js';
import { cyclonedxBomRef, cyclonedxImageComponent } from './render-index.js';

type Property = { name: string; value: string };

const METHOD: Record<FindingCvss['version'], string> = {
  '2.0': 'CVSSv2',
  '3.0': 'CVSSv3',
  '3.1': 'CVSSv31',
  '4.0': 'CVSSv4',
};

const STACKROX_TO_CDX: Record<SeverityName, string> = {
  CRITICAL: 'critical',
  IMPORTANT: 'high',
  MODERATE: 'medium',
  LOW: 'low',
  UNKNOWN: 'unknown',
};

/** CycloneDX severity of a CVSS base score (the qualitative scale of CVSS v3/v4). */
export function cvssSeverity(score: number | undefined): string {
  if (score === undefined) return 'unknown';
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/**
 * The VEX analysis of a finding. A scanner's finding is a claim that the vulnerable version is
 * present, so every vulnerable state is `exploitable`; the vendor's decision goes into
 * `response`/`detail`. Undecided or uncomparable findings are `in_triage`.
 */
export function vexAnalysis(f: Pick<Finding, 'state' | 'fixedIn' | 'note'>): Record<string, unknown> {
  const byState: Record<FindingState, { state: string; response?: string[]; detail: string }> = {
    affected: {
      state: 'exploitable',
      ...(f.fixedIn.length ? { response: ['update'] } : {}),
      detail: f.fixedIn.length ? `fixed in ${f.fixedIn.join(', ')}` : 'affected, no fixed version published',
    },
    unfixed: { state: 'exploitable', detail: 'affected; the vendor has not released a fix yet' },
    will_not_fix: { state: 'exploitable', response: ['will_not_fix'], detail: 'the vendor will not fix it' },
    under_investigation: { state: 'in_triage', detail: 'the vendor is investigating' },
    unknown: { state: 'in_triage', detail: 'the installed version could not be compared' },
  };
  const a = byState[f.state];
  return { ...a, detail: f.note ? `${a.detail}: ${f.note}` : a.detail };
}

/** The database that publishes an id, with the id's page there when it is a well-known one. */
function sourceOf(f: Finding): { name: string; url?: string } {
  if (/^CVE-\d+-\d+$/.test(f.id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${f.id}` };
  if (/^GHSA-/.test(f.id)) return { name: 'GitHub', url: `https://github.com/advisories/${f.id}` };
  const url = f.links.map(httpUrl).find(Boolean);
  return { name: f.package.ecosystem, ...(url ? { url } : {}) };
}

function ratings(f: Finding): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = f.cvss.all.map((c) => ({
    source: { name: c.source },
    ...(c.score !== undefined ? { score: c.score } : {}),
    severity: cvssSeverity(c.score),
    method: METHOD[c.version],
    vector: c.vector,
  }));
  out.push({
    source: { name: f.severity.vendorName ?? f.severity.source },
    severity: STACKROX_TO_CDX[f.severity.name],
    method: 'other',
    justification: `StackRox severity ${f.severity.name} (from ${f.severity.source})`,
  });
  return out;
}

function vulnProperties(f: Finding): Property[] {
  const props: Property[] = [
    { name: 'rampart:finding:state', value: f.state },
    { name: 'rampart:severity:name', value: f.severity.name },
    { name: 'rampart:severity:source', value: f.severity.source },
  ];
  if (f.epss) {
    props.push({ name: 'rampart:epss:probability', value: String(f.epss.probability) });
    props.push({ name: 'rampart:epss:percentile', value: String(f.epss.percentile) });
  }
  if (f.kev) props.push({ name: 'rampart:kev:date_added', value: f.kev.dateAdded ?? 'unknown' });
  return props;
}

/**
 * CycloneDX 1.6 BOM with vulnerabilities (VEX): the image as `metadata.component`, each package
 * that has a finding as a component (bom-refs as `image sbom -o cyclonedx` writes them, so the two
 * documents join), and one vulnerability per (id, state) with `affects` on those components. Fixed
 * versions go to `recommendation` and per-package `rampart:fixed_in` properties; coverage-gap
 * warnings are `rampart:warning:<CODE>` metadata properties.
 */
export function renderCycloneDxVulns(report: VulnReport, opts: VulnRenderOptions): string {
  const imageRef = 'image';
  const used = new Set<string>();
  const refOf = new Map<string, string>();
  const components: Record<string, unknown>[] = [];
  for (const f of report.findings) {
    const p = f.package;
    const key = `${p.purl}#${p.location}`;
    if (refOf.has(key)) continue;
    const ref = cyclonedxBomRef(p, used);
    refOf.set(key, ref);
    const props: Property[] = [
      { name: 'rampart:package:type', value: p.type },
      { name: 'rampart:package:location', value: p.location },
    ];
    if (p.layer) {
      props.push({ name: 'rampart:layer:index', value: String(p.layer.index) });
      props.push({ name: 'rampart:layer:diff_id', value: p.layer.diffId });
    }
    if (p.source) {
      props.push({ name: 'rampart:package:source_name', value: p.source.name });
      if (p.source.version) props.push({ name: 'rampart:package:source_version', value: p.source.version });
    }
    components.push({
      'bom-ref': ref,
      type: 'library',
      name: p.name,
      version: p.version,
      purl: p.purl,
      properties: props,
    });
  }

  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${f.id}\u0000${f.state}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const vulnerabilities = [...groups.values()].map((fs, i) => {
    const f = fs[0]!;
    const refs = fs.map((x) => refOf.get(`${x.package.purl}#${x.package.location}`)!);
    const fixes = fs.filter((x) => x.fixedIn.length > 0);
    const advisories: { title?: string; url: string }[] = [];
    const advisoryUrl = httpUrl(f.advisory?.link);
    if (f.advisory && advisoryUrl) advisories.push({ title: f.advisory.name, url: advisoryUrl });
    for (const url of f.links.map(httpUrl))
      if (url && !advisories.some((a) => a.url === url)) advisories.push({ url });
    return {
      'bom-ref': `vuln-${i + 1}-${f.id}`,
      id: f.id,
      source: sourceOf(f),
      ...(f.aliases.length
        ? {
            references: f.aliases.map((id) => ({
              id,
              source: { name: /^GHSA-/.test(id) ? 'GitHub' : /^CVE-/.test(id) ? 'NVD' : f.package.ecosystem },
            })),
          }
        : {}),
      ratings: ratings(f),
      ...(f.summary ? { description: f.summary } : {}),
      ...(fixes.length
        ? {
            recommendation: fixes
              .map((x) => `Upgrade ${x.package.name} ${x.package.version} to ${x.fixedIn[0]}.`)
              .filter((s, j, a) => a.indexOf(s) === j)
              .join(' '),
          }
        : {}),
      ...(advisories.length ? { advisories } : {}),
      analysis: vexAnalysis(f),
      affects: fs.map((x, j) => ({
        ref: refs[j],
        versions: [
          {
            version: x.package.version,
            status: x.state === 'unknown' || x.state === 'under_investigation' ? 'unknown' : 'affected',
          },
        ],
      })),
      properties: [
        ...vulnProperties(f),
        ...fs.flatMap((x, j) =>
          x.fixedIn.map((v) => ({ name: 'rampart:fixed_in', value: `${refs[j]} ${v}` })),
        ),
      ],
    };
  });

  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${opts.uuid}`,
    version: 1,
    metadata: {
      timestamp: opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      tools: { components: [{ type: 'application', name: report.tool.name, version: report.tool.version }] },
      component: cyclonedxImageComponent(report, imageRef),
      properties: [
        { name: 'rampart:db:schema_version', value: String(report.db.schemaVersion) },
        ...(report.db.builtAt ? [{ name: 'rampart:db:built_at', value: report.db.builtAt }] : []),
        ...report.warnings.map((w) => ({ name: `rampart:warning:${w.code}`, value: w.message })),
      ],
    },
    components,
    dependencies: [{ ref: imageRef, dependsOn: components.map((c) => c['bom-ref'] as string) }],
    vulnerabilities,
  };
  return JSON.stringify(bom, null, 2) + '\n';
}

export const cyclonedxVulnRenderer: VulnRenderer = {
  id: 'cyclonedx',
  mediaType: 'application/vnd.cyclonedx+json; version=1.6',
  standardized: true,
  carriesWarnings: true,
  render: renderCycloneDxVulns,
};
