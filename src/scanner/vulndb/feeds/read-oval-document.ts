/**
 * A streaming reader for OVAL definition files (Debian, Ubuntu, Red Hat, Rocky). The XML text
 * is never held whole: the reader cuts the stream into top-level elements (`definition`,
 * `*_test`, `*_object`, `*_state`, `*_variable`), parses each small element on its own and
 * keeps only a compact digest of it. References between the sections (definition → test →
 * object/state → variable) are resolved by the callers once the document is read.
 *
 * Hostile input: any DOCTYPE or ENTITY declaration is refused before parsing (no entity
 * expansion at all), one element larger than `maxRecordBytes` is refused (FEED_TOO_LARGE).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

import { XMLParser } from 'fast-xml-parser';

import { RampartError } from '../../../runtime/errors.js';
import { readBz2Stream } from './read-bz2-stream.js';

export interface OvalCriterion {
  testRef: string;
  comment: string;
  negate: boolean;
}

export interface OvalCriteria {
  operator: 'AND' | 'OR';
  negate: boolean;
  criteria: OvalCriteria[];
  criterions: OvalCriterion[];
}

export interface OvalReference {
  source: string;
  refId: string;
  refUrl?: string;
}

export interface OvalCve {
  id: string;
  /** Attributes as published (`cvss3`, `impact`, `priority`, `cvss_vector`, `href`…). */
  attrs: Record<string, string>;
}

export interface OvalDefinition {
  id: string;
  class: string;
  title: string;
  description?: string;
  platforms: string[];
  products: string[];
  references: OvalReference[];
  severity?: string;
  issued?: string;
  updated?: string;
  cves: OvalCve[];
  cpes: string[];
  criteria?: OvalCriteria;
}

export interface OvalTest {
  /** Local element name: `dpkginfo_test`, `rpminfo_test`, `textfilecontent54_test`… */
  kind: string;
  comment: string;
  objectRef?: string;
  stateRefs: string[];
}

export interface OvalObject {
  kind: string;
  /** The object's `name` text (package name) when it is literal. */
  name?: string;
  /** The `name` element's `var_ref` when the names come from a variable (Ubuntu). */
  nameVarRef?: string;
  /** The object's `comment`, when it has one (Ubuntu: "Available with Ubuntu Pro…"). */
  comment?: string;
}

export interface OvalState {
  kind: string;
  evr?: { operation: string; value: string; datatype?: string };
  /** Present on RPM-GPG key checks (ignored by the feeds). */
  signatureKeyId?: string;
  arch?: string;
  /** The state's `comment`, when it has one (Ubuntu: "Available with Ubuntu Pro…"). */
  comment?: string;
}

export interface OvalDocument {
  definitions: OvalDefinition[];
  tests: Map<string, OvalTest>;
  objects: Map<string, OvalObject>;
  states: Map<string, OvalState>;
  variables: Map<string, string[]>;
  /** The generator's timestamp, when present. */
  timestamp?: string;
}

export interface ReadOvalOptions {
  feed: string;
  file: string;
  maxRecordBytes: number;
  signal?: AbortSignal;
}

const START = /<(?:([A-Za-z_][\w.-]*):)?(definition|[A-Za-z0-9]+_(?:test|object|state|variable))(?=[\s/>])/g;
const HOSTILE = /<!(?:DOCTYPE|ENTITY)/i;
/** Bytes of input decoded into the text buffer per step. */
const PIECE_BYTES = 64 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

type Node = Record<string, unknown>;

const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The five XML entities and character references (the parser leaves them alone). The result
 * is always a fresh string: a substring would keep the whole element text (or the read
 * buffer) alive for as long as the digest lives, which tripled the memory of a Debian file.
 */
