import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import type { ValidateFunction } from 'ajv';

import type { Image } from '../model/image.js';
import type { VulnReport } from '../model/vuln-report.js';
import { parseImageName } from '../policy/workloads/index.js';
import { RampartError, describeError } from '../runtime/errors.js';
import { imageDataFromVulnReport } from './image-data-from-scan.js';

/**
 * Read `--image-data` files: StackRox `storage.Image` JSON as Central's API returns it (one
 * image, an array, or `{images:[…]}`), or Rampart's own VulnReport (`rampart image scan -o
 * report-json`), converted to the `storage.Image` that `image check` builds from a scan.
 */
export function readImageData(paths: readonly string[]): Image[] {
  const images: Image[] = [];
  for (const file of paths) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err: unknown) {
      throw new RampartError(
        'IMAGE_DATA_UNREADABLE',
        `could not read image data "${file}": ${describeError(err)}; pass a storage.Image or Rampart VulnReport JSON file`,
      );
    }
    const list = Array.isArray(value)
      ? value
      : isRecord(value) && Array.isArray(value.images)
        ? value.images
        : [value];
    for (const item of list) images.push(asImage(item, file));
  }
  return images;
}

const PASS_INSTEAD =
  'pass StackRox storage.Image JSON or the VulnReport of "rampart image scan IMAGE -o report-json"';

function asImage(v: unknown, file: string): Image {
  if (!isRecord(v)) {
    throw new RampartError(
      'IMAGE_DATA_FORMAT',
      `${file}: expected a storage.Image or VulnReport JSON object; got ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}`,
    );
  }
  if (Array.isArray(v.findings)) return imageDataFromVulnReport(asVulnReport(v, file));
  if ('schemaVersion' in v && Array.isArray(v.packages)) {
    throw new RampartError(
      'IMAGE_DATA_FORMAT',
      `${file}: is a Rampart IndexReport, which has no vulnerability data; ${PASS_INSTEAD}`,
    );
  }
  if (isRecord(v.result) && 'vulnerabilities' in v.result) {
    throw new RampartError(
      'IMAGE_DATA_FORMAT',
      `${file}: is image scan table JSON (-o json), which lacks the image name and metadata; ${PASS_INSTEAD}`,
    );
  }
  if (!isRecord(v.name) && !isRecord(v.scan) && !isRecord(v.metadata) && typeof v.id !== 'string') {
    throw new RampartError(
      'IMAGE_DATA_FORMAT',
      `${file}: neither a storage.Image (no name, id, metadata or scan) nor a VulnReport (no findings); ${PASS_INSTEAD}`,
    );
  }
  return v as Image;
}

// ajv and the schema are loaded only when a VulnReport is given.
const requireLazy = createRequire(import.meta.url);
let vulnReportValidator: ValidateFunction | undefined;

/** A VulnReport checked against schemas/vuln-report.schema.json, so a damaged file fails clearly. */
function asVulnReport(v: Record<string, unknown>, file: string): VulnReport {
  if (!vulnReportValidator) {
    const Ajv = (requireLazy('ajv') as typeof import('ajv')).default;
    const schemaPath = fileURLToPath(new URL('../../schemas/vuln-report.schema.json', import.meta.url));
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
    vulnReportValidator = new Ajv({ strict: false, validateFormats: false }).compile(schema);
  }
  if (vulnReportValidator(v)) return v as unknown as VulnReport;
  const e = vulnReportValidator.errors?.[0];
  const where = e?.instancePath ? `at ${e.instancePath} ` : '';
  throw new RampartError(
    'IMAGE_DATA_FORMAT',
    `${file}: not a valid VulnReport (${where}${e?.message ?? 'schema mismatch'}); pass the output of "rampart image scan IMAGE -o report-json" unchanged`,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Index images by every name they carry (normalised the way container images are, so
 * `nginx:1.25` matches `docker.io/library/nginx:1.25`) and by digest.
 */
export function imageLookupOf(images: readonly Image[]): Map<string, Image> {
  const map = new Map<string, Image>();
  for (const img of images) {
    const names = [img.name, ...(img.names ?? [])];
    for (const n of names) {
      if (!n?.fullName) continue;
      map.set(n.fullName, img);
      const normalised = parseImageName(n.fullName).name?.fullName;
      if (normalised) map.set(normalised, img);
    }
    if (img.id) map.set(img.id, img);
    if (img.metadata?.v1?.digest) map.set(img.metadata.v1.digest, img);
  }
  return map;
}
