import { LineCounter, parseAllDocuments, isMap, isSeq, type Document, type Node } from 'yaml';

import { RampartError } from '../../runtime/errors.js';
import type { Limits } from '../../runtime/limits.js';
import type { ManifestObject, ManifestSource } from './manifest-object.js';

/** Bounds for manifest parsing; the defaults suit any real Helm or Kustomize output. */
export interface ManifestLimits {
  /** Bytes of one input file. */
  maxBytes: number;
  /** YAML documents in one file. */
  maxDocuments: number;
  /** Nesting depth of mappings and sequences. */
  maxDepth: number;
  /** Alias dereferences per document (the yaml package's defence against "billion laughs"). */
  maxAliasCount: number;
}

export const defaultManifestLimits: ManifestLimits = {
  maxBytes: 32 * 1024 ** 2,
  maxDocuments: 20_000,
  maxDepth: 256,
  maxAliasCount: 100,
};

export interface ParseManifestsContext {
  limits?: Partial<Limits>;
  manifestLimits?: Partial<ManifestLimits>;
}

/**
 * Parse a manifest file (multi-document YAML, JSON, or `kind: List`) into Kubernetes objects.
 * Empty documents are skipped. Anything that is not a mapping with `kind` is refused, as are
 * alias bombs, over-deep nesting and oversized input, always naming the file and document.
 */
export function parseManifests(
  text: string,
  file: string,
  ctx: ParseManifestsContext = {},
): ManifestObject[] {
  const limits = { ...defaultManifestLimits, ...(ctx.manifestLimits ?? {}) };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    throw new RampartError(
      'WORKLOAD_INPUT_TOO_LARGE',
      `${file}: manifest is ${bytes} bytes, more than the limit of ${limits.maxBytes}; split it into smaller files`,
    );
  }
  const flowDepth = flowNestingDepth(text, limits.maxDepth);
  if (flowDepth.exceeded) {
    throw new RampartError(
      'WORKLOAD_YAML_TOO_DEEP',
      `${file}: document ${flowDepth.documentIndex + 1} nests brackets deeper than ${limits.maxDepth} levels; this is not a Kubernetes object`,
    );
  }

  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, version: '1.1', uniqueKeys: false, logLevel: 'error' });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
  if (list.length > limits.maxDocuments) {
    throw new RampartError(
      'WORKLOAD_TOO_MANY_DOCUMENTS',
      `${file}: holds ${list.length} YAML documents, more than the limit of ${limits.maxDocuments}; split it into smaller files`,
    );
  }

  const out: ManifestObject[] = [];
  list.forEach((doc, documentIndex) => {
    const where = `${file}: document ${documentIndex + 1}`;
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      const pos = first.linePos?.[0];
      const at = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new RampartError(
        'WORKLOAD_YAML_INVALID',
        `${where} is not valid YAML${at}: ${reason}; fix the file and retry`,
      );
    }
    if (doc.contents === null) return; // empty document (e.g. a trailing `---`)
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (err: unknown) {
      if (err instanceof Error && /alias/i.test(err.message)) {
        throw new RampartError(
          'WORKLOAD_YAML_ALIAS_LIMIT',
          `${where} expands YAML aliases more than ${limits.maxAliasCount} times (an alias bomb); refusing to read it`,
        );
      }
      if (err instanceof RangeError) {
        throw new RampartError(
          'WORKLOAD_YAML_TOO_DEEP',
          `${where} is nested too deeply to read; this is not a Kubernetes object`,
        );
      }
      throw new RampartError(
        'WORKLOAD_YAML_INVALID',
        `${where} could not be read: ${(err as Error).message}`,
      );
    }
    if (value === null || value === undefined) return;
    if (depthExceeds(value, limits.maxDepth)) {
      throw new RampartError(
        'WORKLOAD_YAML_TOO_DEEP',
        `${where} nests deeper than ${limits.maxDepth} levels; this is not a Kubernetes object`,
      );
    }
    const contents = doc.contents as Node;
    const source = sourceOf(file, documentIndex, contents, lineCounter);
    collectObjects(value, contents, source, lineCounter, where, out);
  });
  return out;
}

