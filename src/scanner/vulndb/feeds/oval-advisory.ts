/**
 * An OVAL definition's advisory fields, as every OVAL feed (Debian, Red Hat, Rocky, Ubuntu USN)
 * stores them: references (CVE links as WEB, the rest as ADVISORY), the vendor's severity, the
 * OVAL id kept in `extra` and the dates the definition states.
 */
import type { Advisory, Reference } from '../model.js';
import type { OvalDefinition } from './read-oval-document.js';

export function ovalReferences(def: OvalDefinition): Reference[] {
  const out: Reference[] = [];
  for (const r of def.references)
    if (r.refUrl) out.push({ type: r.source === 'CVE' ? 'WEB' : 'ADVISORY', url: r.refUrl });
  return out;
}

/** The advisory of one definition under `id`, with its title as summary. */
export function ovalAdvisory(def: OvalDefinition, id: string, feed: string, aliases: string[]): Advisory {
  const advisory: Advisory = {
    id,
    feed,
    aliases,
    related: [],
    summary: def.title,
    references: ovalReferences(def),
    severity: def.severity ? [{ source: 'vendor', name: def.severity, cvss: [] }] : [],
    cwes: [],
    extra: { ovalId: def.id },
  };
  if (def.description) advisory.details = def.description;
  if (def.issued) advisory.published = def.issued;
  if (def.updated) advisory.modified = def.updated;
  return advisory;
}
