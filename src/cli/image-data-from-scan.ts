/**
 * Bridge from scanner output to policy input: a StackRox `storage.Image` built from the
 * Indexer's IndexReport and, when the matcher ran, its VulnReport. The policy engine never
 * imports the scanner; commands convert here.
 */
import type { IndexReport } from '../model/index-report.js';
import type {
  EmbeddedImageScanComponent,
  EmbeddedVulnerability,
  Image,
  ImageLayer,
  ImageName,
  SourceType,
  VulnerabilitySeverity,
} from '../model/image.js';
import type { PackageRecord, PackageType } from '../model/package.js';
import type { Finding, VulnReport } from '../model/vuln-report.js';
import { parseImageName } from '../policy/workloads/index.js';

const SOURCE_OF: Partial<Record<PackageType, SourceType>> = {
  npm: 'NODEJS',
  pypi: 'PYTHON',
  maven: 'JAVA',
  gem: 'RUBY',
  golang: 'GO',
  nuget: 'DOTNETCORERUNTIME',
};

const SEVERITY_OF: Record<string, VulnerabilitySeverity> = {
  LOW: 'LOW_VULNERABILITY_SEVERITY',
  MODERATE: 'MODERATE_VULNERABILITY_SEVERITY',
  IMPORTANT: 'IMPORTANT_VULNERABILITY_SEVERITY',
  CRITICAL: 'CRITICAL_VULNERABILITY_SEVERITY',
};

/**
 * The image name for a reference: parsed when it is a registry reference; for an archive,
 * layout or root filesystem path, the path itself as remote and full name.
 */
export function imageNameOf(reference: string, repoTags: readonly string[] = []): ImageName {
  const candidates = [reference, ...repoTags];
  for (const ref of candidates) {
    if (/^(oci|docker-archive|rootfs):/.test(ref) || ref.startsWith('/') || ref.startsWith('.')) continue;
    const parsed = parseImageName(ref).name;
    if (parsed?.registry !== undefined) return parsed;
  }
  return { remote: reference, fullName: reference };
}

/**
 * A Docker history `created_by` as StackRox's layer (instruction + value): classic builder
 * `/bin/sh -c #(nop)  CMD ["x"]` is the instruction it names; `/bin/sh -c cmd` is a RUN;
 * BuildKit writes `RUN /bin/sh -c cmd # buildkit` or `COPY … # buildkit`.
 */
