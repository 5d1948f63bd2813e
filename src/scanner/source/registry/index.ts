import type { ImageSource } from '../contracts.js';
import { parseReference } from './parse-reference.js';

/** Prefixes other sources own (`oci:/path`, `docker-archive:file.tar`, …). */
const OTHER_SOURCE = /^(oci|oci-archive|docker-archive|docker-daemon|dir|rootfs|file|archive):/i;

/**
 * Images in a registry over the OCI Distribution API (`[host[:port]/]repo[:tag][@digest]`,
 * `docker://` optional): anonymous, Basic or Bearer-token auth, Docker config credentials,
 * indexes resolved to one platform, every blob verified against its digest while streaming.
 */
export const registrySource = {
  name: 'registry',
  accepts(reference: string): boolean {
    const r = reference.trim();
    if (r.startsWith('/') || r.startsWith('.') || r.startsWith('~') || OTHER_SOURCE.test(r)) return false;
    try {
      parseReference(r);
      return true;
    } catch {
      return false;
    }
  },
  // The HTTP stack (undici) loads only when a registry image is actually pulled, so local
  // archives, layouts and warm rescans start faster.
  async resolve(reference, options, ctx) {
    const { resolveRegistryImage } = await import('./resolve-image.js');
    return resolveRegistryImage(reference, options, ctx);
  },
} satisfies ImageSource;

export { parseReference, type ImageReference } from './parse-reference.js';
export { parsePlatform, formatPlatform } from '../select-platform.js';
export { defaultDockerConfigPath } from './docker-config-credentials.js';
