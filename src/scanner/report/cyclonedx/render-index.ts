import type { IndexReport } from '../../../model/index-report.js';
import type { PackageRecord } from '../../../model/package.js';
import type { IndexRenderer, RenderOptions } from '../contracts.js';
import { imagePurl } from '../image-purl.js';

type Property = { name: string; value: string };

/** Component properties under our own `rampart:` namespace (CycloneDX property taxonomy rule). */
function packageProperties(p: PackageRecord): Property[] {
  const props: Property[] = [
    { name: 'rampart:package:type', value: p.type },
    { name: 'rampart:package:finder', value: p.finder },
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
  if (p.arch) props.push({ name: 'rampart:package:arch', value: p.arch });
  if (p.module) props.push({ name: 'rampart:package:module', value: p.module });
  if (p.ownedByOsPackage) props.push({ name: 'rampart:package:owned_by', value: p.ownedByOsPackage });
  if (p.evidence) props.push({ name: 'rampart:package:evidence', value: p.evidence });
  return props;
}

/** The component's bom-ref: `<purl>#<location>`, numbered when the same pair repeats. */
export function cyclonedxBomRef(p: { purl: string; location: string }, used: Set<string>): string {
  let ref = `${p.purl}#${p.location}`;
  for (let n = 2; used.has(ref); n++) ref = `${p.purl}#${p.location}#${n}`;
  used.add(ref);
  return ref;
}

/** The scanned image as the BOM's `metadata.component` (type container). */
export function cyclonedxImageComponent(
  report: Pick<IndexReport, 'image'>,
  ref: string,
): Record<string, unknown> {
  const img = report.image;
  return {
    'bom-ref': ref,
    type: 'container',
    name: img.reference,
    ...(img.manifestDigest
      ? { version: img.manifestDigest }
      : img.configDigest
        ? { version: img.configDigest }
        : {}),
    ...(imagePurl(report) ? { purl: imagePurl(report) } : {}),
    properties: [
      ...(img.configDigest ? [{ name: 'rampart:image:config_digest', value: img.configDigest }] : []),
      { name: 'rampart:image:source', value: img.sourceKind },
      {
        name: 'rampart:image:platform',
        value: `${img.platform.os}/${img.platform.architecture}${img.platform.variant ? `/${img.platform.variant}` : ''}`,
      },
      ...img.layers.map((l) => ({ name: 'rampart:image:layer_diff_id', value: l.diffId })),
    ],
  };
}

/** CycloneDX 1.6 JSON: the image as metadata.component, every package as a component. */
export function renderCycloneDxIndex(report: IndexReport, opts: RenderOptions): string {
  const imageRef = 'image';
  const used = new Set<string>();
  const components: Record<string, unknown>[] = [];
  const d = report.distribution;
  if (d) {
    components.push({
      'bom-ref': 'distribution',
      type: 'operating-system',
      name: d.id,
      version: d.versionId || undefined,
      description: d.prettyName || undefined,
    });
  }
  for (const p of report.packages) {
    const ref = cyclonedxBomRef(p, used);
    components.push({
      'bom-ref': ref,
      type: 'library',
      ...(p.namespace && p.type === 'maven' ? { group: p.namespace } : {}),
      name: p.name,
      version: p.version,
      purl: p.purl,
      ...(p.licenses?.length ? { licenses: p.licenses.map((name) => ({ license: { name } })) } : {}),
      properties: packageProperties(p),
    });
  }
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
    },
    components,
    dependencies: [{ ref: imageRef, dependsOn: components.map((c) => c['bom-ref'] as string) }],
  };
  return JSON.stringify(bom, null, 2) + '\n';
}

export const cyclonedxIndexRenderer = {
  id: 'cyclonedx',
  mediaType: 'application/vnd.cyclonedx+json; version=1.6',
  render: renderCycloneDxIndex,
} satisfies IndexRenderer;
