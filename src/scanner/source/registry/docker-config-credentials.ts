import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Logger } from '../../../runtime/log.js';

export interface Credentials {
  username: string;
  password: string;
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}

interface DockerConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

const DOCKER_HUB_KEYS = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/**
 * Where Docker keeps its client config: `$DOCKER_CONFIG/config.json`, else
 * `~/.docker/config.json`. The caller passes the environment and home directory.
 */
export function defaultDockerConfigPath(env: Record<string, string | undefined>, home: string): string {
  return env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : join(home, '.docker', 'config.json');
}

/** `https://index.docker.io/v1/` → `index.docker.io`; `http://host:5000/v2/` → `host:5000`. */
function normalizeKey(key: string): string {
  let k = key.trim().toLowerCase();
  k = k.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = k.indexOf('/');
  return slash >= 0 ? k.slice(0, slash) : k;
}

function sameRegistry(key: string, registry: string): boolean {
  const a = normalizeKey(key);
  const b = registry.toLowerCase();
  return a === b || (DOCKER_HUB_KEYS.has(a) && DOCKER_HUB_KEYS.has(b));
}

function decodeEntry(entry: AuthEntry): Credentials | undefined {
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon > 0) return { username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username !== '') {
    return { username: entry.username, password: entry.password };
  }
  return undefined;
}

/**
 * Credentials for `registry` (as the user names it: `docker.io`, `host:port`) from a Docker
 * config.json: `auths` entries with a base64 `auth` or `username`/`password`. Credential
 * helpers and stores are programs Rampart does not run: when one applies, a warning says so.
 * A missing file is not an error; an unreadable or malformed one is a warning.
 */
export async function dockerConfigCredentials(
  path: string,
  registry: string,
  log: Logger,
): Promise<Credentials | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn('docker config unreadable', { path, reason: (err as Error).message });
    }
    return undefined;
  }
  let config: DockerConfigFile;
  try {
    config = JSON.parse(raw) as DockerConfigFile;
    if (!config || typeof config !== 'object') throw new Error('not a JSON object');
  } catch (err) {
    log.warn('docker config malformed', { path, reason: (err as Error).message });
    return undefined;
  }

  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => sameRegistry(key, registry));
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!sameRegistry(key, registry) || !entry || typeof entry !== 'object') continue;
    const creds = decodeEntry(entry);
    if (creds) return creds;
    if (typeof entry.identitytoken === 'string') {
      log.warn('docker config identity token unsupported', {
        registry,
        path,
        hint: 'pass --username/--password; identity tokens from docker login are not used',
      });
    }
  }
  if (helper) {
    log.warn('docker credential helper unsupported', {
      registry,
      helper: String(helper[1]),
      path,
      hint: 'Rampart does not run credential helpers; pass --username/--password',
    });
  } else if (typeof config.credsStore === 'string' && config.credsStore !== '') {
    log.warn('docker credential store unsupported', {
      registry,
      store: config.credsStore,
      path,
      hint: 'Rampart does not run credential stores; pass --username/--password if the registry needs them',
    });
  }
  return undefined;
}
