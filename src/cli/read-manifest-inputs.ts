import { readFileSync } from 'node:fs';

import type { WorkloadInput } from '../policy/workloads/index.js';
import { RampartError, describeError } from '../runtime/errors.js';

/** Read `--file` arguments (a path, or `-` for standard input) into manifest texts. */
export async function readManifestInputs(
  files: readonly string[],
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<WorkloadInput[]> {
  const out: WorkloadInput[] = [];
  for (const file of files) {
    if (file === '-') {
      out.push({ file: '-', text: await readAll(stdin) });
      continue;
    }
    try {
      out.push({ file, text: readFileSync(file, 'utf8') });
    } catch (err: unknown) {
      throw new RampartError(
        'WORKLOAD_FILE_UNREADABLE',
        `could not read deployment file "${file}": ${describeError(err)}; check the path`,
      );
    }
  }
  return out;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
