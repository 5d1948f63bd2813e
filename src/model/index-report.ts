import type { Distribution } from './distribution.js';
import type { PackageRecord } from './package.js';
import type { Warning } from './warning.js';

/** Layer of the scanned image, as the IndexReport describes it. */
export interface ImageLayer {
  index: number;
  diffId: string;
  digest?: string;
  mediaType?: string;
  size?: number;
  /** Dockerfile instruction (history created_by) that made the layer. */
  createdBy?: string;
}

/** What the Indexer knows about an image: its identity, distribution and every package. */
export interface IndexReport {
  schemaVersion: 1;
  tool: { name: 'rampart'; version: string; finders: { name: string; version: number }[] };
  image: {
    reference: string;
    sourceKind: 'registry' | 'docker-archive' | 'oci-layout' | 'rootfs';
    manifestDigest?: string;
    configDigest?: string;
    platform: { os: string; architecture: string; variant?: string };
    created?: string;
    repoTags?: string[];
    user?: string;
    workingDir?: string;
    labels?: Record<string, string>;
    layers: ImageLayer[];
  };
  distribution?: Distribution;
  packages: PackageRecord[];
  warnings: Warning[];
}
