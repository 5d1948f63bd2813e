/**
 * Small constructors for field declarations, so each field file states only what differs.
 */
import type { ReadValue } from '../engine/value-matchers.js';
import { readableFloat, readableTime } from '../engine/value-matchers.js';
import { timestampMs } from '../engine/augmented.js';
import type { LifecycleStage } from '../model/policy.js';

export const BDR: readonly LifecycleStage[] = ['BUILD', 'DEPLOY', 'RUNTIME'];
export const DR: readonly LifecycleStage[] = ['DEPLOY', 'RUNTIME'];
export const R: readonly LifecycleStage[] = ['RUNTIME'];

export const str = (s: string | undefined | null): ReadValue[] | undefined =>
  s === undefined || s === null ? undefined : [{ raw: s, text: s }];

/** A string that always exists (proto3 default ""). */
export const str0 = (s: string | undefined | null): ReadValue[] => [{ raw: s ?? '', text: s ?? '' }];

export const strs = (a: readonly string[] | undefined): ReadValue[] =>
  (a ?? []).map((s) => ({ raw: s, text: s }));

const TRUE_VALUES: ReadValue[] = [{ raw: true, text: 'true' }];
const FALSE_VALUES: ReadValue[] = [{ raw: false, text: 'false' }];

/** A boolean (absent = false). The arrays are shared and must not be mutated. */
export const bool = (b: boolean | undefined | null): ReadValue[] => (b === true ? TRUE_VALUES : FALSE_VALUES);

/**
 * A number or timestamp whose printed form is made only when a message needs it: most values are
 * read to be compared, and Go's formatting is the costly part of reading them.
 */
class LazyText implements ReadValue {
  constructor(
    readonly raw: number,
    private readonly print: (x: number) => string,
  ) {}
  get text(): string {
    return this.print(this.raw);
  }
}

export const float = (n: number | string | undefined | null): ReadValue[] => [
  new LazyText(Number(n ?? 0), readableFloat),
];

export const int = (n: number | string | undefined | null): ReadValue[] => {
  const x = Math.trunc(Number(n ?? 0));
  return [{ raw: x, text: String(x) }];
};

/**
 * An enum value; absent = `dflt` (proto3 zero value). Values named UNSET* read as "no value".
 * Like StackRox, the printed form is the lower-cased enum name.
 */
export const enumValue = (v: string | undefined, dflt: string): ReadValue[] | undefined => {
  const name = v ?? dflt;
  const hit = enumValues.get(name);
  if (hit !== undefined) return hit === UNSET ? undefined : hit;
  const read = name.toUpperCase().startsWith('UNSET') ? UNSET : [{ raw: name, text: name.toLowerCase() }];
  if (enumValues.size < 1024) enumValues.set(name, read);
  return read === UNSET ? undefined : read;
};

/**
 * Enum names are few and read on every node: each one's read value is made once and shared (like
 * `bool`'s, these arrays must not be mutated).
 */
const enumValues = new Map<string, ReadValue[]>();
const UNSET: ReadValue[] = [];

export const time = (ts: unknown): ReadValue[] | undefined => {
  const ms = timestampMs(ts);
  return ms === undefined ? undefined : [new LazyText(ms, readableTime)];
};

/**
 * A compound value (`Dockerfile Line`, `Image Component`, `Environment Variable`) kept as its
 * parts; `raw` and `text` are the parts joined by tabs, made only when a message needs them.
 */
export class CompoundValue implements ReadValue {
  constructor(readonly parts: readonly string[]) {}
  get raw(): string {
    return this.parts.join('\t');
  }
  get text(): string {
    return this.raw;
  }
}
