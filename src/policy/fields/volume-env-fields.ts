/** Fields linked to one volume mount or one environment variable of a container. */
import type { PolicyField } from './policy-field.js';
import { CompoundValue, DR, bool, enumValue, str0 } from './define-field.js';
import { enumPredicate } from '../engine/value-matchers.js';
import { compoundPredicate } from './image-fields.js';

const PROPAGATION_ORDER = ['NONE', 'HOST_TO_CONTAINER', 'BIDIRECTIONAL'];

const volumeRegex = (name: string, pick: 'name' | 'source' | 'destination' | 'type'): PolicyField => ({
  name,
  stages: DR,
  valueSyntax: 'nonBlank',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'volume',
  match: 'regex',
  read: (b) => (b.volume ? str0(b.volume[pick]) : undefined),
  printer: 'volume',
});

export const volumeNameField = volumeRegex('Volume Name', 'name');
export const volumeSourceField = volumeRegex('Volume Source', 'source');
export const volumeDestinationField = volumeRegex('Volume Destination', 'destination');
export const volumeTypeField = volumeRegex('Volume Type', 'type');

export const mountPropagationField: PolicyField = {
  name: 'Mount Propagation',
  stages: DR,
  valueSyntax: 'mountPropagation',
  negatable: true,
  multiValue: true,
  needsImage: false,
  level: 'volume',
  match: 'enum',
  read: (b) => (b.volume ? enumValue(b.volume.mountPropagation, 'NONE') : undefined),
  predicate: (v) => enumPredicate(v, PROPAGATION_ORDER),
  printer: 'volume',
};

/** Writable Mounted Volume: true ⇔ the mount is not read-only. */
export const writableMountedVolumeField: PolicyField = {
  name: 'Writable Mounted Volume',
  stages: DR,
  valueSyntax: 'bool',
  negatable: false,
  multiValue: false,
  needsImage: false,
  level: 'volume',
  match: 'bool',
  read: (b) => (b.volume ? bool(b.volume.readOnly !== true) : undefined),
  printer: 'volume',
};

/** Writable Host Mount: value v ⇔ readOnly = !v AND type = HostPath (StackRox `ForWriteableHostMount`). */
export const writableHostMountField: PolicyField = {
  name: 'Writable Host Mount',
  stages: DR,
  valueSyntax: 'bool',
  negatable: false,
  multiValue: false,
  needsImage: false,
  level: 'volume',
  match: 'bool',
  read: (b) => {
    if (!b.volume) return undefined;
    if ((b.volume.type ?? '').toLowerCase() !== 'hostpath') return [];
    return bool(b.volume.readOnly !== true);
  },
  printer: 'volume',
};

/** `SOURCE=key=value`; matched against `envVarSource`, `key`, `value` (empty part = any). */
export const environmentVariableField: PolicyField = {
  name: 'Environment Variable',
  stages: DR,
  valueSyntax: 'environmentVariable',
  negatable: false,
  multiValue: true,
  needsImage: false,
  level: 'env',
  match: 'compound',
  read: (b) =>
    b.env
      ? [new CompoundValue([b.env.envVarSource ?? 'UNSET', b.env.key ?? '', b.env.value ?? ''])]
      : undefined,
  predicate: (v) => {
    const i = v.indexOf('=');
    const j = v.indexOf('=', i + 1);
    return compoundPredicate([v.slice(0, i), v.slice(i + 1, j), v.slice(j + 1)]);
  },
  printer: 'env',
};

export const volumeEnvFields: readonly PolicyField[] = [
  environmentVariableField,
  mountPropagationField,
  volumeDestinationField,
  volumeNameField,
  volumeSourceField,
  volumeTypeField,
  writableHostMountField,
  writableMountedVolumeField,
];
