/**
 * A loopback HTTP server laid out like an upstream mirror (`/<host>/<path>`), for `vulndb
 * update --mirror-url` in CLI tests: ETag (sha256 of the body) and 304 on a matching
 * If-None-Match, 404 for unknown paths, every request logged.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MirrorRequest {
  /** The upstream URL the request stands for (`https://<host>/<path>`). */
  url: string;
  status: number;
  conditional: boolean;
}

export class MirrorServer {
  readonly log: MirrorRequest[] = [];
  readonly files = new Map<string, Buffer>();
  private server?: Server;

  constructor(files: Record<string, Buffer | string> = {}) {
    for (const [u, b] of Object.entries(files)) this.files.set(u, Buffer.isBuffer(b) ? b : Buffer.from(b));
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const [, host, ...rest] = (req.url ?? '/').split('/');
      const url = `https://${host}/${rest.join('/')}`;
      const body = this.files.get(url);
      const inm = req.headers['if-none-match'];
      const conditional = Boolean(inm ?? req.headers['if-modified-since']);
      const answer = (status: number, data: Buffer | string, headers: Record<string, string> = {}) => {
        this.log.push({ url, status, conditional });
        res.writeHead(status, headers).end(data);
      };
      if (!body) return answer(404, 'not found');
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (inm === etag) return answer(304, '');
      answer(200, body, { etag });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
