import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runCli } from '../../helpers/run-cli.js';
import { sarif210Validator } from '../../helpers/schema-validators.js';

const DIR = fileURLToPath(new URL('../../fixtures/workloads/', import.meta.url));
const DEFAULTS = fileURLToPath(new URL('../../../src/policy/defaults/policies/', import.meta.url));

interface WantWorkload {
  ref: string;
  line: number;
  violations: string[];
}
const want = JSON.parse(readFileSync(join(DIR, 'want.json'), 'utf8')) as Record<
  string,
  { ignored: string[]; workloads: WantWorkload[] }
>;
const verdicts = JSON.parse(readFileSync(join(DIR, 'verdicts.json'), 'utf8')) as {
  enforced: string[];
  breaks: Record<string, Record<string, { policies: string[] }>>;
};
const files = Object.keys(want).sort();

/** Deployments with violations, in roxctl's order (type, then name). */
function expectedEntities(file: string): WantWorkload[] {
  const byKey = (w: WantWorkload) => {
    const [type, , name] = w.ref.split('/');
    return [type!, name!] as const;
  };
  return want[file]!.workloads.filter((w) => w.violations.length > 0).sort((a, b) => {
    const [ta, na] = byKey(a);
    const [tb, nb] = byKey(b);
    return ta < tb ? -1 : ta > tb ? 1 : na < nb ? -1 : na > nb ? 1 : 0;
  });
}

interface JsonResult {
  results: Array<{
    metadata: { additionalInfo: Record<string, string> };
    violatedPolicies: Array<{ name: string; failingCheck: boolean }>;
  }>;
  summary: { TOTAL: number };
}

