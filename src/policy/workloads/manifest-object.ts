/**
 * One Kubernetes object read from a manifest file, with where it came from. The location is
 * kept for every object so later stages (SARIF output, `deployment check` messages) can point at
 * the exact document and line.
 */
export interface ManifestSource {
  /** The file name as the caller named it (`-` for stdin). */
  file: string;
  /** 0-based index of the YAML document inside the file. */
  documentIndex: number;
  /** 0-based index inside a `kind: List` document, when the object is a list item. */
  itemIndex?: number;
  /** 1-based line and column where the object starts. */
  line: number;
  column: number;
}

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  /** `metadata.name`, verbatim (no Kubernetes name validation). */
  name: string;
  /** `metadata.namespace` as written; empty when absent. */
  namespace: string;
  /** The whole object as plain JSON data. */
  body: Record<string, unknown>;
  source: ManifestSource;
}

/** A human pointer to an object's location: `file (document 2, line 14)`. */
export function describeSource(source: ManifestSource): string {
  const item = source.itemIndex === undefined ? '' : `, list item ${source.itemIndex + 1}`;
  return `${source.file} (document ${source.documentIndex + 1}${item}, line ${source.line})`;
}
