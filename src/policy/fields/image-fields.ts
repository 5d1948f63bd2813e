/** Image fields, read from each container's image (or the image alone at BUILD). */
import type { PolicyField } from './policy-field.js';
import type { Binding } from '../engine/augmented.js';
import type { ImageName } from '../../model/image.js';
import { BDR, CompoundValue, str0, strs, time } from './define-field.js';
import { disallowedMapMatcher, mapEntries, requiredMapMatcher } from './map-match.js';
import { combinePredicates, type ValuePredicate } from '../engine/value-matchers.js';
import { compileWholeMatch } from '../engine/re2-regex.js';

const nameOf = (b: Binding): ImageName | undefined => b.container?.imageName ?? b.container?.image.name;

const imageName = (name: string, pick: (n: ImageName) => string | undefined): PolicyField => ({
  name,
  stages: BDR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'container',
  match: 'regex',
  read: (b) => (b.container ? str0(pick(nameOf(b) ?? {})) : undefined),
  printer: 'imageDetails',
});

export const imageRegistryField = imageName('Image Registry', (n) => n.registry);
export const imageRemoteField = imageName('Image Remote', (n) => n.remote);
export const imageTagField = imageName('Image Tag', (n) => n.tag);

export const imageAgeField: PolicyField = {
  name: 'Image Age',
  stages: BDR,
  valueSyntax: 'integer',
  negatable: false,
  multiValue: false,
  needsImage: true,
  level: 'container',
  match: 'days',
  read: (b) => (b.container ? time(b.container.image.metadata?.v1?.created) : undefined),
  printer: 'imageAge',
};

export const imageScanAgeField: PolicyField = {
  name: 'Image Scan Age',
  stages: BDR,
  valueSyntax: 'integer',
  negatable: false,
  multiValue: false,
  needsImage: true,
  level: 'container',
  match: 'days',
  read: (b) => (b.container?.image.scan ? time(b.container.image.scan.scanTime) : undefined),
  printer: 'imageScanAge',
};

export const imageOsField: PolicyField = {
  name: 'Image OS',
  stages: BDR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: true,
  level: 'container',
  match: 'regex',
  read: (b) => (b.container?.image.scan ? str0(b.container.image.scan.operatingSystem) : undefined),
  printer: 'imageOS',
};

export const imageUserField: PolicyField = {
  name: 'Image User',
  stages: BDR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: true,
  level: 'container',
  match: 'regex',
  read: (b) => (b.container?.image.metadata?.v1 ? str0(b.container.image.metadata.v1.user) : undefined),
  printer: 'imageUser',
};

export const unscannedImageField: PolicyField = {
  name: 'Unscanned Image',
  stages: BDR,
  valueSyntax: 'bool',
  negatable: false,
  multiValue: false,
  needsImage: true,
  level: 'container',
  match: 'bool',
  read: (b) => {
    if (!b.container) return undefined;
    const missing = b.container.image.scan === undefined || b.container.image.scan === null;
    return [{ raw: missing, text: missing ? '<nil>' : '<non-nil>' }];
  },
  printer: 'imageScan',
};

const imageLabel = (name: string, required: boolean): PolicyField => ({
  name,
  stages: BDR,
  valueSyntax: 'keyValue',
  negatable: false,
  multiValue: true,
  needsImage: true,
  level: 'container',
  match: 'map',
  read: (b) => (b.container ? mapEntries(b.container.image.metadata?.v1?.labels) : undefined),
  compileGroup: (values, op) => (required ? requiredMapMatcher(values) : disallowedMapMatcher(values, op)),
  printer: required ? 'requiredImageLabel' : 'disallowedImageLabel',
});
export const disallowedImageLabelField = imageLabel('Disallowed Image Label', false);
export const requiredImageLabelField = imageLabel('Required Image Label', true);

/**
 * Violates unless the image was VERIFIED by one of the listed signature integrations (StackRox
 * negates the group itself). Matched values: integrations that did verify it, or "<empty>".
 */
