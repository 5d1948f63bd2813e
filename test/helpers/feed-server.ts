/**
 * Serves feed files to `downloadFile` through an undici MockAgent, like a static web server:
 * 200 with an ETag (the body's sha256) and a Last-Modified, 304 when the request's
 * If-None-Match names the current ETag, 404 for unknown paths. Every request is logged with its
 * status; `failOnce` paths answer 500 on their first request.
 */
import { createHash } from 'node:crypto';

import { MockAgent } from 'undici';

export interface ServedRequest {
  url: string;
  status: number;
  conditional: boolean;
}

export class FeedServer {
  readonly agent = new MockAgent();
  readonly log: ServedRequest[] = [];
  /** url → body; replace entries to simulate an upstream change. */
  readonly files = new Map<string, Buffer>();
  readonly failOnce = new Set<string>();

  constructor(files: Record<string, Buffer | string> = {}) {
    this.agent.disableNetConnect();
    for (const [url, body] of Object.entries(files)) this.set(url, body);
  }

  set(url: string, body: Buffer | string): void {
    const origin = new URL(url).origin;
    const known = [...this.files.keys()].some((u) => new URL(u).origin === origin);
    this.files.set(url, Buffer.isBuffer(body) ? body : Buffer.from(body));
    if (known) return;
    this.agent
      .get(origin)
      .intercept({ path: () => true, method: 'GET' })
      .reply((opts) => {
        const full = `${origin}${opts.path}`;
        const h = (opts.headers ?? {}) as Record<string, string>;
        const conditional = Boolean(h['if-none-match'] ?? h['if-modified-since']);
        const body = this.files.get(full);
        const answer = (status: number, data: Buffer | string, headers: Record<string, string> = {}) => {
          this.log.push({ url: full, status, conditional });
          return { statusCode: status, data, responseOptions: { headers } };
        };
        if (this.failOnce.delete(full)) return answer(500, 'try again');
        if (!body) return answer(404, 'not found');
        const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
        if (h['if-none-match'] === etag) return answer(304, '');
        return answer(200, body, { etag, 'last-modified': 'Mon, 01 Dec 2025 00:00:00 GMT' });
      })
      .persist();
  }

  /** Requests answered with a body (status 200) since `from`. */
  downloads(from = 0): string[] {
    return this.log
      .slice(from)
      .filter((r) => r.status === 200)
      .map((r) => r.url);
  }
}
