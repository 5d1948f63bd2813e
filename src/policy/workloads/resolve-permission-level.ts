import type { PermissionLevel } from '../../model/deployment.js';
import type { ManifestObject } from './manifest-object.js';
import { matchLabelSelector } from './match-label-selector.js';
import { asArray, asRecord, asStringMap, asText } from './plain-data.js';
import { apiGroupOf } from './workload-kinds.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

interface Binding {
  clusterWide: boolean;
  namespace: string;
  roleKind: string;
  roleName: string;
  subjects: Array<{ namespace: string; name: string }>;
}

/** Roles, ClusterRoles and their bindings found in one input, indexed for service-account lookups. */
export interface RbacIndex {
  roles: Map<string, Rule[]>;
  clusterRoles: Map<string, Rule[]>;
  bindings: Binding[];
  /** Bindings by subject `namespace/name`. */
  bySubject: Map<string, Binding[]>;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const READ_VERBS = ['get', 'list', 'watch'];
const WRITE_VERBS = ['create', 'bind', 'patch', 'update', 'delete', 'deletecollection'];

export function buildRbacIndex(objects: readonly ManifestObject[]): RbacIndex {
  const rbac = objects.filter((o) => apiGroupOf(o.apiVersion) === RBAC_GROUP);
  const roles = new Map<string, Rule[]>();
  const clusterRoles = new Map<string, Rule[]>();
  for (const o of rbac) {
    if (o.kind === 'Role') roles.set(`${o.namespace || 'default'}/${o.name}`, rulesOf(o.body.rules));
  }
  const clusterRoleObjects = rbac.filter((o) => o.kind === 'ClusterRole');
  for (const o of clusterRoleObjects) clusterRoles.set(o.name, rulesOf(o.body.rules));
  // Aggregated ClusterRoles collect the rules of every ClusterRole their selectors match.
  for (const o of clusterRoleObjects) {
    const selectors = asArray(asRecord(o.body.aggregationRule).clusterRoleSelectors);
    if (selectors.length === 0) continue;
    const rules = [...(clusterRoles.get(o.name) ?? [])];
    for (const other of clusterRoleObjects) {
      if (other === o) continue;
      const labels = asStringMap(asRecord(other.body.metadata).labels);
      if (selectors.some((s) => matchLabelSelector(s, labels))) rules.push(...rulesOf(other.body.rules));
    }
    clusterRoles.set(o.name, rules);
  }
  const bindings: Binding[] = [];
  for (const o of rbac) {
    if (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') continue;
    const clusterWide = o.kind === 'ClusterRoleBinding';
    const namespace = o.namespace || 'default';
    const roleRef = asRecord(o.body.roleRef);
    const subjects = asArray(o.body.subjects)
      .map(asRecord)
      .filter((s) => asText(s.kind) === 'ServiceAccount')
      .map((s) => ({
        namespace: asText(s.namespace) || (clusterWide ? '' : namespace),
        name: asText(s.name),
      }));
    bindings.push({
      clusterWide,
      namespace,
      roleKind: asText(roleRef.kind),
      roleName: asText(roleRef.name),
      subjects,
    });
  }
  const bySubject = new Map<string, Binding[]>();
  for (const b of bindings) {
    for (const key of new Set(b.subjects.map((s) => `${s.namespace}/${s.name}`))) {
      const list = bySubject.get(key);
      if (list) list.push(b);
      else bySubject.set(key, [b]);
    }
  }
  return { roles, clusterRoles, bindings, bySubject };
}

/**
 * StackRox's permission level of a service account (`sensor/.../rbac/evaluator.go` with the
 * `pkg/k8srbac` rule checks): cluster-wide bindings granting `*` verbs on `*` resources of the
 * core group → CLUSTER_ADMIN; any cluster-wide read or write → ELEVATED_CLUSTER_WIDE; otherwise
 * namespaced bindings granting any write or `list` → ELEVATED_IN_NAMESPACE, any read →
 * DEFAULT; nothing → NONE. "Any" means on some core-group (`""` or `*`) resource.
 */
export function permissionLevelFor(
  index: RbacIndex,
  namespace: string,
  serviceAccount: string,
): PermissionLevel {
  const clusterRules: Rule[] = [];
  const namespaceRules: Rule[] = [];
  for (const b of index.bySubject.get(`${namespace}/${serviceAccount}`) ?? []) {
    const rules = rulesOfBinding(index, b);
    if (rules === undefined) continue; // dangling roleRef: nothing granted
    (b.clusterWide ? clusterRules : namespaceRules).push(...rules);
  }
  if (clusterRules.some((r) => grants(r, '*', true))) return 'CLUSTER_ADMIN';
  if (canWrite(clusterRules) || canRead(clusterRules)) return 'ELEVATED_CLUSTER_WIDE';
  if (canWrite(namespaceRules) || namespaceRules.some((r) => grants(r, 'list', false)))
    return 'ELEVATED_IN_NAMESPACE';
  if (canRead(namespaceRules)) return 'DEFAULT';
  return 'NONE';
}

function rulesOfBinding(index: RbacIndex, b: Binding): Rule[] | undefined {
  if (b.roleKind === 'ClusterRole') return index.clusterRoles.get(b.roleName);
  if (b.roleKind === 'Role' && !b.clusterWide) return index.roles.get(`${b.namespace}/${b.roleName}`);
  return undefined;
}

function rulesOf(v: unknown): Rule[] {
  return asArray(v).map((r) => {
    const rule = asRecord(r);
    return {
      apiGroups: asArray(rule.apiGroups).map(asText),
      resources: asArray(rule.resources).map(asText),
      verbs: asArray(rule.verbs).map(asText),
    };
  });
}

/** Does this rule give `verb` on some core-group resource (on all of them when `allResources`)? */
function grants(rule: Rule, verb: string, allResources: boolean): boolean {
  const coreGroup = rule.apiGroups.includes('*') || rule.apiGroups.includes('');
  const verbOk = rule.verbs.includes('*') || (verb !== '*' && rule.verbs.includes(verb));
  const resourcesOk = allResources ? rule.resources.includes('*') : true;
  return coreGroup && verbOk && resourcesOk;
}

function canRead(rules: readonly Rule[]): boolean {
  return rules.some((r) => READ_VERBS.some((v) => grants(r, v, false)));
}

function canWrite(rules: readonly Rule[]): boolean {
  return rules.some((r) => WRITE_VERBS.some((v) => grants(r, v, false)));
}
