import { isIP } from 'node:net';

import { RampartError } from '../../../runtime/errors.js';

/** A registry image reference, split and normalised. */
export interface ImageReference {
  /** Registry as the user names it (`docker.io`, `127.0.0.1:5000`, `[::1]:5000`). */
  registry: string;
  /** Host (and port) the Distribution API is served on (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  /** Repository path, `library/` added for official Docker Hub images. */
  repository: string;
  /** Tag; `latest` when neither tag nor digest is given. */
  tag?: string;
  /** `algorithm:hex` when pinned by digest (the tag is then informative only). */
  digest?: string;
  /** The normalised text: `registry/repository[:tag][@digest]`. */
  normalized: string;
}

const DOCKER_HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?$`,
);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

const EXPECTED =
  'expected [host[:port]/]repository[:tag][@sha256:<64 hex>], e.g. nginx, nginx:1.25, ' +
  'ghcr.io/org/app@sha256:…, 127.0.0.1:5000/team/app:v1';

function invalid(reference: string, why: string): RampartError {
  return new RampartError(
    'SOURCE_REFERENCE_INVALID',
    `invalid image reference "${reference}": ${why}; ${EXPECTED}`,
  );
}

/** True when the first path component names a registry rather than a Docker Hub namespace. */
function looksLikeDomain(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

/** Parses `[host[:port]/]repo[:tag][@digest]` (an optional `docker://` prefix is allowed). */
export function parseReference(input: string): ImageReference {
  let rest = input.trim();
  if (rest.startsWith('docker://')) rest = rest.slice('docker://'.length);
  if (rest === '') throw invalid(input, 'it is empty');

  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const algorithm = digest.split(':')[0]!;
    if (!DIGEST_RE.test(digest)) throw invalid(input, `"${digest}" is not a digest`);
    const hex = digest.slice(algorithm.length + 1);
    const want = HEX_LENGTH[algorithm];
    if (want === undefined)
      throw invalid(input, `digest algorithm "${algorithm}" is not supported (use sha256)`);
    if (hex.length !== want || !/^[0-9a-f]+$/.test(hex)) {
      throw invalid(input, `a ${algorithm} digest is ${want} lower-case hex characters`);
    }
  }

  let registry = DOCKER_HUB;
  const slash = rest.indexOf('/');
  if (slash > 0 && looksLikeDomain(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    if (!DOMAIN_RE.test(registry)) throw invalid(input, `"${registry}" is not a valid registry host[:port]`);
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw invalid(input, `"${tag}" is not a valid tag`);
  }

  if (rest === '') throw invalid(input, 'the repository name is missing');
  const components = rest.split('/');
  for (const c of components) {
    if (!PATH_COMPONENT_RE.test(c)) {
      const hint = c !== c.toLowerCase() ? ' (repository names are lower-case)' : '';
      throw invalid(input, `"${c}" is not a valid repository path component${hint}`);
    }
  }
  let repository = rest;
  let apiHost = registry;
  if (DOCKER_HUB_NAMES.has(registry.toLowerCase())) {
    registry = DOCKER_HUB;
    apiHost = DOCKER_HUB_API;
    if (components.length === 1) repository = `library/${repository}`;
  }
  if (registry.length + 1 + repository.length > 255)
    throw invalid(input, 'the name is longer than 255 characters');
  if (tag === undefined && digest === undefined) tag = 'latest';

  const normalized = `${registry}/${repository}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
  return { registry, apiHost, repository, tag, digest, normalized };
}

/** Host name without port or IPv6 brackets. */
export function hostnameOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  const i = hostPort.lastIndexOf(':');
  return i >= 0 && hostPort.indexOf(':') === i ? hostPort.slice(0, i) : hostPort;
}

/** Loopback hosts (127.0.0.0/8, ::1, localhost), where plain HTTP is allowed. */
export function isLoopbackHost(hostPort: string): boolean {
  const host = hostnameOf(hostPort).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host) || /^(0+:){7}0*1$/.test(host);
  return false;
}
