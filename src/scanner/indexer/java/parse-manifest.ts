/**
 * META-INF/MANIFEST.MF → the attributes of its main section (the part before the first blank
 * line or the first `Name:` attribute; later sections describe entries, not the archive). Long values are folded onto
 * continuation lines that start with one space; unfolding joins them with nothing between.
 * Attribute names are case-insensitive, so keys are lower-cased.
 */

export type ManifestAttributes = Map<string, string>;

export interface ManifestArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

export function parseManifest(text: string): ManifestAttributes {
  const attrs: ManifestAttributes = new Map();
  let current: string | undefined;
  const flush = () => {
    if (current === undefined) return;
    const colon = current.indexOf(':');
    if (colon > 0) {
      const key = current.slice(0, colon).trim().toLowerCase();
      const value = current.slice(colon + 1).trim();
      if (value !== '' && !value.startsWith('%')) attrs.set(key, value); // %var: a localisation placeholder
    }
    current = undefined;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') break;
    if (line.startsWith(' ')) {
      if (current !== undefined) current += line.slice(1);
      continue;
    }
    flush();
    if (/^name\s*:/i.test(line)) break; // an entry section starts, even without a blank line
    current = line;
  }
  flush();
  return attrs;
}

function first(attrs: ManifestAttributes, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = attrs.get(k);
    if (v) return v;
  }
  return undefined;
}

/**
 * Maven coordinates guessed from a manifest, or undefined when one of the three is missing:
 * group from Implementation-Vendor-Id, the OSGi symbolic name minus its last part,
 * Implementation-Vendor or Specification-Vendor, the first without white space (a vendor's
 * display name such as "The Apache Software Foundation" is not a groupId); artifact from Implementation-Title,
 * Specification-Title or Bundle-Name; version from Implementation-Version,
 * Specification-Version or Bundle-Version.
 */
export function manifestArtifact(attrs: ManifestAttributes): ManifestArtifact | undefined {
  const symbolic = attrs.get('bundle-symbolicname')?.split(';')[0]?.trim();
  const symbolicGroup = symbolic?.includes('.') ? symbolic.slice(0, symbolic.lastIndexOf('.')) : symbolic;
  const groupId = [
    attrs.get('implementation-vendor-id'),
    symbolicGroup,
    attrs.get('implementation-vendor'),
    attrs.get('specification-vendor'),
  ].find((g) => g && !/\s/.test(g));
  const artifactId = first(attrs, 'implementation-title', 'specification-title', 'bundle-name');
  const version = first(attrs, 'implementation-version', 'specification-version', 'bundle-version');
  if (!groupId || !artifactId || !version) return undefined;
  return { groupId, artifactId, version };
}

/** Jenkins plugin licences (`Plugin-License-Name`, `Plugin-License-Name-2`, …) in manifest order. */
export function manifestLicenses(attrs: ManifestAttributes): string[] {
  const out: string[] = [];
  for (const [key, value] of attrs) {
    if (key === 'plugin-license-name' || key.startsWith('plugin-license-name-')) out.push(value);
  }
  return out;
}
