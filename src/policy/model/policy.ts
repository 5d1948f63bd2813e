/**
 * StackRox's policy JSON (`storage.Policy`, proto3-JSON camelCase) as TypeScript types. Policies
 * are read and written unchanged: keys we do not interpret (SORT_* helpers, future fields) are
 * kept on the object so an import → export round trip loses nothing.
 */

export type LifecycleStage = 'DEPLOY' | 'BUILD' | 'RUNTIME';

export type EventSource = 'NOT_APPLICABLE' | 'DEPLOYMENT_EVENT' | 'AUDIT_LOG_EVENT' | 'NODE_EVENT';

export type PolicySeverity =
  'UNSET_SEVERITY' | 'LOW_SEVERITY' | 'MEDIUM_SEVERITY' | 'HIGH_SEVERITY' | 'CRITICAL_SEVERITY';

export type EnforcementAction =
  | 'UNSET_ENFORCEMENT'
  | 'SCALE_TO_ZERO_ENFORCEMENT'
  | 'UNSATISFIABLE_NODE_CONSTRAINT_ENFORCEMENT'
  | 'KILL_POD_ENFORCEMENT'
  | 'FAIL_BUILD_ENFORCEMENT'
  | 'FAIL_KUBE_REQUEST_ENFORCEMENT'
  | 'FAIL_DEPLOYMENT_CREATE_ENFORCEMENT'
  | 'FAIL_DEPLOYMENT_UPDATE_ENFORCEMENT';

export interface PolicyValue {
  value: string;
}

/** One criterion: a field, its values, how the values combine, and whether it is negated. */
export interface PolicyGroup {
  fieldName: string;
  /** Absent means OR. */
  booleanOperator?: 'OR' | 'AND';
  negate?: boolean;
  values: PolicyValue[];
}

export interface PolicySection {
  sectionName?: string;
  policyGroups: PolicyGroup[];
}

export interface KeyValueScope {
  key?: string;
  value?: string;
}

/** `storage.Scope`. */
export interface PolicyScope {
  cluster?: string;
  namespace?: string;
  label?: KeyValueScope;
  clusterLabel?: KeyValueScope;
  namespaceLabel?: KeyValueScope;
}

/** `storage.Exclusion`. */
export interface PolicyExclusion {
  name?: string;
  deployment?: { name?: string; scope?: PolicyScope };
  image?: { name?: string };
  /** RFC 3339 timestamp after which the exclusion no longer applies. */
  expiration?: string;
}

export interface MitreAttackVector {
  tactic?: string;
  techniques?: string[];
}

/** `storage.Policy`. */
export interface Policy {
  id?: string;
  name: string;
  description?: string;
  rationale?: string;
  remediation?: string;
  disabled?: boolean;
  categories?: string[];
  lifecycleStages: LifecycleStage[];
  eventSource?: EventSource;
  exclusions?: PolicyExclusion[];
  scope?: PolicyScope[];
  severity?: PolicySeverity;
  enforcementActions?: EnforcementAction[];
  notifiers?: string[];
  lastUpdated?: string | null;
  policyVersion?: string;
  policySections?: PolicySection[];
  mitreAttackVectors?: MitreAttackVector[];
  criteriaLocked?: boolean;
  mitreVectorsLocked?: boolean;
  isDefault?: boolean;
  source?: 'IMPERATIVE' | 'DECLARATIVE';
  evaluationFilter?: { skipContainerTypes?: ('REGULAR' | 'INIT')[] };
  /** Keys this version does not interpret are preserved as they were read. */
  [key: string]: unknown;
}

/** One validation finding; `path` is a JSON-pointer-like location inside the policy. */
export interface PolicyProblem {
  /** Stable code, e.g. POLICY_FIELD_UNKNOWN. */
  code: string;
  path: string;
  message: string;
}
