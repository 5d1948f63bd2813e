import { readFileSync } from 'node:fs';

import type { Image } from '../model/image.js';
import { parseImageName } from '../policy/workloads/index.js';
import { RampartError, describeError } from '../runtime/errors.js';

/**
 * Read `--image-data` files: StackRox `storage.Image` JSON as Central's API returns it (one
 * image, an array, or `{images:[…]}`). Rampart's own VulnReport is recognised and refused with
 * a clear message until its conversion exists.
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
        `could not read image data "${file}": ${describeError(err)}; pass a storage.Image JSON file`,
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

function asImage(v: unknown, file: string): Image {
  if (!isRecord(v)) {
    throw new RampartError(
      'IMAGE_DATA_FORMAT',
      `${file}: expected a storage.Image JSON object; got ${Array.isArray(v) ? 'an array' : typeof v}`,
    );
  }
  if ('vulnerabilities' in v || 'packages' in v || 'schemaVersion' in v || 'findings' in v) {
    throw new RampartError(
      'IMAGE_DATA_FORMAT',
      `${file}: looks like a Rampart scan report, which --image-data does not read yet; pass StackRox storage.Image JSON (as Central's /v1/images API returns it)`,
    );
  }
  if (!isRecord(v.name) && !isRecord(v.scan) && !isRecord(v.metadata) && typeof v.id !== 'string') {
    throw new RampartError(
      'IMAGE_DATA_FORMAT',
      `${file}: not a storage.Image (no name, id, metadata or scan); pass StackRox storage.Image JSON`,
    );
  }
  return v as Image;
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
