import { homedir } from 'node:os';
import { join } from 'node:path';

import { Errors } from '@oclif/core';

import type { IndexReport } from '../model/index-report.js';
import { defaultCacheDir } from '../runtime/fs-paths.js';
import { withLimits } from '../runtime/limits.js';
import type { Logger } from '../runtime/log.js';
import { indexReference } from '../scanner/indexer/index-reference.js';
import { parsePlatform } from '../scanner/source/select-platform.js';
import { defaultDockerConfigPath } from '../scanner/source/registry/index.js';
import { startProgress } from './progress.js';

export interface ImageFlagValues {
  image?: string;
  platform: string;
  username?: string;
  password?: string;
  insecure?: boolean;
  'cache-dir'?: string;
  'no-cache'?: boolean;
  force?: boolean;
  retries: number;
  'retry-delay': number;
  'max-layer-bytes'?: number;
  'max-layer-entries'?: number;
}

/** Resolve the image argument/flag and run the Indexer with the command's options. */
export async function indexFromFlags(
  flags: ImageFlagValues,
  arg: string | undefined,
  toolVersion: string,
  log: Logger,
): Promise<IndexReport> {
  const reference = flags.image ?? arg;
  if (!reference)
    throw new Errors.CLIError('no image given: pass --image REF or a path (archive, OCI layout or rootfs)');
  const cacheRoot = flags['cache-dir'] ?? defaultCacheDir(process.env);
  const progress = startProgress(process.stderr);
  try {
    return await indexReference(
      reference,
      {
        cacheDir: flags['no-cache'] ? undefined : cacheRoot,
        force: flags.force,
        toolVersion,
        onProgress: progress.update,
        resolve: {
          platform: parsePlatform(flags.platform),
          username: flags.username,
          password: flags.password,
          insecure: flags.insecure,
          retries: flags.retries,
          retryDelayMs: flags['retry-delay'] * 1000,
          tempDir: join(cacheRoot, 'tmp'),
          dockerConfigPath: defaultDockerConfigPath(process.env, homedir()),
        },
      },
      {
        log,
        limits: withLimits({
          ...(flags['max-layer-bytes'] ? { maxLayerBytes: flags['max-layer-bytes'] } : {}),
          ...(flags['max-layer-entries'] ? { maxLayerEntries: flags['max-layer-entries'] } : {}),
        }),
      },
    );
  } finally {
    progress.stop();
  }
}