export function layerFromCreatedBy(createdBy: string): ImageLayer {
  let text = createdBy.trim().replace(/\s*# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s+/.exec(text);
  if (nop) text = text.slice(nop[0].length);
  else if (text.startsWith('/bin/sh -c '))
    return { instruction: 'RUN', value: text.slice('/bin/sh -c '.length) };
  const m = /^([A-Z]+)\s+([\s\S]*)$/.exec(text);
  if (m) return { instruction: m[1]!, value: m[2]!.trim() };
  return { instruction: 'RUN', value: text };
}

function vulnOf(f: Finding): EmbeddedVulnerability {
  const v3 = f.cvss.v3;
  return {
    cve: f.id,
    ...(v3?.score !== undefined ? { cvss: v3.score, scoreVersion: 'V3' as const } : {}),
    ...(v3 ? { cvssV3: { vector: v3.vector, ...(v3.score !== undefined ? { score: v3.score } : {}) } } : {}),
    severity: SEVERITY_OF[f.severity.name] ?? 'UNKNOWN_VULNERABILITY_SEVERITY',
    ...(f.summary ? { summary: f.summary } : {}),
    ...(f.links[0] ? { link: f.links[0] } : {}),
    fixedBy: f.state === 'affected' ? (f.fixedIn[0] ?? '') : '',
    state: 'OBSERVED',
    ...(f.advisory
      ? { advisory: { name: f.advisory.name, ...(f.advisory.link ? { link: f.advisory.link } : {}) } }
      : {}),
  };
}

/** StackRox `storage.Image` from an IndexReport (and the VulnReport's findings when given). */
export function imageDataFromScan(index: IndexReport, vulns?: VulnReport): Image {
  const img = index.image;
  const byPackage = new Map<string, Finding[]>();
  for (const f of vulns?.findings ?? []) {
    const key = `${f.package.purl}\0${f.package.location}`;
    const list = byPackage.get(key);
    if (list) list.push(f);
    else byPackage.set(key, [f]);
  }
  const components: EmbeddedImageScanComponent[] = index.packages.map((p) => {
    const found = byPackage.get(`${p.purl}\0${p.location}`) ?? [];
    const fixes = found.map((f) => (f.state === 'affected' ? f.fixedIn[0] : undefined)).filter(Boolean);
    const top = Math.max(0, ...found.map((f) => f.cvss.v3?.score ?? 0));
    return {
      name: p.name,
      version: p.version,
      source: p.kind === 'os' ? 'OS' : (SOURCE_OF[p.type] ?? 'INFRASTRUCTURE'),
      location: p.location,
      ...(p.layer ? { layerIndex: p.layer.index } : {}),
      ...(p.arch ? { architecture: p.arch } : {}),
      ...(fixes.length > 0 ? { fixedBy: fixes[0]! } : {}),
      ...(top > 0 ? { topCvss: top } : {}),
      vulns: found.map(vulnOf),
    };
  });
  const dist = index.distribution;
  const digest = img.manifestDigest ?? img.configDigest;
  return {
    ...(digest ? { id: digest } : {}),
    name: imageNameOf(img.reference, img.repoTags),
    metadata: {
      v1: {
        ...(img.created ? { created: img.created } : {}),
        ...(img.user !== undefined ? { user: img.user } : {}),
        ...(img.labels ? { labels: img.labels } : {}),
        layers: img.layers.map((l) => ({
          ...(l.createdBy ? layerFromCreatedBy(l.createdBy) : {}),
          ...(img.created ? { created: img.created } : {}),
        })),
      },
      ...(img.manifestDigest ? { v2: { digest: img.manifestDigest } } : {}),
      layerShas: img.layers.map((l) => l.diffId),
    },
    scan: {
      scannerVersion: `rampart ${index.tool.version}`,
      ...(vulns ? { scanTime: vulns.scannedAt } : {}),
      components,
      ...(dist ? { operatingSystem: `${dist.id}:${dist.versionId}` } : {}),
      ...(vulns ? {} : { notes: ['PARTIAL_SCAN_DATA'] }),
    },
  };
}

/**
 * StackRox `storage.Image` from a VulnReport alone (`rampart image scan -o report-json`), through
 * the same conversion as `imageDataFromScan`: the report's image and distribution stand in for
 * the IndexReport's, and its findings' packages for the package list. A VulnReport names only
 * packages with findings, so components without vulnerabilities are absent from the result.
 */
export function imageDataFromVulnReport(vulns: VulnReport): Image {
  const packages = new Map<string, PackageRecord>();
  for (const f of vulns.findings) {
    const p = f.package;
    const key = `${p.purl}\0${p.location}`;
    if (packages.has(key)) continue;
    packages.set(key, {
      name: p.name,
      version: p.version,
      type: p.type,
      kind: p.kind,
      finder: '',
      location: p.location,
      purl: p.purl,
      ...(p.source ? { source: p.source } : {}),
      ...(p.layer ? { layer: { index: p.layer.index, diffId: p.layer.diffId } } : {}),
    });
  }
  const index: IndexReport = {
    schemaVersion: 1,
    tool: { name: 'rampart', version: vulns.tool.version, finders: [] },
    image: vulns.image,
    ...(vulns.distribution ? { distribution: vulns.distribution } : {}),
    packages: [...packages.values()],
    warnings: [],
  };
  return imageDataFromScan(index, vulns);
}
