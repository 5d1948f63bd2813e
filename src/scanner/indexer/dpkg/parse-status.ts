import type { PackageRecord } from '../../../model/package.js';
import type { Warning } from '../../../model/warning.js';
import { debPurl } from './deb-purl.js';
import { parseStanzas, type Stanza } from './parse-stanzas.js';

/**
 * dpkg's package states (third word of `Status:`) in which the package's files are on disk.
 * `not-installed` and `config-files` (removed, only conffiles left) are not reported.
 * `half-installed` is kept: an interrupted install or upgrade leaves some of the package's
 * files in place, and a scanner should rather report a package that is half there than miss it.
 */
const FILES_PRESENT_STATES = new Set([
  'installed',
  'half-installed',
  'unpacked',
  'half-configured',
  'triggers-awaited',
  'triggers-pending',
]);

/** `[epoch:]upstream[-revision]` with the characters dpkg accepts. */
const DPKG_VERSION = /^(?:(\d+):)?([A-Za-z0-9][A-Za-z0-9.+~:-]*)$/;

/** `name` or `name (version)` as written in the `Source:` field. */
const SOURCE_FIELD = /^(\S+)(?:\s+\((\S+)\))?\s*$/;

export interface ParsedStatus {
  packages: PackageRecord[];
  warnings: Warning[];
}

/**
 * Parse a dpkg status file (`var/lib/dpkg/status`) or one file of a distroless
 * `var/lib/dpkg/status.d/`. Only packages whose files are on disk are returned; stanzas
 * without a name are skipped silently, stanzas with a missing or invalid version produce a
 * warning. A vcpkg status file (same syntax, different tool) is refused as a whole.
 */
export function parseStatus(text: string, location: string): ParsedStatus {
  const warnings: Warning[] = [];
  const packages: PackageRecord[] = [];
  const stanzas = parseStanzas(text);

  if (stanzas.some(isVcpkgStanza)) {
    warnings.push({
      code: 'DPKG_NOT_DPKG_DB',
      message: 'file has vcpkg fields (Abi, Type: Port): not a dpkg database, skipped',
      subject: location,
      source: 'dpkg',
    });
    return { packages, warnings };
  }

  let malformed = 0;
  for (const stanza of stanzas) {
    malformed += stanza.malformedLines;
    const record = stanzaToRecord(stanza, location, warnings);
    if (record) packages.push(record);
  }
  if (malformed > 0) {
    warnings.push({
      code: 'DPKG_MALFORMED_LINES',
      message: `${malformed} line(s) were neither a field nor a continuation and were ignored`,
      subject: location,
      source: 'dpkg',
    });
  }
  return { packages, warnings };
}

function isVcpkgStanza(stanza: Stanza): boolean {
  return stanza.fields.has('abi') || stanza.fields.get('type')?.toLowerCase() === 'port';
}

function stanzaToRecord(stanza: Stanza, location: string, warnings: Warning[]): PackageRecord | undefined {
  const f = stanza.fields;
  const name = f.get('package') ?? '';
  if (name === '') return undefined;

  const status = f.get('status');
  if (status !== undefined) {
    const state = status.split(/\s+/)[2];
    if (state === undefined || !FILES_PRESENT_STATES.has(state)) return undefined;
  }

  const version = f.get('version') ?? '';
  const vm = DPKG_VERSION.exec(version);
  if (!vm) {
    warnings.push({
      code: 'DPKG_BAD_VERSION',
      message:
        version === ''
          ? `package ${name} (line ${stanza.line}) has no Version field and was skipped`
          : `package ${name} (line ${stanza.line}) has an invalid version "${version}" and was skipped`,
      subject: location,
      source: 'dpkg',
    });
    return undefined;
  }

  const arch = nonEmpty(f.get('architecture'));
  const record: PackageRecord = {
    name,
    version,
    type: 'deb',
    kind: 'os',
    finder: 'dpkg',
    location,
    purl: '',
    evidence: 'installed',
  };
  if (arch) record.arch = arch;
  if (vm[1] !== undefined) record.epoch = Number(vm[1]);

  const sourceField = nonEmpty(f.get('source'));
  if (sourceField) {
    const sm = SOURCE_FIELD.exec(sourceField);
    if (sm) {
      record.source = sm[2] ? { name: sm[1]!, version: sm[2] } : { name: sm[1]! };
    } else {
      warnings.push({
        code: 'DPKG_BAD_SOURCE',
        message: `package ${name} has an unreadable Source field "${sourceField}"; source left empty`,
        subject: location,
        source: 'dpkg',
      });
    }
  }
  record.purl = debPurl(record);
  return record;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}