function collectObjects(
  value: unknown,
  node: Node,
  source: ManifestSource,
  lineCounter: LineCounter,
  where: string,
  out: ManifestObject[],
): void {
  const obj = asKubeObject(value, where);
  if (obj.kind === 'List' || (obj.kind.endsWith('List') && Array.isArray(obj.body.items))) {
    const items = obj.body.items;
    if (items !== undefined && items !== null && !Array.isArray(items)) {
      throw new RampartError(
        'WORKLOAD_OBJECT_INVALID',
        `${where}: ${obj.kind} has an "items" that is not a list; fix the file`,
      );
    }
    const itemNodes = isMap(node) ? node.get('items', true) : undefined;
    (items ?? []).forEach((item, itemIndex) => {
      const itemNode = isSeq(itemNodes) ? (itemNodes.items[itemIndex] as Node | undefined) : undefined;
      const pos = itemNode?.range
        ? lineCounter.linePos(itemNode.range[0])
        : { line: source.line, col: source.column };
      const itemSource: ManifestSource = { ...source, itemIndex, line: pos.line, column: pos.col };
      const itemObj = asKubeObject(item, `${where}, list item ${itemIndex + 1}`);
      out.push({ ...itemObj, source: itemSource });
    });
    return;
  }
  out.push({ ...obj, source });
}

function asKubeObject(value: unknown, where: string): Omit<ManifestObject, 'source'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RampartError(
      'WORKLOAD_OBJECT_INVALID',
      `${where} is not a Kubernetes object (expected a mapping with apiVersion and kind); fix the file`,
    );
  }
  const body = value as Record<string, unknown>;
  const kind = body.kind;
  if (typeof kind !== 'string' || kind === '') {
    throw new RampartError(
      'WORKLOAD_OBJECT_INVALID',
      `${where} has no "kind"; every Kubernetes object needs apiVersion and kind`,
    );
  }
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
  const meta = body.metadata;
  const metadata =
    typeof meta === 'object' && meta !== null && !Array.isArray(meta)
      ? (meta as Record<string, unknown>)
      : {};
  return {
    apiVersion,
    kind,
    name: scalarText(metadata.name),
    namespace: scalarText(metadata.namespace),
    body,
  };
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function sourceOf(file: string, documentIndex: number, node: Node, lineCounter: LineCounter): ManifestSource {
  const pos = node.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
  return { file, documentIndex, line: pos.line, column: pos.col };
}

/** Iterative depth check of parsed data, so a deep value cannot overflow our own stack. */
function depthExceeds(root: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > maxDepth) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, d + 1]);
  }
  return false;
}

/**
 * Flow-style nesting (`[[[[…`) is cheap to write and expensive for a YAML parser, so it is
 * measured on the raw text before parsing. Quoted strings and comments are skipped; a bracket
 * only opens a flow collection where YAML allows one (after a separator or another bracket).
 */
function flowNestingDepth(text: string, maxDepth: number): { exceeded: boolean; documentIndex: number } {
  let depth = 0;
  let documentIndex = 0;
  let prev = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      if (text.startsWith('---', i + 1) && depth === 0) documentIndex++;
      prev = c;
      continue;
    }
    if (c === '#' && (prev === ' ' || prev === '\t' || prev === '\n')) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    if (depth > 0 && (c === '"' || c === "'")) {
      i = skipQuoted(text, i, c);
      prev = c;
      continue;
    }
    if (c === '[' || c === '{') {
      if (depth > 0 || /[\s:,\-?[{]/.test(prev)) {
        depth++;
        if (depth > maxDepth) return { exceeded: true, documentIndex };
      }
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
    prev = c;
  }
  return { exceeded: false, documentIndex };
}

function skipQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote === '"' && c === '\\') {
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return text.length;
}
