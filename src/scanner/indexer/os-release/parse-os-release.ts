import type { Distribution } from '../../../model/distribution.js';

/**
 * `KEY=value` lines as os-release(5) and lsb-release write them: `#` comments and blank lines
 * ignored, values optionally in double or single quotes, backslash escapes (`\"`, `\\`, `\$`,
 * `` \` ``) undone inside double quotes. Lines that are not assignments are skipped. An empty
 * value is kept as `''`. CRLF line ends are accepted.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    out[m[1]!] = unquote(m[2]!.trim());
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"'))
    return v.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v;
}

/** Distributions whose VERSION carries the codename when VERSION_CODENAME is missing. */
const CODENAME_IN_VERSION = new Set(['debian', 'ubuntu']);

/**
 * The distribution an os-release file describes, or undefined when it has no ID. `versionId`
 * is VERSION_ID ('' when absent: rolling releases, or a damaged file). Two normalisations:
 * old openSUSE Leap (`ID=opensuse`, NAME "openSUSE Leap") becomes `opensuse-leap`; Debian and
 * Ubuntu files without VERSION_CODENAME get it from UBUNTU_CODENAME or VERSION
 * ("7 (wheezy)", "14.04.6 LTS, Trusty Tahr"). Distroless images are recognised by their
 * PRETTY_NAME or HOME_URL.
 */
export function osReleaseDistribution(
  fields: Record<string, string>,
  location: string,
): Distribution | undefined {
  let id = (fields.ID ?? '').trim().toLowerCase();
  if (id === '') return undefined;
  const name = fields.NAME ?? '';
  if (id === 'opensuse' && /leap/i.test(name)) id = 'opensuse-leap';

  const d: Distribution = {
    id,
    versionId: (fields.VERSION_ID ?? '').trim(),
    prettyName: fields.PRETTY_NAME || [name || id, fields.VERSION_ID ?? ''].join(' ').trim(),
    location,
  };
  const codename =
    fields.VERSION_CODENAME || (CODENAME_IN_VERSION.has(id) ? codenameFrom(fields) : undefined);
  if (codename) d.versionCodename = codename;
  const idLike = (fields.ID_LIKE ?? '').split(/\s+/).filter((s) => s !== '');
  if (idLike.length > 0) d.idLike = idLike.map((s) => s.toLowerCase());
  if (fields.CPE_NAME) d.cpe = fields.CPE_NAME;
  if (fields.PRETTY_NAME === 'Distroless' || /distroless/i.test(fields.HOME_URL ?? '')) d.distroless = true;
  return d;
}

function codenameFrom(fields: Record<string, string>): string | undefined {
  if (fields.UBUNTU_CODENAME) return fields.UBUNTU_CODENAME;
  const version = fields.VERSION ?? '';
  const m = /\(([A-Za-z]+)[^)]*\)|,\s*([A-Za-z]+)/.exec(version);
  const word = m?.[1] ?? m?.[2];
  return word ? word.toLowerCase() : undefined;
}
