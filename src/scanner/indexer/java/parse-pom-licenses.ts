/** An embedded pom.xml → the `<licenses><license><name>` values it declares. */
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'license',
});

export function parsePomLicenses(text: string): string[] {
  // Entity declarations are never needed for licence names; dropping the DOCTYPE removes
  // any chance of entity expansion.
  const body = text.replace(/<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/gi, '');
  let doc: { project?: { licenses?: { license?: { name?: unknown }[] } } };
  try {
    doc = parser.parse(body) as typeof doc;
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const lic of doc?.project?.licenses?.license ?? []) {
    const name =
      typeof lic?.name === 'string' || typeof lic?.name === 'number' ? String(lic.name).trim() : '';
    if (name) out.push(name);
  }
  return out;
}
