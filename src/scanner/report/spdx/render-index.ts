import type { IndexReport } from '../../../model/index-report.js';
import type { IndexRenderer, RenderOptions } from '../contracts.js';
import { imagePurl } from '../image-purl.js';

/** SPDX ids allow letters, digits, `.` and `-` only. */
export const spdxId = (s: string) => `SPDXRef-${s.replace(/[^A-Za-z0-9.-]/g, '-')}`;

/**
 * The image (the document DESCRIBES it) and its operating system as SPDX packages, with the
 * relationships between them; package entries are added by the caller.
 */
export function spdxImagePackages(report: Pick<IndexReport, 'image' | 'distribution'>): {
  imageId: string;
  packages: Record<string, unknown>[];
  relationships: Record<string, string>[];
} {
  const img = report.image;
  const imageId = 'SPDXRef-Image';
  const packages: Record<string, unknown>[] = [];
  const relationships: Record<string, string>[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
  ];
  const purl = imagePurl(report);
  packages.push({
    SPDXID: imageId,
    name: img.reference,
    ...(img.manifestDigest ? { versionInfo: img.manifestDigest } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    primaryPackagePurpose: 'CONTAINER',
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    ...(purl
      ? {
          externalRefs: [
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
          ],
        }
      : {}),
  });
  const d = report.distribution;
  if (d) {
    packages.push({
      SPDXID: 'SPDXRef-OperatingSystem',
      name: d.id,
      ...(d.versionId ? { versionInfo: d.versionId } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'OPERATING_SYSTEM',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      ...(d.prettyName ? { description: d.prettyName } : {}),
    });
    relationships.push({
      spdxElementId: imageId,
      relationshipType: 'CONTAINS',
      relatedSpdxElement: 'SPDXRef-OperatingSystem',
    });
  }
  return { imageId, packages, relationships };
}

/** SPDX 2.3 JSON: the image as the described package, containing one package per finding. */
export function renderSpdxIndex(report: IndexReport, opts: RenderOptions): string {
  const img = report.image;
  const { imageId, packages, relationships } = spdxImagePackages(report);
  report.packages.forEach((p, i) => {
    const id = spdxId(`Package-${p.type}-${i + 1}-${p.name}`);
    packages.push({
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'LIBRARY',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      sourceInfo: `found by rampart ${p.finder} in /${p.location}${p.layer ? ` (layer ${p.layer.index}, ${p.layer.diffId})` : ''}`,
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl },
      ],
      ...(p.licenses?.length ? { attributionTexts: [`licenses: ${p.licenses.join(', ')}`] } : {}),
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  });
  const name = img.reference.replace(/^[a-z-]+:/, '').replace(/[^A-Za-z0-9._/-]/g, '-');
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `urn:uuid:${opts.uuid}`,
    creationInfo: {
      created: opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: [`Tool: ${report.tool.name}-${report.tool.version}`],
    },
    packages,
    relationships,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export const spdxIndexRenderer = {
  id: 'spdx-json',
  mediaType: 'application/spdx+json',
  render: renderSpdxIndex,
} satisfies IndexRenderer;
