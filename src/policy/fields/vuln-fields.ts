/**
 * Vulnerability fields (linked to one vuln of one component of one container's image). Every one
 * carries StackRox's hidden constraints: the vuln is not suppressed (snoozed) and its state is
 * OBSERVED (`wrapForVulnMgmt`).
 */
import type { EmbeddedVulnerability } from '../../model/image.js';
import type { PolicyField } from './policy-field.js';
import { isActiveVuln, type Binding } from '../engine/augmented.js';
import type { ReadValue } from '../engine/value-matchers.js';
import { BDR, enumValue, float, str0, time } from './define-field.js';
import { enumPredicate, regexPredicate } from '../engine/value-matchers.js';

const SEVERITY_ORDER = [
  'UNKNOWN_VULNERABILITY_SEVERITY',
  'LOW_VULNERABILITY_SEVERITY',
  'MODERATE_VULNERABILITY_SEVERITY',
  'IMPORTANT_VULNERABILITY_SEVERITY',
  'CRITICAL_VULNERABILITY_SEVERITY',
];

/** The binding's vuln when policies may see it (not suppressed, OBSERVED). */
export function activeVuln(b: Binding): EmbeddedVulnerability | undefined {
  const v = b.vuln;
  return v && isActiveVuln(v) ? v : undefined;
}

const vulnField = (
  name: string,
  rest: Pick<PolicyField, 'valueSyntax' | 'negatable' | 'multiValue' | 'match'> &
    Partial<PolicyField> & { get: (v: EmbeddedVulnerability) => ReadValue[] | undefined },
): PolicyField => {
  const { get, ...decl } = rest;
  return {
    name,
    stages: BDR,
    needsImage: true,
    level: 'vuln',
    printer: 'cve',
    read: (b) => {
      const v = activeVuln(b);
      return v ? get(v) : undefined;
    },
    ...decl,
  };
};

export const cveField = vulnField('CVE', {
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  match: 'regex',
  get: (v) => str0(v.cve),
});

export const cvssField = vulnField('CVSS', {
  valueSyntax: 'comparatorNumber',
  negatable: false,
  multiValue: true,
  match: 'number',
  get: (v) => float(v.cvss),
});

export const nvdCvssField = vulnField('NVD CVSS', {
  valueSyntax: 'comparatorNumber',
  negatable: false,
  multiValue: true,
  match: 'number',
  get: (v) => float(v.nvdCvss),
});

export const severityField = vulnField('Severity', {
  valueSyntax: 'severity',
  negatable: false,
  multiValue: true,
  match: 'enum',
  get: (v) => enumValue(v.severity, 'UNKNOWN_VULNERABILITY_SEVERITY'),
  predicate: (value) => enumPredicate(value, SEVERITY_ORDER, '_VULNERABILITY_SEVERITY'),
});

/** Fixed By is a regex field, except that `.*` means "has a fix" (rewritten to `.+`). */
export const fixedByField = vulnField('Fixed By', {
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  match: 'regex',
  get: (v) => str0(v.fixedBy),
  predicate: (value) => regexPredicate(value === '.*' ? '.+' : value),
});

/** Fixable reads the same data as Fixed By and shares its message key. */
export const fixableField = vulnField('Fixable', {
  valueSyntax: 'bool',
  negatable: false,
  multiValue: false,
  match: 'bool',
  get: (v) => str0(v.fixedBy),
  predicate: (value) => {
    const want = value.trim().toLowerCase() === 'true';
    return (x) => x.raw !== '<empty>' && (String(x.raw) !== '') === want;
  },
});

const days = (name: string, pick: (v: EmbeddedVulnerability) => unknown) =>
  vulnField(name, {
    valueSyntax: 'integer',
    negatable: false,
    multiValue: false,
    match: 'days',
    get: (v) => time(pick(v)),
  });

export const daysSincePublishedField = days('Days Since CVE Was Published', (v) => v.publishedOn);
export const daysSinceFixAvailableField = days(
  'Days Since CVE Fix Was Available',
  (v) => v.fixAvailableTimestamp,
);
export const daysSinceImageFirstDiscoveredField = days(
  'Days Since CVE Was First Discovered In Image',
  (v) => v.firstImageOccurrence,
);
export const daysSinceSystemFirstDiscoveredField = days(
  'Days Since CVE Was First Discovered In System',
  (v) => v.firstSystemOccurrence,
);

export const vulnFields: readonly PolicyField[] = [
  cveField,
  cvssField,
  daysSinceFixAvailableField,
  daysSinceImageFirstDiscoveredField,
  daysSincePublishedField,
  daysSinceSystemFirstDiscoveredField,
  fixableField,
  fixedByField,
  nvdCvssField,
  severityField,
];
