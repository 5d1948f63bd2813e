import { describeError } from '../../../runtime/errors.js';
import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { mavenRecord } from './maven-record.js';
import { parsePomProperties } from './parse-pom-properties.js';
import { isJavaArchiveName, scanArchive } from './scan-archive.js';

/** A pom.properties left on disk by an exploded jar or war: `…/META-INF/maven/<g>/<a>/pom.properties`. */
function isLoosePomProperties(path: string): boolean {
  return /(^|\/)META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(path);
}

async function find(file: LayerFile, ctx: FinderContext): Promise<FinderResult> {
  if (isLoosePomProperties(file.path)) {
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

export const javaFinder = {
  name: 'java',
  version: 1,
  kind: 'language',
  description:
    'Maven artifacts in jar, war, ear and Jenkins jpi/hpi archives (nested at any depth) and in exploded pom.properties files',
  claims(path: string): boolean {
    return isJavaArchiveName(path) || isLoosePomProperties(path);
  },
  find,
} satisfies PackageFinder;
