/**
 * github/advisory-database records: OSV JSON (`advisories/github-reviewed/YYYY/MM/GHSA-…/GHSA-….json`)
 * with GitHub's `database_specific` (`severity` LOW/MODERATE/HIGH/CRITICAL, `cwe_ids`,
 * `github_reviewed`, per-package `last_known_affected_version_range`). The OSV conversion is
 * the OSV feed's; this adds the GitHub specifics: severity attributed to `ghsa`, unreviewed
 * advisories skipped by default (they rarely name a package), ids checked to be GHSA ids.
 */

import { RampartError, describeError } from '../../../../runtime/errors.js';
import type { FeedRecord } from '../../model.js';
import type { Artefact, ParseContext } from '../contracts.js';
import { readArtefactEntries } from '../read-artefact-entries.js';
import { convertOsvRecord } from '../convert-osv-record.js';

const GHSA_FILE = /(^|\/)GHSA(-[23456789cfghjmpqrvwx]{4}){3}\.json$/;

/** A GHSA record file; `unreviewed/` ones only when asked. */
export function isGhsaRecordName(name: string, withUnreviewed = false): boolean {
  return GHSA_FILE.test(name) && (withUnreviewed || !/(^|\/)unreviewed\//.test(name));
}

/** Convert one decoded GHSA document (already JSON-parsed). */
export function convertGhsaRecord(doc: unknown, where: string): FeedRecord {
  const rec = convertOsvRecord(doc, { feed: 'ghsa', where });
  if (rec.kind !== 'advisory') return rec;
  const adv = rec.advisory;
  if (!/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(adv.id)) {
    throw new RampartError(
      'FEED_FORMAT',
      `feed ghsa: ${where}: id ${JSON.stringify(adv.id)} is not a GHSA id; the file is not a GitHub advisory`,
    );
  }
  adv.severity = adv.severity.map((s) => (s.source === 'vendor' ? { ...s, source: 'ghsa' } : s));
  for (const a of rec.affected) {
    if (a.severity?.source === 'vendor') a.severity = { ...a.severity, source: 'ghsa' };
  }
  return rec;
}

export async function* parseGhsaArtefacts(
  artefacts: readonly Artefact[],
  ctx: ParseContext,
  withUnreviewed = false,
): AsyncGenerator<FeedRecord> {
  const want = (n: string) => isGhsaRecordName(n, withUnreviewed);
  for (const a of artefacts) {
    for await (const entry of readArtefactEntries(a, 'ghsa', ctx, want)) {
      ctx.signal?.throwIfAborted();
      const where = entry.name === a.name ? a.name : `${a.name}!${entry.name}`;
      let doc: unknown;
      try {
        doc = JSON.parse(entry.data.toString('utf8'));
      } catch (err: unknown) {
        throw new RampartError(
          'FEED_FORMAT',
          `feed ghsa: ${where}: malformed JSON (${describeError(err)}); the upstream file is corrupt`,
        );
      }
      yield convertGhsaRecord(doc, where);
    }
  }
}