describe('rampart deployment check (CLI)', function () {
  this.timeout(120_000);
  let enforcedDir: string;

  before(() => {
    // The default set with three policies switched to SCALE_TO_ZERO_ENFORCEMENT.
    enforcedDir = mkdtempSync(join(tmpdir(), 'rampart-check-'));
    for (const f of readdirSync(DEFAULTS).filter((n) => n.endsWith('.json'))) {
      const p = JSON.parse(readFileSync(join(DEFAULTS, f), 'utf8'));
      if (verdicts.enforced.includes(p.name)) p.enforcementActions = ['SCALE_TO_ZERO_ENFORCEMENT'];
      writeFileSync(join(enforcedDir, f), JSON.stringify(p));
    }
  });
  after(() => rmSync(enforcedDir, { recursive: true, force: true }));

  for (const file of files) {
    it(`${file}: -o json gives every default policy's verdict per workload, with its line`, async () => {
      const r = await runCli(['deployment', 'check', '-f', join(DIR, file), '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout) as JsonResult;
      const expected = expectedEntities(file);
      assert.deepEqual(
        json.results.map(
          (x) =>
            `${x.metadata.additionalInfo.type}/${x.metadata.additionalInfo.namespace}/${x.metadata.additionalInfo.name}`,
        ),
        expected.map((w) => w.ref),
      );
      json.results.forEach((x, i) => {
        assert.deepEqual(
          x.violatedPolicies.map((p) => p.name).sort(),
          expected[i]!.violations,
          expected[i]!.ref,
        );
        assert.equal(x.metadata.additionalInfo.line, String(expected[i]!.line));
        assert.ok(x.violatedPolicies.every((p) => !p.failingCheck));
      });
      assert.equal(
        json.summary.TOTAL,
        expected.reduce((n, w) => n + w.violations.length, 0),
      );
      for (const ref of want[file]!.ignored)
        assert.ok(
          r.stderr.includes(`INFO:\tIgnored object "${ref}" as its schema was not registered.\n`),
          ref,
        );
    });

    it(`${file}: table output lists the same deployments and totals; enforced policies break the deploy`, async () => {
      const r = await runCli(['deployment', 'check', '-f', join(DIR, file), '--policies-dir', enforcedDir]);
      const expected = expectedEntities(file);
      const lines = r.stdout.split('\n');
      assert.equal(
        lines[0],
        `Policy check results for deployments: [${expected.map((w) => w.ref.split('/')[2]).join(' ')}]`,
      );
      const total = expected.reduce((n, w) => n + w.violations.length, 0);
      assert.match(
        lines[1]!,
        new RegExp(`^\\(TOTAL: ${total}, LOW: \\d+, MEDIUM: \\d+, HIGH: \\d+, CRITICAL: \\d+\\)$`),
      );
      for (const w of expected) assert.ok(r.stdout.includes(` ${w.ref.split('/')[2]} `), w.ref);
      const breaks = verdicts.breaks[file]!;
      const breaking = Object.entries(breaks).flatMap(([ref, v]) => v.policies.map((p) => ({ ref, p })));
      const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('ERROR:\tPolicy "'));
      assert.deepEqual(
        errorLines
          .map((l) =>
            /^ERROR:\tPolicy "(.+)" within Deployment "(.+)" - Possible remediation: ".*"$/
              .exec(l)!
              .slice(1, 3)
              .join('@'),
          )
          .sort(),
        breaking.map((b) => `${b.p}@${b.ref.split('/')[2]}`).sort(),
      );
      // A table row per violated policy, `X` exactly on the breaking ones.
      assert.equal(
        (r.stdout.match(/^\|[^|]+\|\s+(?:LOW|MEDIUM|HIGH|CRITICAL)\s+\|\s+X\s+\|/gm) ?? []).length,
        breaking.length,
      );
      if (breaking.length === 0) {
        assert.equal(r.code, 0, r.stderr);
      } else {
        assert.equal(r.code, 1);
        assert.ok(
          r.stderr.endsWith(
            `ERROR:\tbreaking policies found: failed policies found: ${breaking.length} policies violated that are failing the check\n`,
          ),
          r.stderr,
        );
      }
    });
  }

  it('reads stdin ("-"): SARIF names stdin with the document index and real line; exit 1 in every format', async () => {
    const text = readFileSync(join(DIR, 'risky.yaml'), 'utf8');
    const r = await runCli(['deployment', 'check', '-f', '-', '--policies-dir', enforcedDir, '-o', 'sarif'], {
      input: text,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ERROR:\tbreaking policies found: failed policies found: 4 policies/);
    assert.doesNotMatch(r.stderr, /WARN:\tA total/);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif210Validator()(sarif), undefined);
    const lines = text.split('\n');
    const results = sarif.runs[0].results as Array<{
      ruleId: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
      }>;
      properties: { documentIndex: number; breaks: boolean };
    }>;
    assert.ok(results.length > 10);
    for (const res of results) {
      const loc = res.locations[0]!.physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'stdin');
      assert.match(lines[loc.region.startLine - 1]!, /^apiVersion: /);
      const name = /in deployment "([^"]+)"/.exec(res.message.text)![1]!;
      assert.match(
        lines.slice(loc.region.startLine - 1, loc.region.startLine + 4).join('\n'),
        new RegExp(`name: ${name}`),
      );
      assert.equal(typeof res.properties.documentIndex, 'number');
    }
    assert.equal(results.filter((x) => x.properties.breaks).length, 4);
    for (const fmt of ['csv', 'junit', 'json']) {
      const f = await runCli(
        ['deployment', 'check', '-f', '-', '--policies-dir', enforcedDir, '-o', fmt, '--exit-code', '3'],
        { input: text },
      );
      assert.equal(f.code, 3, `${fmt}: ${f.stderr}`);
    }
  });

  it('concatenates several --file inputs and filters by --categories', async () => {
    const r = await runCli([
      'deployment',
      'check',
      '-f',
      join(DIR, 'risky.yaml'),
      '-f',
      join(DIR, 'jobs.yaml'),
      '-o',
      'json',
      '-c',
      'supply chain security',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as JsonResult;
    // Of that category only the latest-tag policy concerns manifests (the others need image data).
    assert.deepEqual(
      json.results.map((x) => [x.metadata.additionalInfo.name, x.violatedPolicies.map((p) => p.name)]),
      [
        ['env-secrets', ['Image uses the latest tag']],
        ['ssh-bastion', ['Image uses the latest tag']],
      ],
    );
    const bad = await runCli([
      'deployment',
      'check',
      '-f',
      join(DIR, 'risky.yaml'),
      '-c',
      'No Such Category',
    ]);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /^ERROR:\tallowed categories \["no such category"\] did not match any policy categories/m,
    );
  });

  it('errors exit 1 with one ERROR line: unreadable file, invalid policy', async () => {
    const r = await runCli(['deployment', 'check', '-f', join(DIR, 'nope.yaml')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ERROR:\tcould not read deployment file ".*nope\.yaml"/m);
    const policyFile = join(enforcedDir, '..', `bad-policy-${process.pid}.json`);
    writeFileSync(policyFile, '{"name": 3}');
    try {
      const p = await runCli(['deployment', 'check', '-f', join(DIR, 'risky.yaml'), '--policy', policyFile]);
      assert.equal(p.code, 1);
      assert.match(p.stderr, /^ERROR:\t/m);
    } finally {
      rmSync(policyFile, { force: true });
    }
  });

  it('--verbose prints permission levels and applied network policies; unscanned images are announced', async () => {
    const r = await runCli(['deployment', 'check', '-f', join(DIR, 'helm-shop.yaml'), '-v', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    // Beside JSON the remarks go to stderr, in roxctl's words.
    assert.match(r.stderr, /^INFO:\tAdditional remarks:$/m);
    assert.match(
      r.stderr,
      /^INFO:\tDeployment: shop-api, Permission Level: DEFAULT, Applied Network Policies: shop-default-deny, shop-api-from-frontend$/m,
    );
    assert.match(r.stderr, /^INFO:\t\d+ images were not scanned: .* pass --scan-images/m);
    const n = Number(/^INFO:\t(\d+) images were not scanned/m.exec(r.stderr)![1]);
    assert.ok(n > 0);
    // The table summary says it too, under the totals line; the JSON above kept roxctl's shape.
    const table = await runCli(['deployment', 'check', '-f', join(DIR, 'helm-shop.yaml')]);
    assert.equal(
      table.stdout.split('\n')[2],
      `(UNSCANNED IMAGES: ${n} of ${n}; image criteria were not evaluated for them, pass --scan-images to scan them)`,
    );
    assert.equal(JSON.parse(r.stdout).unscannedImages, undefined);
    // In table mode, as roxctl: the remarks follow the table on stdout when nothing breaks.
    const verbose = await runCli(['deployment', 'check', '-f', join(DIR, 'helm-shop.yaml'), '-v']);
    assert.equal(verbose.code, 0, verbose.stderr);
    const after = verbose.stdout.slice(verbose.stdout.lastIndexOf('+\n') + 2).split('\n');
    assert.equal(after[0], 'Additional remarks:');
    assert.ok(
      after.includes(
        'Deployment: shop-api, Permission Level: DEFAULT, Applied Network Policies: shop-default-deny, shop-api-from-frontend',
      ),
      after.join('\n'),
    );
    assert.doesNotMatch(verbose.stderr, /Additional remarks/);
  });

  it('--verbose with a breaking policy: roxctl prints no remarks on stdout, so they go to stderr', async () => {
    const r = await runCli([
      'deployment',
      'check',
      '-f',
      join(DIR, 'risky.yaml'),
      '--policies-dir',
      enforcedDir,
      '-v',
    ]);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /Additional remarks/);
    assert.match(r.stderr, /^INFO:\tAdditional remarks:$/m);
    assert.match(
      r.stderr,
      /^INFO:\tDeployment: [\w.-]+, Permission Level: [A-Z_]+, Applied Network Policies: /m,
    );
  });
});
