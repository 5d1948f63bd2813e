// The OSV range evaluator and the schemes against real OSV records in ../shared/vulndata:
// where a record enumerates its affected `versions` (PyPI, Ubuntu), every listed version must
// fall inside the record's own ranges; in every record, each `fixed` version must be outside
// its range and each `introduced` version inside.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import YAML from 'yaml';
import yauzl from 'yauzl';
import { isRampartError } from '../../../src/runtime/errors.js';
import { schemeForEcosystem } from '../../../src/scanner/versions/ecosystem-scheme.js';
import { isAffected, type OsvRange } from '../../../src/scanner/versions/osv-range.js';

const vulndata = fileURLToPath(new URL('../../../../shared/vulndata', import.meta.url));

interface OsvRecord {
  id: string;
  affected?: { package?: { ecosystem?: string; name?: string }; ranges?: OsvRange[]; versions?: string[] }[];
}

async function tarGzTexts(path: string, suffix: string): Promise<string[]> {
  const out: string[] = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file' && header.name.endsWith(suffix))
          out.push(Buffer.concat(chunks).toString('utf8'));
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(readFileSync(path)));
  await done;
  return out;
}

function zipTexts(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const out: string[] = [];
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('.json')) return zip.readEntry();
        zip.openReadStream(entry, (e, s) => {
          if (e || !s) return reject(e);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.push(Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

function jsonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = `${dir}/${name}`;
    if (statSync(p).isDirectory()) out.push(...jsonFilesUnder(p));
    else if (p.endsWith('.json')) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

interface Tally {
  listed: number;
  listedUnparseable: number;
  fixedChecked: number;
  introducedChecked: number;
  eventUnparseable: number;
  bad: string[];
}

const singleEvent = (r: OsvRange, v: string) =>
  r.events.filter((e) => Object.values(e).includes(v)).length === 1;

function evaluate(records: OsvRecord[]): Tally {
  const t: Tally = {
    listed: 0,
    listedUnparseable: 0,
    fixedChecked: 0,
    introducedChecked: 0,
    eventUnparseable: 0,
    bad: [],
  };
  for (const rec of records) {
    for (const aff of rec.affected ?? []) {
      const scheme = schemeForEcosystem(aff.package?.ecosystem ?? '');
      const ranges = (aff.ranges ?? []).filter((r) => r.type === 'ECOSYSTEM' || r.type === 'SEMVER');
      if (!scheme || ranges.length === 0) continue;
      for (const v of aff.versions ?? []) {
        try {
          if (!isAffected(scheme, v, ranges)) t.bad.push(`${rec.id}: listed ${v} is outside its ranges`);
          t.listed++;
        } catch (e) {
          if (isRampartError(e, 'VERSION_INVALID')) t.listedUnparseable++;
          else if (isRampartError(e, 'VERSION_RANGE_INVALID')) t.eventUnparseable++;
          else throw e;
        }
      }
      for (const r of ranges) {
        for (const ev of r.events) {
          const [kind, v] = Object.entries(ev)[0] as [string, string];
          if ((kind !== 'fixed' && kind !== 'introduced') || v === '0' || !singleEvent(r, v)) continue;
          try {
            const hit = isAffected(scheme, v, [r]);
            if (kind === 'fixed') {
              t.fixedChecked++;
              if (
                hit &&
                !r.events.some(
                  (o) => o.introduced !== undefined && o.introduced !== '0' && o.introduced === v,
                )
              ) {
                t.bad.push(`${rec.id}: fixed ${v} is still affected`);
              }
            } else {
              t.introducedChecked++;
              if (!hit) t.bad.push(`${rec.id}: introduced ${v} is not affected`);
            }
          } catch (e) {
            if (isRampartError(e, 'VERSION_INVALID', 'VERSION_RANGE_INVALID')) t.eventUnparseable++;
            else throw e;
          }
        }
      }
    }
  }
  return t;
}

function report(name: string, n: number, t: Tally): void {
  console.log(
    `      ${name}: ${n} records; ${t.listed} listed versions evaluated (${t.listedUnparseable} not valid for the scheme); ` +
      `${t.fixedChecked} fixed outside, ${t.introducedChecked} introduced inside; ${t.eventUnparseable} unparseable events`,
  );
}

/**
 * Records whose `versions` list (enumerated by OSV from GIT ranges or by hand) contradicts their
 * own ECOSYSTEM events under PEP 440 order — checked by hand against the YAML:
 * PYSEC-2023-61 lists 3.2a1…rc1 and 4.2a1…rc1 though its ranges start at the final 3.2 and 4.2;
 * PYSEC-2023-177 lists 23.9.0 and 23.9.0.post1 though `fixed: 23.9.0`;
 * PYSEC-2021-114 lists 2.11.6 though `introduced: 0, fixed: 2.11.6` and `introduced: 2.11,
 * fixed: 2.11.7` overlap so that 2.11.6 is closed by the sorted events.
 */
const PYPI_LIST_QUIRKS = new Set(['PYSEC-2023-61', 'PYSEC-2023-177', 'PYSEC-2021-114']);

describe('versions: OSV ranges of real feed records', function () {
  before(function () {
    if (!existsSync(vulndata)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
  });

  it('PyPI (pypa/advisory-database, YAML): listed versions, fixed and introduced events', async function () {
    const texts = await tarGzTexts(`${vulndata}/osv-pypi/advisory-database-vulns.tar.gz`, '.yaml');
    const records = texts.map((s) => YAML.parse(s, { schema: 'failsafe' }) as OsvRecord);
    const t = evaluate(records);
    report('PyPI', records.length, t);
    const quirks = t.bad.filter((b) => PYPI_LIST_QUIRKS.has(b.slice(0, b.indexOf(':'))));
    assert.deepEqual(
      t.bad.filter((b) => !quirks.includes(b)),
      [],
    );
    assert.equal(quirks.length, 9, quirks.join('\n'));
    console.log(
      `      PyPI: ${quirks.length} listed versions contradict their own ECOSYSTEM range (feed quirks)`,
    );
    // With the record's `versions` passed, as the matcher does, those versions are affected.
    for (const rec of records.filter((r) => PYPI_LIST_QUIRKS.has(r.id))) {
      for (const aff of rec.affected ?? []) {
        for (const v of aff.versions ?? [])
          assert.equal(isAffected('pep440', v, aff.ranges ?? [], aff.versions), true);
      }
    }
    assert.ok(t.listed > 10000 && t.fixedChecked > 1000);
  });

  it('Ubuntu OSV (dpkg): listed versions inside their ranges', function () {
    const records = jsonFilesUnder(`${vulndata}/ubuntu-osv/osv`).map((s) => JSON.parse(s) as OsvRecord);
    const t = evaluate(records);
    report('Ubuntu', records.length, t);
    assert.deepEqual(t.bad, []);
    assert.ok(t.listed > 0);
  });

  for (const [dir, name] of [
    ['osv-go', 'Go'],
    ['osv-crates', 'crates.io'],
  ] as const) {
    it(`${name} (SEMVER ranges): fixed outside, introduced inside`, async function () {
      const records = (await zipTexts(`${vulndata}/${dir}/all.zip`)).map((s) => JSON.parse(s) as OsvRecord);
      const t = evaluate(records);
      report(name, records.length, t);
      assert.deepEqual(t.bad, []);
      assert.equal(t.eventUnparseable, 0);
      assert.ok(t.fixedChecked > 500);
    });
  }
});
