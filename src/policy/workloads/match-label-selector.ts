import { asArray, asRecord, asRecordOrUndefined, asText } from './plain-data.js';

/**
 * Does a Kubernetes label selector (`matchLabels` + `matchExpressions`) select these labels?
 * An empty selector selects everything, as in NetworkPolicy `podSelector: {}`.
 */
export function matchLabelSelector(selector: unknown, labels: Record<string, string>): boolean {
  const sel = asRecord(selector);
  for (const [k, v] of Object.entries(asRecord(sel.matchLabels))) {
    if (labels[k] !== asText(v)) return false;
  }
  for (const e of asArray(sel.matchExpressions)) {
    const expr = asRecordOrUndefined(e);
    if (!expr) return false;
    const key = asText(expr.key);
    const values = asArray(expr.values).map(asText);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (asText(expr.operator)) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an operator Kubernetes would reject selects nothing
    }
  }
  return true;
}

/**
 * Does a plain equality selector (Service `spec.selector`) select these labels? A Service
 * without a selector has no automatic endpoints, so it selects nothing.
 */
export function matchEqualitySelector(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  return entries.every(([k, v]) => labels[k] === v);
}
