import { Agent, buildConnector, request, type Dispatcher } from 'undici';

import { RampartError } from '../../../runtime/errors.js';
import type { Logger } from '../../../runtime/log.js';
import { BearerTokenCache } from './bearer-token.js';
import type { Credentials } from './docker-config-credentials.js';
import { parseChallenges, type Challenge } from './parse-challenge.js';
import { isLoopbackHost } from './parse-reference.js';
import {
  authFailedError,
  isAbortError,
  readRegistryErrorMessage,
  registryNetworkError,
} from './registry-errors.js';
import {
  isRetryableError,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  sleep,
  type RetryPolicy,
} from './retry-policy.js';

export interface RegistryClientOptions {
  credentials?: Credentials;
  /** Allow plain HTTP and unverified TLS to any host (loopback hosts always allow it). */
  insecure: boolean;
  policy: RetryPolicy;
  timeoutMs: number;
  log: Logger;
}

export interface RegistryGet {
  /** `repository:<name>:pull`, the scope a Bearer token must grant. */
  scope: string;
  accept?: string;
  /** Ask for the bytes from this offset on (`Range: bytes=N-`). */
  rangeStart?: number;
  /** The error to throw on 404 (wording depends on what was asked for). */
  notFound: () => RampartError;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 5;
const DEFAULT_PORT: Record<string, string> = { 'https:': '443', 'http:': '80' };

/** True when `url` points at the registry `host` (`name[:port]`), allowing for default ports and case. */
export function sameHost(url: URL, host: string): boolean {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return false;
  const hostname = m[1]!.toLowerCase();
  const port = m[2] && m[2] !== DEFAULT_PORT[url.protocol] ? m[2] : '';
  return url.hostname.toLowerCase() === hostname && url.port === port;
}
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/**
 * HTTP access to one or more registries over the OCI Distribution API: picks HTTPS (or HTTP for
 * loopback and --insecure hosts that do not speak TLS), answers Basic and Bearer challenges,
 * follows redirects (credentials stay with the registry's origin) and retries transient failures.
 */
export class RegistryClient {
  private readonly agent: Agent;
  private readonly schemes = new Map<string, 'https:' | 'http:'>();
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens: BearerTokenCache;

