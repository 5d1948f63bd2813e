/**
 * Typed reads of parsed manifest data. Manifests are untrusted: any field may hold any type,
 * so every read states what it expects and gets a neutral value otherwise.
 */
export type PlainRecord = Record<string, unknown>;

export function asRecord(v: unknown): PlainRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as PlainRecord) : {};
}

export function asRecordOrUndefined(v: unknown): PlainRecord | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as PlainRecord) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

export function asBoolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

/** A string map (labels, annotations, selectors); non-string values are turned into text. */
export function asStringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asRecord(v))) out[k] = asText(val);
  return out;
}
