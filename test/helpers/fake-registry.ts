/**
 * A tiny OCI Distribution API server on 127.0.0.1 for unit tests: serves manifests and blobs
 * the test puts in, speaks anonymous, HTTP Basic or the Bearer token flow (its own /token
 * endpoint), honours Range requests, and injects faults queued per path (a status, a dropped
 * connection, corrupted or extra bytes, a 200 answer to a Range request).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

import { sha256, type FakeImage, type FakeIndex } from './fake-image.js';

export type FakeAuth = 'none' | 'basic' | 'token';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'drop'; afterBytes: number }
  | { kind: 'corrupt' }
  | { kind: 'extra'; bytes: number; chunked?: boolean }
  | { kind: 'ignore-range' }
  | { kind: 'redirect'; location: string }
  | { kind: 'chunked' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FakeRegistryOptions {
  auth?: FakeAuth;
  user?: string;
  pass?: string;
  /** expires_in the token endpoint reports (seconds). */
  tokenExpiresIn?: number;
  /** Which JSON field carries the token. */
  tokenField?: 'token' | 'access_token';
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

interface Stored {
  bytes: Buffer;
  mediaType: string;
}

export class FakeRegistry {
  readonly requests: RecordedRequest[] = [];
  readonly tokenRequests: { scopes: string[]; service: string | null; authorization?: string }[] = [];
  private readonly manifests = new Map<string, Stored>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly faults = new Map<string, Fault[]>();
  /** Issued tokens; they stay valid until revoked (so a client's own expiry handling shows). */
  private readonly tokens = new Map<string, { scopes: string[] }>();
  private server!: http.Server | https.Server;
  host = '';

  private constructor(private readonly opts: FakeRegistryOptions) {}

  static async start(opts: FakeRegistryOptions = {}): Promise<FakeRegistry> {
    const reg = new FakeRegistry({ user: 'alice', pass: 's3cret, with: colon', ...opts });
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => reg.handle(req, res);
    reg.server = opts.tls
      ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler)
      : http.createServer(handler);
    await new Promise<void>((resolve) => reg.server.listen(0, '127.0.0.1', resolve));
    reg.host = `127.0.0.1:${(reg.server.address() as AddressInfo).port}`;
    return reg;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get user(): string {
    return this.opts.user!;
  }
  get pass(): string {
    return this.opts.pass!;
  }

  putBlob(bytes: Buffer): string {
    const digest = sha256(bytes);
    this.blobs.set(digest, bytes);
    return digest;
  }

  putManifest(repo: string, tag: string | undefined, bytes: Buffer, mediaType: string): string {
    const digest = sha256(bytes);
    this.manifests.set(`${repo}@${digest}`, { bytes, mediaType });
    if (tag) this.manifests.set(`${repo}:${tag}`, { bytes, mediaType });
    return digest;
  }

  /** Stores an image's blobs and manifest (tagged when `tag` is given). */
  pushImage(repo: string, tag: string | undefined, image: FakeImage): void {
    for (const l of image.layers) this.putBlob(l.blob);
    this.putBlob(image.config);
    this.putManifest(repo, tag, image.manifest, image.manifestMediaType);
  }

  pushIndex(repo: string, tag: string, index: FakeIndex): void {
    this.putManifest(repo, tag, index.bytes, index.mediaType);
  }

  /** Queues faults for a path (`/v2/repo/blobs/sha256:…`); each request consumes one. */
  fault(path: string, ...faults: Fault[]): void {
    this.faults.set(path, [...(this.faults.get(path) ?? []), ...faults]);
  }

  /** Invalidates every issued token (the next request with one gets a 401 challenge). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  requestsTo(pathPart: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(pathPart));
  }

  private challenge(repo: string): string {
    if (this.opts.auth === 'basic') return 'Basic realm="fake registry"';
    return `Bearer realm="${this.opts.tls ? 'https' : 'http'}://${this.host}/token",service="fake-registry",scope="repository:${repo}:pull"`;
  }

  private basicOk(header: string | undefined): boolean {
    if (!header?.startsWith('Basic ')) return false;
    const text = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return text === `${this.opts.user}:${this.opts.pass}`;
  }

  private authorized(req: http.IncomingMessage, repo: string): boolean {
    const auth = this.opts.auth ?? 'none';
    if (auth === 'none') return true;
    if (auth === 'basic') return this.basicOk(req.headers.authorization);
    const h = req.headers.authorization;
    if (!h?.startsWith('Bearer ')) return false;
    const t = this.tokens.get(h.slice(7));
    return !!t && t.scopes.includes(`repository:${repo}:pull`);
  }

  private issueToken(req: http.IncomingMessage, url: URL, res: http.ServerResponse): void {
    const scopes = url.searchParams.getAll('scope');
    this.tokenRequests.push({
      scopes,
      service: url.searchParams.get('service'),
      authorization: req.headers.authorization,
    });
    if (!this.basicOk(req.headers.authorization)) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
      return;
    }
    const token = randomBytes(16).toString('hex');
    const expiresIn = this.opts.tokenExpiresIn ?? 300;
    this.tokens.set(token, { scopes });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ [this.opts.tokenField ?? 'token']: token, expires_in: expiresIn }));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', `http://${this.host}`);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers });
    if (url.pathname === '/token') return this.issueToken(req, url, res);
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const [, repo, kind, ref] = m as unknown as [string, string, string, string];
    if (!this.authorized(req, repo)) {
      res.writeHead(401, { 'www-authenticate': this.challenge(repo), 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    const fault = this.faults.get(url.pathname)?.shift();
    if (fault?.kind === 'redirect') {
      res.writeHead(307, { location: fault.location }).end();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, fault.headers ?? {}).end(fault.body ?? '');
      return;
    }
    let stored: Stored | undefined;
    if (kind === 'manifests')
      stored = this.manifests.get(ref.startsWith('sha256:') ? `${repo}@${ref}` : `${repo}:${ref}`);
    else if (this.blobs.has(ref))
      stored = { bytes: this.blobs.get(ref)!, mediaType: 'application/octet-stream' };
    if (!stored) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        `{"errors":[{"code":"${kind === 'manifests' ? 'MANIFEST_UNKNOWN' : 'BLOB_UNKNOWN'}","message":"unknown"}]}`,
      );
      return;
    }
    let body = stored.bytes;
    if (fault?.kind === 'corrupt') {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0xff;
    }
    if (fault?.kind === 'extra') body = Buffer.concat([body, Buffer.alloc(fault.bytes, 0x41)]);
    const headers: http.OutgoingHttpHeaders = {
      'content-type': stored.mediaType,
      'docker-content-digest': sha256(stored.bytes),
    };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let status = 200;
    if (range && fault?.kind !== 'ignore-range') {
      const start = Number(range[1]);
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
      body = body.subarray(start);
      status = 206;
    }
    const chunked = fault?.kind === 'chunked' || (fault?.kind === 'extra' && fault.chunked);
    if (!chunked) headers['content-length'] = body.length;
    res.writeHead(status, headers);
    if (fault?.kind === 'drop') {
      res.write(body.subarray(0, fault.afterBytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  }
}
