import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

import { XMLParser, XMLValidator } from 'fast-xml-parser';

import {
  printCheckResult,
  renderCheckTable,
  type CheckOutputFlagValues,
} from '../../../src/cli/check-output.js';
import type { CheckLocation } from '../../../src/cli/policy-check-rows.js';
import { buildPolicyCheckResult, type PolicyCheckEntity } from '../../../src/cli/render-policy-results.js';
import type { LifecycleStage, Policy, PolicyViolation } from '../../../src/policy/index.js';
import { junitXmlErrors, sarif210Validator } from '../../helpers/schema-validators.js';

const GOLDEN = new URL('../check-golden/', import.meta.url);

/** A policy like those in roxctl's check testdata ("policy N for testing"). */
function policy(
  n: number,
  severity: Policy['severity'],
  opts: { breaks?: string; noDescription?: boolean } = {},
): Policy {
  return {
    id: `p${n}`,
    name: `policy ${n}`,
    ...(opts.noDescription ? {} : { description: `policy ${n} for testing` }),
    remediation: `policy ${n} for testing`,
    severity,
    categories: ['Testing'],
    lifecycleStages: ['DEPLOY', 'BUILD'],
    enforcementActions: opts.breaks ? [opts.breaks as never] : [],
    policySections: [],
  } as unknown as Policy;
}

const MULTI = [1, 2, 3].map((i) => `testing multiple alert violation messages ${i}`);

function violation(p: Policy, messages: string[]): PolicyViolation {
  return { policy: p, messages: messages.map((message) => ({ message })) } as unknown as PolicyViolation;
}

type Scenario = 'with-failure' | 'without-failure' | 'with-network-policies';

/**
 * The alerts of roxctl's check testdata for one deployment "wordpress": WithFailure (policy 4
 * breaks), WithoutFailure (policy 1, CRITICAL, enforces only at build time, so nothing breaks
 * the deploy) and WithNetworkPolicies (policy 8 alone).
 */
function entities(breakAction: string, scenario: Scenario = 'with-failure'): PolicyCheckEntity[] {
  const p = {
    1: policy(1, 'CRITICAL_SEVERITY', { breaks: 'FAIL_BUILD_ENFORCEMENT' }),
    2: policy(2, 'MEDIUM_SEVERITY'),
    4: policy(4, 'HIGH_SEVERITY', { breaks: breakAction }),
    5: policy(5, 'MEDIUM_SEVERITY'),
    6: policy(6, 'MEDIUM_SEVERITY'),
    7: policy(7, 'LOW_SEVERITY'),
    8: policy(8, 'HIGH_SEVERITY', { noDescription: true }),
  };
  const violations =
    scenario === 'with-network-policies'
      ? [violation(p[8], MULTI)]
      : [
          violation(p[7], ['testing alert violation message']),
          violation(p[5], ['testing alert violation message']),
          violation(p[5], MULTI),
          violation(p[6], ['testing alert violation message']),
          violation(p[2], MULTI),
          violation(scenario === 'with-failure' ? p[4] : p[1], MULTI),
          violation(p[8], MULTI),
        ];
  return [{ id: 'd-1', name: 'wordpress', namespace: 'default', type: 'Deployment', violations }];
}

const flags = (over: Partial<CheckOutputFlagValues>): CheckOutputFlagValues => ({
  output: 'table',
  'merge-output': false,
  'exit-code': 1,
  ...over,
});

