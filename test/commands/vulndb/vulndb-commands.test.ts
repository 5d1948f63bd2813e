import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runCli } from '../../helpers/run-cli.js';
import { osvDoc, osvZip, tempDir } from '../../helpers/osv-feed-builder.js';

describe('vulndb commands (built CLI)', function () {
  this.timeout(120_000);
  const dir = tempDir();
  const mirror = join(dir, 'mirror');
  const db = join(dir, 'db', 'rampart.db');
  before(() => {
    mkdirSync(join(mirror, 'osv-go'), { recursive: true });
    writeFileSync(
      join(mirror, 'osv-go', 'all.zip'),
      osvZip([
        osvDoc({ id: 'GO-1', ecosystem: 'Go', name: 'a' }),
        osvDoc({ id: 'GO-2', ecosystem: 'Go', name: 'b' }),
      ]),
    );
    writeFileSync(join(mirror, 'README.txt'), 'not a feed');
  });

  it('imports a mirror, reports status, exports and re-imports a signed bundle', async () => {
    const imp = await runCli(['vulndb', 'import', mirror, '--db', db]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /^osv\tupdated\tadvisories 2\taffected 2\tenrichment 0$/m);
    assert.match(imp.stderr, /osv: importing/);
    const st = await runCli(['vulndb', 'status', '-o', 'json'], { env: { RAMPART_DB: db } });
    assert.equal(st.code, 0, st.stderr);
    const status = JSON.parse(st.stdout) as {
      schemaVersion: number;
      feeds: { name: string; advisories: number }[];
    };
    assert.deepEqual(
      status.feeds.map((f) => [f.name, f.advisories]),
      [['osv', 2]],
    );
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'k.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'k.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const bundle = join(dir, 'b.tar.gz');
    const exp = await runCli([
      'vulndb',
      'export',
      '--db',
      db,
      '--bundle',
      bundle,
      '--signing-key',
      join(dir, 'k.pem'),
    ]);
    assert.equal(exp.code, 0, exp.stderr);
    assert.match(exp.stdout, /signed/);
    const other = join(dir, 'other.db');
    const back = await runCli([
      'vulndb',
      'import',
      bundle,
      '--db',
      other,
      '--public-key',
      join(dir, 'k.pub.pem'),
    ]);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /signature verified/);
  });

  it('export takes --output / -o, and --bundle as an alias of --output', async () => {
    const imp = await runCli(['vulndb', 'import', mirror, '--db', db]);
    assert.equal(imp.code, 0, imp.stderr);
    for (const [flag, name] of [
      ['--output', 'long.tar.gz'],
      ['-o', 'short.tar.gz'],
      ['--bundle', 'alias.tar.gz'],
    ] as const) {
      const out = join(dir, name);
      const exp = await runCli(['vulndb', 'export', '--db', db, flag, out]);
      assert.equal(exp.code, 0, exp.stderr);
      assert.ok(exp.stdout.startsWith(`${out}\tschema `), exp.stdout);
      assert.match(exp.stdout, /\tfeeds osv\tsha256 [0-9a-f]{64}\n$/);
      const back = await runCli(['vulndb', 'import', out, '--db', join(dir, `${name}.db`)]);
      assert.equal(back.code, 0, back.stderr);
    }
    const none = await runCli(['vulndb', 'export', '--db', db]);
    assert.equal(none.code, 1);
    assert.equal(none.stderr, 'ERROR:\tMissing required flag output (see --help)\n');
  });

  it('fails with one clear line and exit code 1', async () => {
    const missing = await runCli(['vulndb', 'status', '--db', join(dir, 'none.db')]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    assert.match(missing.stderr, /^ERROR:\tno vulnerability database at .*vulndb update/);
    const unknown = await runCli(['vulndb', 'import', mirror, '--db', db, '--feeds', 'nope']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown feed "nope"; known feeds: .*\bosv\b/);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'all.zip'), 'PK\u0003\u0004 not really a zip');
    const broken = await runCli(['vulndb', 'import', bad, '--db', db]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /ERROR:\tfeed osv: .*all\.zip is not a readable zip/);
    const still = await runCli(['vulndb', 'status', '--db', db, '-o', 'json']);
    assert.equal(
      (JSON.parse(still.stdout) as { feeds: { advisories: number }[] }).feeds[0]!.advisories,
      2,
      'the failed import left the DB as it was',
    );
  });
});
