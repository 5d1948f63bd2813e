/**
 * `META-INF/maven/<group>/<artifact>/pom.properties` (written by Maven when it builds a jar)
 * → groupId, artifactId, version. Java properties syntax: `key=value` or `key: value`,
 * `#`/`!` comments.
 */

export interface PomProperties {
  groupId: string;
  artifactId: string;
  version: string;
}

export function parsePomProperties(text: string): PomProperties | undefined {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) values.set(m[1]!, m[2]!.trim());
  }
  const groupId = values.get('groupId');
  const artifactId = values.get('artifactId');
  const version = values.get('version');
  if (!groupId || !artifactId || !version) return undefined;
  return { groupId, artifactId, version };
}

/** `META-INF/maven/<group>/<artifact>/pom.xml` → [group, artifact], or undefined for other paths. */
export function embeddedPomCoordinates(entryName: string): [string, string] | undefined {
  const m = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.xml$/.exec(entryName);
  return m ? [m[1]!, m[2]!] : undefined;
}