function render(
  stage: LifecycleStage,
  over: Partial<CheckOutputFlagValues>,
  locations?: Map<string, CheckLocation>,
  scenario: Scenario = 'with-failure',
  unscannedImages?: { unscanned: number; total: number },
) {
  const ents = entities(stage === 'BUILD' ? 'FAIL_BUILD_ENFORCEMENT' : 'SCALE_TO_ZERO_ENFORCEMENT', scenario);
  const input =
    stage === 'BUILD'
      ? [
          {
            id: 'docker.io/library/nginx:1.25',
            name: 'docker.io/library/nginx:1.25',
            type: 'image',
            violations: ents[0]!.violations,
          },
        ]
      : ents;
  const result = buildPolicyCheckResult(input, stage);
  let stdout = '';
  const stderr: string[] = [];
  const code = printCheckResult(result, flags(over), {
    stage,
    toolVersion: '0.0.0-test',
    defaultUri: stage === 'BUILD' ? 'docker.io/library/nginx:1.25' : 'deploy.yaml',
    ...(locations ? { locations } : {}),
    ...(unscannedImages ? { unscannedImages } : {}),
    out: (t) => (stdout += t.endsWith('\n') ? t : t + '\n'),
    err: (l) => stderr.push(l),
  });
  return { code, stdout, stderr };
}

function golden(name: string, got: string): void {
  const url = new URL(name, GOLDEN);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(url, got);
  assert.equal(got, readFileSync(url, 'utf8'), `golden ${name} (UPDATE_GOLDEN=1 rewrites it)`);
}

