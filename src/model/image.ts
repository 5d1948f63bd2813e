/**
 * StackRox's `storage.Image` (proto3-JSON camelCase), the subset the policy engine and the
 * `--image-data` inputs use: name, Dockerfile history, labels, user, scan with components and
 * vulnerabilities, signature verification results. Missing fields read as proto3 defaults.
 */
import type { ImageName } from './deployment.js';

export type { ImageName } from './deployment.js';

/** `storage.ImageLayer`: one Dockerfile history entry. */
export interface ImageLayer {
  instruction?: string;
  value?: string;
  /** RFC 3339 timestamp. */
  created?: string;
  author?: string;
  empty?: boolean;
}

/** `storage.V1Metadata`. */
export interface ImageV1Metadata {
  digest?: string;
  created?: string;
  author?: string;
  layers?: ImageLayer[];
  user?: string;
  command?: string[];
  entrypoint?: string[];
  volumes?: string[];
  labels?: Record<string, string>;
}

export interface ImageMetadata {
  v1?: ImageV1Metadata;
  v2?: { digest?: string };
  layerShas?: string[];
}

export type VulnerabilitySeverity =
  | 'UNKNOWN_VULNERABILITY_SEVERITY'
  | 'LOW_VULNERABILITY_SEVERITY'
  | 'MODERATE_VULNERABILITY_SEVERITY'
  | 'IMPORTANT_VULNERABILITY_SEVERITY'
  | 'CRITICAL_VULNERABILITY_SEVERITY';

export type VulnerabilityState = 'OBSERVED' | 'DEFERRED' | 'FALSE_POSITIVE';

export interface CvssV3 {
  vector?: string;
  score?: number;
  severity?: string;
  [k: string]: unknown;
}

export interface CvssV2 {
  vector?: string;
  score?: number;
  severity?: string;
  [k: string]: unknown;
}

/** `storage.EmbeddedVulnerability`. */
export interface EmbeddedVulnerability {
  cve: string;
  cvss?: number;
  nvdCvss?: number;
  scoreVersion?: 'V2' | 'V3';
  cvssV2?: CvssV2;
  cvssV3?: CvssV3;
  severity?: VulnerabilitySeverity;
  summary?: string;
  link?: string;
  /** Fixed version; "" (or absent) = not fixable. */
  fixedBy?: string;
  publishedOn?: string;
  lastModified?: string;
  firstSystemOccurrence?: string;
  firstImageOccurrence?: string;
  fixAvailableTimestamp?: string;
  suppressed?: boolean;
  suppressActivation?: string;
  suppressExpiry?: string;
  state?: VulnerabilityState;
  advisory?: { name?: string; link?: string };
  vulnerabilityType?: string;
  vulnerabilityTypes?: string[];
}

export type SourceType =
  'OS' | 'PYTHON' | 'JAVA' | 'RUBY' | 'NODEJS' | 'GO' | 'DOTNETCORERUNTIME' | 'INFRASTRUCTURE';

/** `storage.EmbeddedImageScanComponent`. */
export interface EmbeddedImageScanComponent {
  name: string;
  version?: string;
  vulns?: EmbeddedVulnerability[];
  layerIndex?: number;
  source?: SourceType;
  location?: string;
  fixedBy?: string;
  topCvss?: number;
  riskScore?: number;
  architecture?: string;
}

/** `storage.ImageScan`. */
export interface ImageScan {
  scannerVersion?: string;
  scanTime?: string;
  components?: EmbeddedImageScanComponent[];
  operatingSystem?: string;
  notes?: string[];
  dataSource?: { id?: string; name?: string; mirror?: string };
}

/** `storage.ImageSignatureVerificationResult`. */
export interface SignatureVerificationResult {
  verificationTime?: string;
  verifierId?: string;
  /** `UNSET`, `VERIFIED`, `FAILED_VERIFICATION`, `INVALID_SIGNATURE_ALGO`, `CORRUPTED_SIGNATURE`, `GENERIC_ERROR`. */
  status?: string;
  description?: string;
  verifiedImageReferences?: string[];
}

/** `storage.Image`. */
export interface Image {
  /** Digest. */
  id?: string;
  name?: ImageName;
  names?: ImageName[];
  metadata?: ImageMetadata;
  scan?: ImageScan | null;
  signatureVerificationData?: { results?: SignatureVerificationResult[] };
  notPullable?: boolean;
  isClusterLocal?: boolean;
  lastUpdated?: string;
  notes?: string[];
}