export const imageSignatureVerifiedByField: PolicyField = {
  name: 'Image Signature Verified By',
  stages: BDR,
  valueSyntax: 'signatureIntegration',
  negatable: false,
  multiValue: true,
  needsImage: true,
  level: 'container',
  match: 'custom',
  read: (b) => {
    if (!b.container) return undefined;
    const results = b.container.image.signatureVerificationData?.results ?? [];
    return strs(results.filter((r) => r.status === 'VERIFIED' && r.verifierId).map((r) => r.verifierId!));
  },
  compileGroup: (values, op, negate) => {
    const preds: ValuePredicate[] = values.map((id) => (v) => v.raw === id);
    return combinePredicates(preds, op, !negate);
  },
  printer: 'imageSignatureVerified',
};

/** True when one of the first `n` parts holds a tab. */
function tabBefore(parts: readonly string[], n: number): boolean {
  for (let i = 0; i < n && i < parts.length; i++) if (parts[i]!.includes('\t')) return true;
  return false;
}

/** `(re1)=(re2)` compound values: each side anchored case-insensitive RE2, empty side = any. */
export function compoundPredicate(parts: readonly string[]): ValuePredicate {
  const tests = parts.map((p) => (p === '' ? undefined : compileWholeMatch(p)));
  const last = tests.length - 1;
  return (v) => {
    // A tab inside a part the policy splits on would split differently: such values take the
    // joined path below.
    if (v instanceof CompoundValue && !tabBefore(v.parts, last)) {
      // The parts as read, unjoined: part i of the value against part i of the policy value
      // (the last policy part takes the rest, tab-joined, as it does for a joined string).
      const ps = v.parts;
      for (let i = 0; i <= last; i++) {
        const t = tests[i];
        if (t === undefined) continue;
        const s =
          i < last ? (ps[i] ?? '') : ps.length - 1 <= last ? (ps[last] ?? '') : ps.slice(last).join('\t');
        if (!t(s, 0, s.length)) return false;
      }
      return true;
    }
    if (v.raw === '<empty>') return false;
    const actual = String(v.raw);
    let start = 0;
    for (let i = 0; i <= last; i++) {
      let end = i === last ? actual.length : actual.indexOf('\t', start);
      if (end < 0) end = actual.length;
      const t = tests[i];
      if (t !== undefined && !t(actual, Math.min(start, end), end)) return false;
      start = end + 1;
    }
    return true;
  };
}

export const dockerfileLineField: PolicyField = {
  name: 'Dockerfile Line',
  stages: BDR,
  valueSyntax: 'dockerfileLine',
  negatable: false,
  multiValue: true,
  needsImage: true,
  level: 'layer',
  match: 'compound',
  read: (b) => (b.layer ? [new CompoundValue([b.layer.instruction ?? '', b.layer.value ?? ''])] : undefined),
  predicate: (v) => {
    const i = v.indexOf('=');
    return compoundPredicate([v.slice(0, i), v.slice(i + 1)]);
  },
  printer: 'line',
};

export const imageComponentField: PolicyField = {
  name: 'Image Component',
  stages: BDR,
  valueSyntax: 'imageComponent',
  negatable: false,
  multiValue: true,
  needsImage: true,
  level: 'component',
  match: 'compound',
  read: (b) => (b.component ? [new CompoundValue([b.component.name, b.component.version ?? ''])] : undefined),
  predicate: (v) => {
    const i = v.indexOf('=');
    return compoundPredicate([v.slice(0, i), v.slice(i + 1)]);
  },
  printer: 'component',
};

export const imageFields: readonly PolicyField[] = [
  disallowedImageLabelField,
  dockerfileLineField,
  imageAgeField,
  imageComponentField,
  imageOsField,
  imageRegistryField,
  imageRemoteField,
  imageScanAgeField,
  imageSignatureVerifiedByField,
  imageTagField,
  imageUserField,
  requiredImageLabelField,
  unscannedImageField,
];
