import type { ContainerImage } from '../../model/deployment.js';

const DEFAULT_REGISTRY = 'docker.io';

/**
 * Split a container image reference the way StackRox fills `storage.ContainerImage`: registry
 * (Docker Hub when the first path part is not a host), remote (with `library/` for official
 * Docker Hub images), tag (`latest` when neither tag nor digest is given), digest as `id`, and
 * `fullName` rebuilt from those parts. A reference that cannot be split keeps its text in
 * `fullName` with an "is an invalid image" note, as StackRox does.
 */
export function parseImageName(reference: string): ContainerImage {
  const ref = reference.trim();
  if (ref === '' || /\s/.test(ref)) return invalidImage(reference);
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) return invalidImage(reference);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return invalidImage(reference);
  }
  if (rest === '') return invalidImage(reference);
  let registry = DEFAULT_REGISTRY;
  let remote = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      remote = rest.slice(firstSlash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !remote.includes('/')) remote = `library/${remote}`;
  if (
    remote === '' ||
    !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(remote)
  ) {
    return invalidImage(reference);
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  const fullName = `${registry}/${remote}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
  const image: ContainerImage = { name: { registry, remote, tag: tag ?? '', fullName } };
  if (digest !== undefined) image.id = digest;
  return image;
}

function invalidImage(reference: string): ContainerImage {
  return { name: { fullName: `${reference} is an invalid image` } };
}
