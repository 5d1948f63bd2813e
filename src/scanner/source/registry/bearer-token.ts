import type { Dispatcher } from 'undici';

import { RampartError } from '../../../runtime/errors.js';
import type { Challenge } from './parse-challenge.js';
import type { Credentials } from './docker-config-credentials.js';
import { authFailedError, readRegistryErrorMessage } from './registry-errors.js';

/** Sends one GET (retries included) and returns the response; provided by the registry client. */
export type TokenGet = (
  url: URL,
  headers: Record<string, string>,
  signal?: AbortSignal,
) => Promise<Dispatcher.ResponseData>;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** The spec's default lifetime when the token server does not say (`expires_in` absent). */
const DEFAULT_EXPIRES_SECONDS = 60;
/** Refresh a little before the server's deadline so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 5_000;
const MAX_TOKEN_RESPONSE = 1024 * 1024;

/**
 * Bearer tokens from a registry's token server (the Docker Registry v2 token flow), cached per
 * realm, service and scope until `expires_in` runs out.
 */
export class BearerTokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  /** Fetches in flight, so layers opened in parallel share one token request. */
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly get: TokenGet,
    private readonly now: () => number = Date.now,
  ) {}

  private key(challenge: Challenge, scope: string): string {
    return `${challenge.params.realm}\n${challenge.params.service ?? ''}\n${scope}`;
  }

  forget(challenge: Challenge, scope: string): void {
    this.tokens.delete(this.key(challenge, scope));
  }

  /** A valid token for `scope`: from the cache, else fetched from the challenge's realm. */
  async token(
    host: string,
    challenge: Challenge,
    scope: string,
    credentials?: Credentials,
    signal?: AbortSignal,
  ): Promise<string> {
    const key = this.key(challenge, scope);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.token;
    this.tokens.delete(key);
    let inFlight = this.pending.get(key);
    if (!inFlight) {
      inFlight = this.fetch(host, challenge, scope, credentials, signal).finally(() =>
        this.pending.delete(key),
      );
      this.pending.set(key, inFlight);
    }
    const fetched = await inFlight;
    this.tokens.set(key, fetched);
    return fetched.token;
  }

  private async fetch(
    host: string,
    challenge: Challenge,
    scope: string,
    credentials: Credentials | undefined,
    signal: AbortSignal | undefined,
  ): Promise<CachedToken> {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new RampartError(
        'SOURCE_REGISTRY_AUTH',
        `registry ${host} sent a Bearer challenge without a usable realm URL; it cannot be authenticated against`,
      );
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    const scopes = new Set([scope]);
    if (challenge.params.scope) for (const s of challenge.params.scope.split(' ')) if (s) scopes.add(s);
    for (const s of scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credentials) {
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
      headers.authorization = `Basic ${basic}`;
    }
    const started = this.now();
    const res = await this.get(url, headers, signal);
    if (res.statusCode === 401 || res.statusCode === 403) {
      const detail = (await readRegistryErrorMessage(res)) ?? `HTTP ${res.statusCode}`;
      throw authFailedError(
        host,
        `the token server at ${url.host} refused ${credentials ? 'the credentials' : 'anonymous access'} (${detail})`,
      );
    }
    if (res.statusCode !== 200) {
      const detail = (await readRegistryErrorMessage(res)) ?? '';
      throw new RampartError(
        'SOURCE_REGISTRY_AUTH',
        `the token server at ${url.host} for registry ${host} answered HTTP ${res.statusCode}${detail ? ` (${detail})` : ''}; try again later`,
      );
    }
    const body = await readSmallBody(res, MAX_TOKEN_RESPONSE);
    let doc: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      doc = JSON.parse(body) as typeof doc;
    } catch {
      throw new RampartError(
        'SOURCE_REGISTRY_AUTH',
        `the token server at ${url.host} for registry ${host} did not answer JSON`,
      );
    }
    const token = typeof doc.token === 'string' && doc.token ? doc.token : doc.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new RampartError(
        'SOURCE_REGISTRY_AUTH',
        `the token server at ${url.host} for registry ${host} returned no token`,
      );
    }
    const seconds =
      typeof doc.expires_in === 'number' && doc.expires_in > 0 ? doc.expires_in : DEFAULT_EXPIRES_SECONDS;
    return { token, expiresAt: started + seconds * 1000 - Math.min(EXPIRY_MARGIN_MS, (seconds * 1000) / 10) };
  }
}

async function readSmallBody(res: Dispatcher.ResponseData, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += (chunk as Buffer).length;
    if (total > max) {
      res.body.destroy();
      throw new RampartError('SOURCE_REGISTRY_AUTH', `the token server response is larger than ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