  constructor(private readonly options: RegistryClientOptions) {
    const strict = buildConnector({ timeout: options.timeoutMs, rejectUnauthorized: true });
    const lax = buildConnector({ timeout: options.timeoutMs, rejectUnauthorized: false });
    this.agent = new Agent({
      connect: (opts, callback) => (this.relaxed(opts.hostname) ? lax : strict)(opts, callback),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.tokens = new BearerTokenCache((url, headers, signal) => this.getWithRetry(url, headers, signal));
  }

  /** Ends every connection, aborting downloads still in flight (a stream nobody reads must not hold it open). */
  async close(): Promise<void> {
    await this.agent.destroy();
  }

  /** Plain HTTP may be tried for this host (after HTTPS), and TLS need not be verified. */
  private relaxed(host: string): boolean {
    return this.options.insecure || isLoopbackHost(host);
  }

  /**
   * GET `path` (`/v2/…`) on the registry `host` and return a 2xx response whose body the caller
   * must consume. Other statuses become RampartErrors; transient ones are retried first.
   */
  async get(host: string, path: string, req: RegistryGet): Promise<Dispatcher.ResponseData> {
    const { policy, log } = this.options;
    for (let attempt = 0; ; attempt++) {
      let res: Dispatcher.ResponseData;
      try {
        res = await this.sendAuthorized(host, path, req);
      } catch (err) {
        if (err instanceof RampartError || isAbortError(err)) throw err;
        if (attempt >= policy.retries || !isRetryableError(err))
          throw registryNetworkError(host, err, this.relaxed(host));
        const wait = retryDelay(policy, attempt);
        log.debug('registry request retry', {
          host,
          path,
          attempt: attempt + 1,
          waitMs: wait,
          reason: String((err as Error).message),
        });
        await sleep(wait, req.signal);
        continue;
      }
      const status = res.statusCode;
      if (status >= 200 && status < 300) return res;
      if (isRetryableStatus(status) && attempt < policy.retries) {
        const wait = retryDelay(policy, attempt, parseRetryAfter(res.headers['retry-after']));
        await res.body.dump().catch(() => {});
        log.debug('registry request retry', { host, path, attempt: attempt + 1, waitMs: wait, status });
        await sleep(wait, req.signal);
        continue;
      }
      throw await this.statusError(host, path, res, req);
    }
  }

  private async statusError(
    host: string,
    path: string,
    res: Dispatcher.ResponseData,
    req: RegistryGet,
  ): Promise<RampartError> {
    const detail = await readRegistryErrorMessage(res);
    if (res.statusCode === 404) return req.notFound();
    if (res.statusCode === 401 || res.statusCode === 403) {
      const what = `${detail ?? 'the registry refused the request'} (HTTP ${res.statusCode})`;
      const anonymous = this.options.credentials
        ? ''
        : '; no credentials were given, and the repository may also not exist';
      return authFailedError(host, what + anonymous);
    }
    if (res.statusCode === 429) {
      return new RampartError(
        'SOURCE_REGISTRY_RATE_LIMITED',
        `registry ${host} is rate limiting requests (HTTP 429${detail ? `: ${detail}` : ''}); wait and try again, or authenticate with --username/--password`,
      );
    }
    return new RampartError(
      'SOURCE_REGISTRY_HTTP',
      `registry ${host} answered HTTP ${res.statusCode} for ${path}${detail ? ` (${detail})` : ''}`,
    );
  }

  /** One attempt: sends the request, answers one auth challenge, follows redirects. */
  private async sendAuthorized(
    host: string,
    path: string,
    req: RegistryGet,
  ): Promise<Dispatcher.ResponseData> {
    let url = new URL(`${this.schemes.get(host) ?? 'https:'}//${host}${path}`);
    let answeredChallenge = false;
    for (let redirects = 0; ;) {
      const headers: Record<string, string> = {};
      if (req.accept) headers.accept = req.accept;
      if (req.rangeStart !== undefined && req.rangeStart > 0) headers.range = `bytes=${req.rangeStart}-`;
      const toRegistry = sameHost(url, host);
      if (toRegistry) {
        const authorization = await this.authorization(host, req.scope, req.signal);
        if (authorization) headers.authorization = authorization;
      }
      const res = toRegistry
        ? await this.sendToRegistry(host, url, headers, req.signal)
        : await this.send(url, headers, req.signal);
      if (res.statusCode === 401 && toRegistry && !answeredChallenge) {
        const challenges = parseChallenges(res.headers['www-authenticate']);
        await res.body.dump().catch(() => {});
        await this.answer(host, challenges, req.scope);
        answeredChallenge = true;
        continue;
      }
      const location = res.headers.location;
      if (REDIRECT.has(res.statusCode) && typeof location === 'string') {
        await res.body.dump().catch(() => {});
        if (++redirects > MAX_REDIRECTS) {
          throw new RampartError(
            'SOURCE_REGISTRY_HTTP',
            `registry ${host} redirected ${path} more than ${MAX_REDIRECTS} times`,
          );
        }
        url = new URL(location, url);
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.relaxed(url.host))) {
          throw new RampartError(
            'SOURCE_REGISTRY_HTTP',
            `registry ${host} redirected ${path} to ${url.protocol}//${url.host}, which is not HTTPS; refused ` +
              '(pass --insecure only if you trust this network)',
          );
        }
        continue;
      }
      return res;
    }
  }

