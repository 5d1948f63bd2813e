/** A SourceContext whose log is recorded, plus stream readers, for source tests. */
import type { Readable } from 'node:stream';

import { defaultLimits, type Limits } from '../../src/runtime/limits.js';
import type { Logger } from '../../src/runtime/log.js';
import type { SourceContext } from '../../src/scanner/source/contracts.js';

export interface Logged {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

export function recordingContext(limits: Limits = defaultLimits): { ctx: SourceContext; logged: Logged[] } {
  const logged: Logged[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void logged.push({ level, msg, fields });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { ctx: { log, limits }, logged };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a stream to its end or its error, counting the bytes that came first. */
export async function streamOutcome(
  stream: Readable,
): Promise<{ ended: boolean; error?: unknown; bytes: Buffer }> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve({ ended: true, bytes: Buffer.concat(chunks) }));
    stream.on('error', (error) => resolve({ ended: false, error, bytes: Buffer.concat(chunks) }));
  });
}
