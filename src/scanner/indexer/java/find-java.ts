import { describeError } from '../../../runtime/errors.js';
import type { FinderContext, FinderResult, LayerFile } from '../contracts.js';
import { mavenRecord } from './maven-record.js';
import { parsePomProperties } from './parse-pom-properties.js';
import { scanArchive } from './scan-archive.js';

/** Read a loose pom.properties, or every artifact in a Java archive (nested at any depth). */
export async function findJava(
  file: LayerFile,
  ctx: FinderContext,
  loosePomProperties: boolean,
): Promise<FinderResult> {
  if (loosePomProperties) {
    const props = parsePomProperties(file.data.toString('utf8'));
    const packages = props
      ? [mavenRecord(props.groupId, props.artifactId, props.version, file.path, 'installed')]
      : [];
    return { packages, warnings: [] };
  }
  try {
    return await scanArchive(file.data, file.path, { limits: ctx.limits, signal: ctx.signal });
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    // Any failure on a hostile archive is a warning: the rest of the layer is still scanned.
    const message = `archive could not be read (${describeError(err)}); its packages are not reported`;
    return {
      packages: [],
      warnings: [{ code: 'INDEXER_JAVA_ARCHIVE_UNREADABLE', message, subject: file.path, source: 'java' }],
    };
  }
}
