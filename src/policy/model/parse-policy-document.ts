/**
 * StackRox policy JSON in and out: one policy object, or an export `{"policies": [...]}`. Parsing
 * keeps every key as read (so export returns what was imported) and validates each policy.
 */
import { RampartError } from '../../runtime/errors.js';
import type { Policy } from './policy.js';
import { validatePolicy } from './validate-policy.js';

/** Parses and validates; throws POLICY_INVALID listing every problem (with `source` in the text). */
export function parsePolicyDocument(text: string, source: string): Policy[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new RampartError(
      'POLICY_INVALID',
      `${source}: not valid JSON (${(err as Error).message}); a policy file holds one StackRox policy or {"policies": [...]}`,
    );
  }
  let policies: unknown[];
  if (
    doc &&
    typeof doc === 'object' &&
    !Array.isArray(doc) &&
    Array.isArray((doc as { policies?: unknown }).policies)
  ) {
    policies = (doc as { policies: unknown[] }).policies;
  } else if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    policies = [doc];
  } else {
    throw new RampartError('POLICY_INVALID', `${source}: expected a policy object or {"policies": [...]}`);
  }
  const problems: string[] = [];
  policies.forEach((p, i) => {
    const label =
      policies.length > 1 ? `${source} policy ${i} (${JSON.stringify((p as Policy)?.name ?? '')})` : source;
    for (const prob of validatePolicy(p as Policy))
      problems.push(`${label} ${prob.path || '/'}: ${prob.message}`);
  });
  if (problems.length > 0) {
    throw new RampartError(
      'POLICY_INVALID',
      `invalid policy document; fix these and retry:\n  ${problems.join('\n  ')}`,
    );
  }
  return policies as Policy[];
}

/** One policy as StackRox-style JSON (2-space indent, keys in the order they were read). */
export function serializePolicy(p: Policy): string {
  return JSON.stringify(p, null, 2);
}

/** An export document `{"policies": [...]}`. */
export function serializePolicies(ps: readonly Policy[]): string {
  return JSON.stringify({ policies: ps }, null, 2);
}
