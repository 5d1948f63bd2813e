// The per-evaluation scan indexes (augmented.ts) only skip nodes that cannot match: a section
// walked through them gives the messages of the full walk. `Image Component` values naming plain
// words use the name index; the same regex written with a group is not plain and walks every
// component, so the two must agree. Vulnerability sections walk only active vulnerabilities; the
// CVEs they report must be exactly the matching vulnerabilities that are neither suppressed nor in
// a state other than OBSERVED.
import assert from 'node:assert/strict';
import fc from 'fast-check';

import type { EmbeddedImageScanComponent, EmbeddedVulnerability } from '../../../src/model/image.js';
import { compilePolicies, evaluateDeployment, type Policy } from '../../../src/policy/index.js';
import { NOW, goodWitness } from '../../helpers/policy-witness.js';

const policy = (fieldName: string, values: string[], negate = false): Policy => ({
  name: 'index',
  severity: 'HIGH_SEVERITY',
  categories: ['Test'],
  lifecycleStages: ['DEPLOY'],
  policyVersion: '1.1',
  policySections: [{ policyGroups: [{ fieldName, values: values.map((value) => ({ value })), negate }] }],
});

function messages(p: Policy, components: EmbeddedImageScanComponent[]): string[] {
  const w = goodWitness();
  w.image.scan = { ...(w.image.scan ?? {}), components };
  const images = new Map([[w.image.name!.fullName!, w.image]]);
  return evaluateDeployment(compilePolicies([p]), {
    deployment: w.deployment,
    images,
    stage: 'DEPLOY',
    now: NOW,
  })
    .flatMap((v) => v.messages.map((m) => m.message))
    .sort();
}

const names = fc.constantFrom(
  'apt',
  'APT',
  'Dpkg',
  'apt\tx',
  'dpkg\t',
  'apt-get',
  'libapt',
  '\u212aey',
  'key',
  '',
);
const vuln = fc.record({
  cve: fc.constantFrom('CVE-1', 'cve-1', 'CVE-2', 'CVE-3'),
  severity: fc.constantFrom(
    'LOW_VULNERABILITY_SEVERITY' as const,
    'CRITICAL_VULNERABILITY_SEVERITY' as const,
  ),
  suppressed: fc.boolean(),
  state: fc.constantFrom(undefined, 'OBSERVED', 'DEFERRED', 'FALSE_POSITIVE'),
});
const components = fc.array(
  fc.record({
    name: names,
    version: fc.constantFrom('1', '2\t3', ''),
    vulns: fc.array(vuln, { maxLength: 3 }),
  }),
  { maxLength: 6 },
) as fc.Arbitrary<EmbeddedImageScanComponent[]>;

describe('policy evaluation scan indexes', () => {
  it('an Image Component group naming plain words matches what the same regex matches on a full walk', () => {
    const pairs: [string[], string[]][] = [
      [['apt|dpkg='], ['(apt|dpkg)=']],
      [['APT=1'], ['(apt)=1']],
      [['kEy='], ['(key)=']],
      [
        ['apt=', 'dpkg=2'],
        ['(apt)=', '(dpkg)=2'],
      ],
    ];
    fc.assert(
      fc.property(components, fc.constantFrom(...pairs), (comps, [plain, grouped]) => {
        assert.deepEqual(
          messages(policy('Image Component', plain), comps),
          messages(policy('Image Component', grouped), comps),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('vulnerability sections report exactly the active matching vulnerabilities', () => {
    fc.assert(
      fc.property(components, fc.boolean(), (comps, negate) => {
        const got = new Set(
          messages(policy('CVE', ['CVE-1'], negate), comps).map((m) => /^(\S+)/.exec(m)![1]!),
        );
        const active = (v: EmbeddedVulnerability) =>
          v.suppressed !== true && (v.state === undefined || v.state === 'OBSERVED');
        const want = new Set(
          comps.flatMap((c) =>
            (c.vulns ?? [])
              .filter((v) => active(v) && (v.cve.toUpperCase() === 'CVE-1') !== negate)
              .map((v) => v.cve),
          ),
        );
        assert.deepEqual(got, want);
      }),
      { numRuns: 400 },
    );
  });
});
