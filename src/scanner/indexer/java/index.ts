import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { isJavaArchiveName } from './is-java-archive-name.js';

/** A pom.properties left on disk by an exploded jar or war: `…/META-INF/maven/<g>/<a>/pom.properties`. */
function isLoosePomProperties(path: string): boolean {
  return /(^|\/)META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(path);
}

/** The zip reader and XML parser load on the first claimed file. */
let parser: Promise<typeof import('./find-java.js')> | undefined;

async function find(file: LayerFile, ctx: FinderContext): Promise<FinderResult> {
  const { findJava } = await (parser ??= import('./find-java.js'));
  return findJava(file, ctx, isLoosePomProperties(file.path));
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