describe('check output renderers (roxctl testdata shapes)', () => {
  for (const stage of ['DEPLOY', 'BUILD'] as const) {
    const base = stage === 'DEPLOY' ? 'deployment-with-failure' : 'image-with-failure';
    for (const output of ['table', 'csv', 'json', 'junit', 'sarif']) {
      it(`${stage}: -o ${output} matches ${base}.${output} and exits 1`, () => {
        const { code, stdout, stderr } = render(stage, { output });
        golden(`${base}.${output}`, stdout);
        assert.equal(code, 1);
        const last = stderr.at(-1)!;
        assert.equal(
          last,
          `ERROR:\t${stage === 'DEPLOY' ? 'breaking policies found: ' : ''}failed policies found: 1 policies violated that are failing the check`,
        );
        // Human lines only in table mode; the error line in every format.
        assert.equal(
          stderr.some((l) => l.startsWith('WARN:')),
          output === 'table',
        );
      });
    }
  }

  for (const scenario of ['without-failure', 'with-network-policies'] as const) {
    for (const output of ['table', 'csv', 'json', 'junit', 'sarif']) {
      it(`DEPLOY ${scenario}: -o ${output} matches deployment-${scenario}.${output} and exits 0`, () => {
        const { code, stdout, stderr } = render('DEPLOY', { output }, undefined, scenario);
        golden(`deployment-${scenario}.${output}`, stdout);
        assert.equal(code, 0);
        assert.ok(!stderr.some((l) => l.startsWith('ERROR:')), stderr.join('\n'));
        const total = scenario === 'without-failure' ? 6 : 1;
        assert.deepEqual(
          stderr,
          output === 'table' ? [`WARN:\tA total of ${total} policies have been violated`] : [],
        );
      });
    }
  }

  it('table columns are as wide as their content; lines over 30 columns wrap at words', () => {
    const lines = render('DEPLOY', {}).stdout.split('\n');
    const border = lines[3]!;
    // POLICY "policy 4" (8), SEVERITY (8), BREAKS DEPLOY (13), DEPLOYMENT (10), the 20-column
    // description, the violation wrapped to 30, the 20-column remediation; one space each side.
    assert.deepEqual(
      border
        .split('+')
        .slice(1, -1)
        .map((d) => d.length - 2),
      [8, 8, 13, 10, 20, 30, 20],
    );
    assert.equal(
      lines[4],
      '|  POLICY  | SEVERITY | BREAKS DEPLOY | DEPLOYMENT |     DESCRIPTION      |           VIOLATION            |     REMEDIATION      |',
    );
    // "- testing multiple alert violation messages 1" (45) splits where the first line's slack is least.
    assert.ok(lines[6]!.includes('|    - testing multiple alert    |'), lines[6]);
    assert.ok(lines[7]!.includes('|      violation messages 1      |'), lines[7]);
    // A longer description widens its column; a single word longer than 30 keeps its width.
    const wide = buildPolicyCheckResult(
      [
        {
          ...entities('SCALE_TO_ZERO_ENFORCEMENT')[0]!,
          violations: [
            violation({ ...policy(9, 'LOW_SEVERITY'), description: 'x'.repeat(34) } as Policy, ['short']),
          ],
        },
      ],
      'DEPLOY',
    );
    const table = renderCheckTable(wide, 'DEPLOY', { 'merge-output': false });
    assert.match(table, new RegExp(`\\| ${'x'.repeat(34)} \\|`));
  });

  it('--merge-output merges identical cells of adjacent rows and opens the separator above them', () => {
    const plain = render('DEPLOY', {}).stdout.split('\n');
    const merged = render('DEPLOY', { 'merge-output': true }).stdout.split('\n');
    assert.equal(merged.length, plain.length);
    // policy 8 follows policy 4: same severity, deployment and (non-empty) violations; other cells differ.
    const sep = merged.findIndex((l, i) => i > 6 && l.startsWith('+') && merged[i + 1]!.includes('policy 8'));
    assert.ok(sep > 0);
    const widths = [8, 8, 13, 10, 20, 30, 20];
    const open = (c: number) => ' '.repeat(widths[c]! + 2);
    const dash = (c: number) => '-'.repeat(widths[c]! + 2);
    assert.equal(
      merged[sep],
      '+' + [dash(0), open(1), dash(2), open(3), dash(4), open(5), dash(6)].join('+') + '+',
    );
    assert.equal(
      merged[sep + 1],
      '| policy 8 |          |       -       |            |          -           |                                | policy 8 for testing |',
    );
    // Without the flag every separator is closed and every cell printed.
    assert.ok(plain.filter((l) => l.startsWith('+')).every((l) => !l.includes(' ')));
    assert.equal((plain.join('\n').match(/ wordpress +\|/g) ?? []).length, 6);
    assert.equal((merged.join('\n').match(/ wordpress +\|/g) ?? []).length, 1);
    // Severity merges only across equal neighbours: HIGH, MEDIUM, LOW each printed once.
    for (const sev of ['HIGH', 'MEDIUM', 'LOW'])
      assert.equal((merged.join('\n').match(new RegExp(`\\|\\s+${sev}\\s+\\|`, 'g')) ?? []).length, 1, sev);
  });

  it('the table summary says how many images were not scanned; JSON keeps roxctl\u2019s shape', () => {
    const table = render('DEPLOY', {}, undefined, 'with-failure', { unscanned: 2, total: 3 }).stdout.split(
      '\n',
    );
    assert.equal(table[1], '(TOTAL: 6, LOW: 1, MEDIUM: 3, HIGH: 2, CRITICAL: 0)');
    assert.equal(
      table[2],
      '(UNSCANNED IMAGES: 2 of 3; image criteria were not evaluated for them, pass --scan-images to scan them)',
    );
    assert.equal(table[3], '');
    assert.equal(
      render('DEPLOY', {}, undefined, 'with-failure', { unscanned: 0, total: 3 }).stdout.split('\n')[2],
      '',
    );
    const json = render('DEPLOY', { output: 'json' }, undefined, 'with-failure', { unscanned: 2, total: 3 });
    assert.equal(json.stdout, render('DEPLOY', { output: 'json' }).stdout);
    // SARIF carries the count in the run's property bag (valid SARIF 2.1.0); none when all were scanned.
    const sarif = JSON.parse(
      render('DEPLOY', { output: 'sarif' }, undefined, 'with-failure', { unscanned: 2, total: 3 }).stdout,
    );
    assert.equal(sarif210Validator()(sarif), undefined);
    assert.deepEqual(sarif.runs[0].properties, { unscannedImages: { unscanned: 2, total: 3 } });
    const scanned = JSON.parse(
      render('DEPLOY', { output: 'sarif' }, undefined, 'with-failure', { unscanned: 0, total: 3 }).stdout,
    );
    assert.equal(scanned.runs[0].properties, undefined);
  });

  it('orders policies by severity then name, merges alerts and counts the summary', () => {
    const json = JSON.parse(render('DEPLOY', { output: 'json' }).stdout);
    assert.deepEqual(
      json.results[0].violatedPolicies.map((p: { name: string }) => p.name),
      ['policy 4', 'policy 8', 'policy 2', 'policy 5', 'policy 6', 'policy 7'],
    );
    assert.deepEqual(json.summary, { CRITICAL: 0, HIGH: 2, LOW: 1, MEDIUM: 3, TOTAL: 6 });
    assert.equal(json.results[0].violatedPolicies[3].violation.length, 4);
    assert.deepEqual(json.results[0].metadata.additionalInfo, {
      name: 'wordpress',
      namespace: 'default',
      type: 'Deployment',
    });
  });

  it('table mode prints roxctl\u2019s WARN and per-policy ERROR lines', () => {
    const { stderr } = render('DEPLOY', {});
    assert.deepEqual(stderr, [
      'WARN:\tA total of 6 policies have been violated',
      'ERROR:\tfailed policies found: 1 policies violated that are failing the check',
      'ERROR:\tPolicy "policy 4" within Deployment "wordpress" - Possible remediation: "policy 4 for testing"',
      'ERROR:\tbreaking policies found: failed policies found: 1 policies violated that are failing the check',
    ]);
    const image = render('BUILD', {}).stderr;
    assert.equal(image[2], 'ERROR:\tPolicy "policy 4" - Possible remediation: "policy 4 for testing"');
    assert.equal(image[3], 'ERROR:\tfailed policies found: 1 policies violated that are failing the check');
  });

  it('--exit-code sets the status for breaking policies', () => {
    assert.equal(render('DEPLOY', { output: 'json', 'exit-code': 7 }).code, 7);
    assert.equal(render('DEPLOY', { output: 'json', 'exit-code': 0 }).code, 0);
  });

  it('--headers picks and orders columns, --no-header drops the header (csv and table)', () => {
    const csv = render('DEPLOY', { output: 'csv', headers: ['severity', 'POLICY'] }).stdout.split('\n');
    assert.equal(csv[0], 'SEVERITY,POLICY');
    assert.equal(csv[1], 'HIGH,policy 4');
    const bare = render('DEPLOY', { output: 'csv', 'no-header': true }).stdout.split('\n');
    assert.match(bare[0]!, /^policy 4,HIGH,X,wordpress,/);
    const commented = render('DEPLOY', { output: 'csv', 'headers-as-comments': true }).stdout.split('\n');
    assert.equal(
      commented[0],
      '# POLICY,SEVERITY,BREAKS DEPLOY,DEPLOYMENT,DESCRIPTION,VIOLATION,REMEDIATION',
    );
    const table = render('DEPLOY', { headers: ['POLICY', 'SEVERITY'] }).stdout;
    assert.match(table, /\|\s+POLICY\s+\| SEVERITY \|\n/);
    assert.doesNotMatch(table, /DESCRIPTION/);
    assert.doesNotMatch(render('DEPLOY', { 'no-header': true }).stdout, /BREAKS DEPLOY/);
    assert.throws(() => render('DEPLOY', { output: 'csv', headers: ['NOPE'] }), /unknown column "NOPE"/);
  });

  it('--compact-output prints JSON on one line; --junit-suite-name names the suite', () => {
    assert.equal(
      render('DEPLOY', { output: 'json', 'compact-output': true }).stdout.trim().split('\n').length,
      1,
    );
    assert.match(
      render('DEPLOY', { output: 'junit', 'junit-suite-name': 'gate' }).stdout,
      /^<testsuite name="gate" /,
    );
  });

  it('every JUnit output validates against the JUnit schema CI servers use (junit-10.xsd, libxml2)', async () => {
    const outputs = [
      render('DEPLOY', { output: 'junit' }).stdout,
      render('BUILD', { output: 'junit' }).stdout,
      render('DEPLOY', { output: 'junit', 'junit-suite-name': 'gate' }).stdout,
      ...(['without-failure', 'with-network-policies'] as const).map(
        (scenario) => render('DEPLOY', { output: 'junit' }, undefined, scenario).stdout,
      ),
    ];
    for (const xml of outputs) assert.equal(await junitXmlErrors(xml), undefined, xml.slice(0, 200));
    // The validator does reject what a JUnit reader would: a test case without a name.
    assert.match(
      (await junitXmlErrors(outputs[0]!.replace(/<testcase name="[^"]*"/, '<testcase'))) ?? '',
      /name/,
    );
  });

  it('JUnit parses as XML with one failure and skipped cases', () => {
    for (const stage of ['DEPLOY', 'BUILD'] as const) {
      const xml = render(stage, { output: 'junit' }).stdout;
      assert.equal(XMLValidator.validate(xml), true);
      const doc = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '@',
        htmlEntities: true,
      }).parse(xml);
      const suite = doc.testsuite;
      assert.equal(suite['@name'], stage === 'DEPLOY' ? 'deployment-check' : 'image-check');
      assert.equal(suite['@tests'], '6');
      assert.equal(suite['@failures'], '1');
      assert.equal(suite['@skipped'], '5');
      assert.equal(suite['@errors'], '0');
      assert.equal(suite.testcase.length, 6);
      const failed = suite.testcase.filter((c: Record<string, unknown>) => 'failure' in c);
      assert.equal(failed.length, 1);
      assert.equal(failed[0]['@name'], 'policy 4');
      assert.equal(failed[0].failure, MULTI.map((m) => `- ${m}`).join('\n'));
    }
  });

  it('SARIF validates against the 2.1.0 schema and points at the real line and column', () => {
    const validate = sarif210Validator();
    const locations = new Map([['d-1', { file: 'charts/app.yaml', line: 42, column: 3, documentIndex: 4 }]]);
    const sarif = JSON.parse(render('DEPLOY', { output: 'sarif' }, locations).stdout);
    assert.equal(validate(sarif), undefined);
    const run = sarif.runs[0];
    assert.equal(run.results.length, 6);
    assert.equal(run.tool.driver.rules.length, 6);
    const first = run.results[0];
    assert.equal(first.ruleId, 'policy 4');
    assert.equal(first.level, 'error');
    assert.deepEqual(first.locations[0].physicalLocation, {
      artifactLocation: { uri: 'charts/app.yaml' },
      region: { startLine: 42, startColumn: 3 },
    });
    assert.equal(first.properties.documentIndex, 4);
    assert.deepEqual(
      run.results.map((r: { level: string }) => r.level),
      ['error', 'error', 'warning', 'warning', 'warning', 'note'],
    );
    const image = JSON.parse(render('BUILD', { output: 'sarif' }).stdout);
    assert.equal(validate(image), undefined);
    assert.equal(
      image.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri,
      'docker.io/library/nginx:1.25',
    );
  });

  it('stdin is named "stdin" in SARIF and JSON keeps file, line, column and document', () => {
    const locations = new Map([['d-1', { file: '-', line: 9, column: 1, documentIndex: 2 }]]);
    const sarif = JSON.parse(render('DEPLOY', { output: 'sarif' }, locations).stdout);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'stdin');
    const json = JSON.parse(render('DEPLOY', { output: 'json' }, locations).stdout);
    assert.deepEqual(json.results[0].metadata.additionalInfo, {
      name: 'wordpress',
      namespace: 'default',
      type: 'Deployment',
      file: '-',
      line: '9',
      column: '1',
      documentIndex: '2',
    });
  });
});