  /** Remembers the challenge for the host so later requests authenticate up front. */
  private async answer(host: string, challenges: Challenge[], scope: string): Promise<void> {
    const { credentials, log } = this.options;
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (bearer) {
      this.checkRealm(host, bearer.params.realm!);
      const known = this.challenges.get(host);
      if (known?.scheme === 'bearer') this.tokens.forget(known, scope);
      this.challenges.set(host, bearer);
      log.debug('registry auth challenge', { host, scheme: 'bearer', service: bearer.params.service });
      return;
    }
    if (basic) {
      if (!credentials) throw authFailedError(host, 'the registry requires a user name and password');
      if (this.challenges.get(host)?.scheme === 'basic')
        throw authFailedError(host, 'the registry refused the credentials');
      this.challenges.set(host, basic);
      log.debug('registry auth challenge', { host, scheme: 'basic' });
      return;
    }
    const schemes = challenges.map((c) => c.scheme).join(', ') || 'none';
    throw authFailedError(
      host,
      `the registry asks for authentication Rampart cannot answer (challenge: ${schemes})`,
    );
  }

  /** A token realm over plain HTTP is only acceptable where plain HTTP is allowed anyway. */
  private checkRealm(host: string, realm: string): void {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw authFailedError(host, `the registry's token realm "${realm}" is not a URL`);
    }
    if (
      url.protocol === 'http:' &&
      !this.options.insecure &&
      !isLoopbackHost(url.host) &&
      !isLoopbackHost(host)
    ) {
      throw authFailedError(
        host,
        `the registry's token realm ${url.host} is plain HTTP; pass --insecure only if you trust this network`,
      );
    }
  }

  private async authorization(
    host: string,
    scope: string,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const challenge = this.challenges.get(host);
    const { credentials } = this.options;
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic' && credentials) {
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
    }
    if (challenge.scheme === 'bearer')
      return `Bearer ${await this.tokens.token(host, challenge, scope, credentials, signal)}`;
    return undefined;
  }

  /**
   * Sends to the registry itself. While the scheme of a relaxed host is unknown, a connection or
   * TLS failure over HTTPS is retried once over plain HTTP, and the scheme that answers is kept.
   */
  private async sendToRegistry(
    host: string,
    url: URL,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    const known = this.schemes.get(host);
    if (known && known !== url.protocol) {
      url = new URL(url);
      url.protocol = known;
    }
    if (known || !this.relaxed(host) || url.protocol !== 'https:') {
      const res = await this.send(url, headers, signal);
      if (!known && url.protocol === 'https:') this.schemes.set(host, 'https:');
      return res;
    }
    try {
      const res = await this.send(url, headers, signal);
      this.schemes.set(host, 'https:');
      return res;
    } catch (err) {
      if (isAbortError(err)) throw err;
      const plain = new URL(url);
      plain.protocol = 'http:';
      this.options.log.debug('registry https failed, trying http', {
        host,
        reason: String((err as Error).message),
      });
      const res = await this.send(plain, headers, signal);
      this.schemes.set(host, 'http:');
      return res;
    }
  }

  private send(
    url: URL,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    return request(url, { method: 'GET', headers, dispatcher: this.agent, signal });
  }

  /** GET an absolute URL (token servers) with the same retry policy; any status is returned. */
  private async getWithRetry(
    url: URL,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    const { policy } = this.options;
    for (let attempt = 0; ; attempt++) {
      let res: Dispatcher.ResponseData;
      try {
        res = await this.send(url, headers, signal);
      } catch (err) {
        if (isAbortError(err)) throw err;
        if (attempt >= policy.retries || !isRetryableError(err))
          throw registryNetworkError(url.host, err, this.relaxed(url.host));
        await sleep(retryDelay(policy, attempt), signal);
        continue;
      }
      if (!isRetryableStatus(res.statusCode) || attempt >= policy.retries) return res;
      await res.body.dump().catch(() => {});
      await sleep(retryDelay(policy, attempt, parseRetryAfter(res.headers['retry-after'])), signal);
    }
  }
}