function unescapeXml(s: string): string {
  if (!s.includes('&')) return own(s);
  return s.replace(ENTITY, (_m, e: string) => {
    if (e[0] !== '#') return NAMED[e]!;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

function own(s: string): string {
  return s.length === 0 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

function formatError(opts: ReadOvalOptions, what: string): RampartError {
  return new RampartError(
    'FEED_FORMAT',
    `feed ${opts.feed}: ${opts.file} is not a usable OVAL file (${what}); download it again or report the upstream file`,
  );
}

/**
 * Where `readOvalInto` hands each element's digest as soon as the element is read. A caller
 * that needs only part of the document keeps its own compact maps instead of an `OvalDocument`.
 */
export interface OvalSink {
  definition(def: OvalDefinition): void;
  test(id: string, test: OvalTest): void;
  object(id: string, obj: OvalObject): void;
  state(id: string, st: OvalState): void;
  variable(id: string, values: string[]): void;
}

/** Read a whole OVAL document from a byte or text stream into its compact digest. */
export async function readOvalDocument(
  source: AsyncIterable<Buffer | string>,
  opts: ReadOvalOptions,
): Promise<OvalDocument> {
  const doc: OvalDocument = {
    definitions: [],
    tests: new Map(),
    objects: new Map(),
    states: new Map(),
    variables: new Map(),
  };
  const { timestamp } = await readOvalInto(source, opts, {
    definition: (def) => doc.definitions.push(def),
    test: (id, t) => doc.tests.set(id, t),
    object: (id, o) => doc.objects.set(id, o),
    state: (id, st) => doc.states.set(id, st),
    variable: (id, v) => doc.variables.set(id, v),
  });
  if (timestamp) doc.timestamp = timestamp;
  return doc;
}

/** Stream an OVAL document's element digests into `sink`, in file order; returns its timestamp. */
export async function readOvalInto(
  source: AsyncIterable<Buffer | string>,
  opts: ReadOvalOptions,
  sink: OvalSink,
): Promise<{ timestamp?: string }> {
  const out: { timestamp?: string } = {};
  let sawRoot = false;
  for await (const el of ovalElements(source, opts)) {
    if (el.tag === '#root') {
      sawRoot = true;
      const ts = /<(?:\w+:)?timestamp>([^<]+)</.exec(el.xml);
      if (ts) out.timestamp = own(ts[1]!);
      continue;
    }
    let parsed: Node;
    try {
      parsed = parser.parse(el.xml) as Node;
    } catch (err: unknown) {
      throw formatError(opts, `element ${el.tag}: ${(err as Error).message}`);
    }
    const node = first(parsed[el.tag]);
    if (!node) throw formatError(opts, `element ${el.tag} could not be read`);
    digest(sink, el.tag, node, opts);
  }
  if (!sawRoot) throw formatError(opts, 'no oval_definitions root element');
  return out;
}

interface RawElement {
  tag: string;
  xml: string;
}

async function* ovalElements(
  source: AsyncIterable<Buffer | string>,
  opts: ReadOvalOptions,
): AsyncGenerator<RawElement> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let rootSeen = false;
  let done = false;
  const it = source[Symbol.asyncIterator]();
  // A large input chunk (a decoded bzip2 block is ~1 MB) is taken in pieces, so the text held
  // and re-scanned stays small and short-lived instead of a megabyte string per step.
  let pending: Uint8Array | undefined;
  let pendingAt = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (!done && !pending) {
      const next = await it.next();
      if (next.done) {
        done = true;
        buf += decoder.decode();
      } else if (typeof next.value === 'string') buf += next.value;
      else {
        pending = next.value;
        pendingAt = 0;
      }
    }
    if (pending) {
      const end = Math.min(pending.length, pendingAt + PIECE_BYTES);
      buf += decoder.decode(pending.subarray(pendingAt, end), { stream: true });
      pendingAt = end;
      if (pendingAt >= pending.length) pending = undefined;
    }
    if (HOSTILE.test(buf)) throw formatError(opts, 'a DOCTYPE or ENTITY declaration; entities are refused');
    if (!rootSeen) {
      const root = buf.indexOf('oval_definitions');
      if (root >= 0) {
        const head = buf.slice(0, Math.min(buf.length, root + 4096));
        const end = buf.indexOf('<definitions', root);
        if (end >= 0 || done) {
          rootSeen = true;
          yield { tag: '#root', xml: end >= 0 ? buf.slice(0, end) : head };
        }
      }
    }
    if (!rootSeen) {
      // Keep the prologue until the root and generator have been seen.
      if (buf.length > opts.maxRecordBytes) throw tooLarge(opts);
      if (!done) continue;
      throw formatError(opts, 'no oval_definitions root element');
    }
    let pos = 0;
    for (;;) {
      START.lastIndex = pos;
      const m = START.exec(buf);
      if (!m) {
        const lt = buf.lastIndexOf('<');
        pos = lt >= pos ? lt : buf.length;
        break;
      }
      const qname = m[1] ? `${m[1]}:${m[2]}` : m[2]!;
      const tagEnd = buf.indexOf('>', m.index);
      if (tagEnd < 0) {
        pos = m.index;
        break;
      }
      let end: number;
      if (buf[tagEnd - 1] === '/') end = tagEnd + 1;
      else {
        const close = buf.indexOf(`</${qname}>`, tagEnd);
        if (close < 0) {
          pos = m.index;
          break;
        }
        end = close + qname.length + 3;
      }
      if (end - m.index > opts.maxRecordBytes) throw tooLarge(opts);
      yield { tag: internTag(m[2]!), xml: buf.slice(m.index, end) };
      pos = end;
    }
    buf = buf.slice(pos);
    if (buf.length > opts.maxRecordBytes) throw tooLarge(opts);
    if (done) {
      if (/<(?:\w+:)?(?:definition|\w+_(?:test|object|state|variable))[\s>]/.test(buf))
        throw formatError(opts, 'the file ends inside an element (truncated download?)');
      return;
    }
  }
}

const tagNames = new Map<string, string>();

/**
 * One string per element name: a name cut out of the read buffer is a slice of it, and a
 * digest that keeps it (`kind`) would keep the whole buffer alive.
 */
function internTag(tag: string): string {
  let t = tagNames.get(tag);
  if (t === undefined) {
    t = own(tag);
    if (tagNames.size < 256) tagNames.set(t, t);
  }
  return t;
}

function tooLarge(opts: ReadOvalOptions): RampartError {
  return new RampartError(
    'FEED_TOO_LARGE',
    `feed ${opts.feed}: ${opts.file} has an OVAL element over ${opts.maxRecordBytes} bytes; refusing it (a corrupt or hostile file)`,
  );
}

function first(v: unknown): Node | undefined {
  return Array.isArray(v) ? (v[0] as Node | undefined) : (v as Node | undefined);
}

function all(v: unknown): Node[] {
  return Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node];
}

/** Text content of an element parsed with `isArray: () => true`. */
function text(v: unknown): string | undefined {
  const n = Array.isArray(v) ? v[0] : v;
  if (n === undefined || n === null) return undefined;
  if (typeof n === 'string') return unescapeXml(n);
  if (typeof n === 'object') {
    const t = (n as Node)['#text'];
    if (typeof t === 'string') return unescapeXml(t);
    if (Array.isArray(t) && typeof t[0] === 'string') return unescapeXml(t[0]);
    return '';
  }
  return String(n);
}

function attr(n: Node | undefined, name: string): string | undefined {
  const v = n?.[`@${name}`];
  return typeof v === 'string' ? unescapeXml(v) : undefined;
}

function digest(sink: OvalSink, tag: string, node: Node, opts: ReadOvalOptions): void {
  const id = attr(node, 'id');
  if (!id) throw formatError(opts, `a ${tag} element without an id`);
  if (tag === 'definition') {
    sink.definition(readDefinition(id, node));
  } else if (tag.endsWith('_test')) {
    sink.test(id, {
      kind: tag,
      comment: attr(node, 'comment') ?? '',
      objectRef: attr(first(node.object), 'object_ref'),
      stateRefs: all(node.state)
        .map((s) => attr(s, 'state_ref'))
        .filter((s): s is string => !!s),
    });
  } else if (tag.endsWith('_object')) {
    const name = first(node.name);
    const obj: OvalObject = { kind: tag };
    const varRef = attr(name, 'var_ref');
    if (varRef) obj.nameVarRef = varRef;
    else if (name !== undefined) obj.name = text(node.name);
    const comment = attr(node, 'comment');
    if (comment) obj.comment = comment;
    sink.object(id, obj);
  } else if (tag.endsWith('_state')) {
    const st: OvalState = { kind: tag };
    const evr = first(node.evr);
    if (evr) {
      st.evr = { operation: attr(evr, 'operation') ?? 'equals', value: text(node.evr) ?? '' };
      const dt = attr(evr, 'datatype');
      if (dt) st.evr.datatype = dt;
    }
    if (node.signature_keyid !== undefined) st.signatureKeyId = text(node.signature_keyid);
    if (node.arch !== undefined) st.arch = text(node.arch);
    const comment = attr(node, 'comment');
    if (comment) st.comment = comment;
    sink.state(id, st);
  } else if (tag.endsWith('_variable')) {
    sink.variable(
      id,
      all(node.value)
        .map((v) => text([v]))
        .filter((v): v is string => !!v),
    );
  }
}

function readDefinition(id: string, node: Node): OvalDefinition {
  const meta = first(node.metadata) ?? {};
  const affected = all(meta.affected);
  const advisory = first(meta.advisory);
  const def: OvalDefinition = {
    id,
    class: attr(node, 'class') ?? '',
    title: text(meta.title) ?? '',
    platforms: affected.flatMap((a) => all(a.platform).map((p) => text([p]) ?? '')).filter(Boolean),
    products: affected.flatMap((a) => all(a.product).map((p) => text([p]) ?? '')).filter(Boolean),
    references: all(meta.reference).map((r) => {
      const ref: OvalReference = { source: attr(r, 'source') ?? '', refId: attr(r, 'ref_id') ?? '' };
      const url = attr(r, 'ref_url');
      if (url) ref.refUrl = url;
      return ref;
    }),
    cves: [],
    cpes: [],
  };
  const description = text(meta.description);
  if (description) def.description = description;
  if (advisory) {
    const sev = text(advisory.severity);
    if (sev) def.severity = sev;
    const issued = attr(first(advisory.issued), 'date');
    if (issued) def.issued = issued;
    const updated = attr(first(advisory.updated), 'date');
    if (updated) def.updated = updated;
    def.cves = all(advisory.cve).map((c) => {
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(c))
        if (k.startsWith('@') && typeof v === 'string') attrs[k.slice(1)] = unescapeXml(v);
      return { id: (text([c]) ?? '').trim(), attrs };
    });
    def.cpes = all(advisory.affected_cpe_list)
      .flatMap((l) => all(l.cpe).map((c) => text([c]) ?? ''))
      .filter(Boolean);
  }
  const criteria = first(node.criteria);
  if (criteria) def.criteria = readCriteria(criteria);
  return def;
}

function readCriteria(node: Node): OvalCriteria {
  return {
    operator: (attr(node, 'operator') ?? 'AND').toUpperCase() === 'OR' ? 'OR' : 'AND',
    negate: attr(node, 'negate') === 'true',
    criteria: all(node.criteria).map(readCriteria),
    criterions: all(node.criterion).map((c) => ({
      testRef: attr(c, 'test_ref') ?? '',
      comment: attr(c, 'comment') ?? '',
      negate: attr(c, 'negate') === 'true',
    })),
  };
}

/** The text stream of an OVAL artefact on disk: `.bz2` decompressed (bounded), else as is. */
export function openOvalFile(path: string, feed: string, maxInflatedBytes: number): Readable {
  if (path.endsWith('.bz2')) return readBz2Stream(path, feed, maxInflatedBytes);
  return createReadStream(path);
}
