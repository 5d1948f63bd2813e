import type { Finding, VulnReport } from '../../../model/vuln-report.js';
import { httpUrl } from '../http-url.js';
import type { VulnRenderer, VulnRenderOptions } from '../vuln-renderers.js';
import { spdxId, spdxImagePackages } from './render-index.js';

type ExternalRef = {
  referenceCategory: string;
  referenceType: string;
  referenceLocator: string;
  comment?: string;
};

/** The page of a vulnerability: the finding's first link, else the id's page at its publisher. */
export function vulnerabilityPage(f: Pick<Finding, 'id' | 'links'>): string {
  const link = f.links.map(httpUrl).find(Boolean);
  if (link) return link;
  if (/^CVE-\d+-\d+$/.test(f.id)) return `https://nvd.nist.gov/vuln/detail/${f.id}`;
  if (/^GHSA-/.test(f.id)) return `https://github.com/advisories/${f.id}`;
  return `https://osv.dev/vulnerability/${encodeURIComponent(f.id)}`;
}

/** One line a person or a tool can read: id, severity, state, fixed versions, aliases. */
export function spdxVulnComment(f: Finding): string {
  const parts = [
    `${f.id} severity=${f.severity.name} (${f.severity.source})`,
    `state=${f.state}`,
    f.fixedIn.length ? `fixedIn=${f.fixedIn.join(',')}` : 'fixedIn=none',
  ];
  const score = f.cvss.v3 ?? f.cvss.v4;
  if (score) parts.push(`cvss${score.version}=${score.score ?? '?'} ${score.vector}`);
  if (f.aliases.length) parts.push(`aliases=${f.aliases.join(',')}`);
  if (f.summary) parts.push(`summary=${f.summary}`);
  return parts.join('; ');
}

/**
 * SPDX 2.3 JSON: the image and operating system as in `image sbom -o spdx-json`, each package with
 * a finding as a package, and every finding as a SECURITY external reference of type `advisory`
 * (the category and type SPDX 2.3 Annex F defines for vulnerability information) whose locator is
 * the vulnerability's page and whose comment carries severity, state and fixed versions; a
 * distribution advisory (DSA, RHSA…) with a link is a second `advisory` reference. SPDX 2.3 has no
 * vulnerability element, so this is the whole of the VEX-like content; coverage-gap warnings go to
 * `creationInfo.comment`.
 */
export function renderSpdxVulns(report: VulnReport, opts: VulnRenderOptions): string {
  const { imageId, packages, relationships } = spdxImagePackages(report);
  const byPackage = new Map<string, { id: string; entry: Record<string, unknown>; refs: ExternalRef[] }>();
  for (const f of report.findings) {
    const p = f.package;
    const key = `${p.purl}#${p.location}`;
    let pkg = byPackage.get(key);
    if (!pkg) {
      const id = spdxId(`Package-${p.type}-${byPackage.size + 1}-${p.name}`);
      const refs: ExternalRef[] = [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl },
      ];
      const entry: Record<string, unknown> = {
        SPDXID: id,
        name: p.name,
        versionInfo: p.version,
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        primaryPackagePurpose: 'LIBRARY',
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'NOASSERTION',
        copyrightText: 'NOASSERTION',
        sourceInfo: `found by rampart in /${p.location}${p.layer ? ` (layer ${p.layer.index}, ${p.layer.diffId})` : ''}`,
        externalRefs: refs,
      };
      pkg = { id, entry, refs };
      byPackage.set(key, pkg);
      packages.push(entry);
      relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
    }
    pkg.refs.push({
      referenceCategory: 'SECURITY',
      referenceType: 'advisory',
      referenceLocator: vulnerabilityPage(f),
      comment: spdxVulnComment(f),
    });
    const adv = f.advisory;
    const advUrl = httpUrl(adv?.link);
    if (adv && advUrl && !pkg.refs.some((r) => r.referenceLocator === advUrl)) {
      pkg.refs.push({
        referenceCategory: 'SECURITY',
        referenceType: 'advisory',
        referenceLocator: advUrl,
        comment: `${adv.name} (${f.id})`,
      });
    }
  }
  const img = report.image;
  const name = img.reference.replace(/^[a-z-]+:/, '').replace(/[^A-Za-z0-9._/-]/g, '-');
  const warnings = report.warnings.map((w) => `WARN ${w.code}: ${w.message}`);
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `urn:uuid:${opts.uuid}`,
    creationInfo: {
      created: opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: [`Tool: ${report.tool.name}-${report.tool.version}`],
      comment: [
        `Vulnerability scan at ${report.scannedAt}: ${report.counts.vulnerabilities} unique vulnerabilities in ${report.counts.components} components (${report.counts.findings} findings).`,
        ...warnings,
      ].join('\n'),
    },
    packages,
    relationships,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export const spdxVulnRenderer: VulnRenderer = {
  id: 'spdx-json',
  mediaType: 'application/spdx+json',
  standardized: true,
  carriesWarnings: true,
  render: renderSpdxVulns,
};
