/**
 * deb822 control-file stanzas: groups of `Field: value` lines separated by blank lines, with
 * continuation lines starting with a space or tab. Field names are case-insensitive, so they
 * are stored lower-cased. CRLF line ends are accepted. Lines that are neither a field nor a
 * continuation are counted, not thrown on, so a damaged file still yields its good stanzas.
 */
export interface Stanza {
  /** Lower-cased field name → value (continuation lines joined with `\n`). */
  fields: Map<string, string>;
  /** 1-based line number where the stanza starts. */
  line: number;
  /** Lines in this stanza that were neither a field nor a continuation. */
  malformedLines: number;
}

const FIELD_LINE = /^([!-9;-~][!-9;-~]*):(.*)$/;

export function parseStanzas(text: string): Stanza[] {
  const lines = text.split(/\r?\n/);
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') {
      if (current) stanzas.push(current);
      current = undefined;
      lastField = undefined;
      continue;
    }
    if (!current) current = { fields: new Map(), line: i + 1, malformedLines: 0 };
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      if (lastField === undefined) {
        current.malformedLines++;
      } else {
        const prev = current.fields.get(lastField) ?? '';
        current.fields.set(lastField, prev === '' ? raw.trim() : `${prev}\n${raw.trim()}`);
      }
      continue;
    }
    const m = FIELD_LINE.exec(raw);
    if (!m) {
      current.malformedLines++;
      lastField = undefined;
      continue;
    }
    lastField = m[1]!.toLowerCase();
    current.fields.set(lastField, m[2]!.trim());
  }
  if (current) stanzas.push(current);
  return stanzas;
}
