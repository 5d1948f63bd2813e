/**
 * Policy validation (StackRox `central/policy/service/validator.go` and
 * `pkg/booleanpolicy/validate.go`): every problem is reported, each with where it is and what to
 * change. Nothing here throws; `parsePolicyDocument` and `compilePolicies` turn problems into one
 * POLICY_INVALID error.
 */
import type { Policy, PolicyGroup, PolicyProblem } from './policy.js';
import { policyFieldByName } from '../fields/registry.js';
import { valueSyntaxValidators } from '../fields/value-syntax.js';
import { compileGroupMatcher } from '../engine/compile-policies.js';
import { describeError } from '../../runtime/errors.js';

const STAGES = ['DEPLOY', 'BUILD', 'RUNTIME'];
const SEVERITIES = ['LOW_SEVERITY', 'MEDIUM_SEVERITY', 'HIGH_SEVERITY', 'CRITICAL_SEVERITY'];
const EVENT_SOURCES = ['NOT_APPLICABLE', 'DEPLOYMENT_EVENT', 'AUDIT_LOG_EVENT', 'NODE_EVENT'];
const ENFORCEMENTS = [
  'UNSET_ENFORCEMENT',
  'SCALE_TO_ZERO_ENFORCEMENT',
  'UNSATISFIABLE_NODE_CONSTRAINT_ENFORCEMENT',
  'KILL_POD_ENFORCEMENT',
  'FAIL_BUILD_ENFORCEMENT',
  'FAIL_KUBE_REQUEST_ENFORCEMENT',
  'FAIL_DEPLOYMENT_CREATE_ENFORCEMENT',
  'FAIL_DEPLOYMENT_UPDATE_ENFORCEMENT',
];

const AUDIT_RESOURCES = [
  'SECRETS',
  'CONFIGMAPS',
  'CLUSTER_ROLES',
  'CLUSTER_ROLE_BINDINGS',
  'NETWORK_POLICIES',
  'SECURITY_CONTEXT_CONSTRAINTS',
  'EGRESS_FIREWALLS',
];
const DEPLOYMENT_EVENT_RESOURCES = ['PODS_EXEC', 'PODS_PORTFORWARD', 'PODS_ATTACH'];

export function validatePolicy(p: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (code: string, path: string, message: string) => problems.push({ code, path, message });
  if (typeof p !== 'object' || p === null || Array.isArray(p)) {
    add('POLICY_SHAPE', '', 'a policy must be a JSON object');
    return problems;
  }
  if (typeof p.name !== 'string' || p.name.trim() === '') add('POLICY_NAME', '/name', 'name is required');
  const stages = Array.isArray(p.lifecycleStages) ? p.lifecycleStages : [];
  if (stages.length === 0)
    add('POLICY_STAGE', '/lifecycleStages', 'at least one of DEPLOY, BUILD, RUNTIME is required');
  stages.forEach((s, i) => {
    if (!STAGES.includes(s))
      add(
        'POLICY_STAGE',
        `/lifecycleStages/${i}`,
        `unknown lifecycle stage "${s}"; use DEPLOY, BUILD or RUNTIME`,
      );
  });
  if (!SEVERITIES.includes(p.severity as string))
    add('POLICY_SEVERITY', '/severity', `severity must be one of ${SEVERITIES.join(', ')}`);
  const cats = p.categories ?? [];
  if (!Array.isArray(cats) || cats.length === 0)
    add('POLICY_CATEGORY', '/categories', 'at least one category is required');
  else if (new Set(cats).size !== cats.length)
    add('POLICY_CATEGORY', '/categories', 'categories must not repeat');
  if (p.policyVersion !== undefined && p.policyVersion !== '1.1')
    add('POLICY_VERSION', '/policyVersion', `policyVersion must be "1.1" (got "${p.policyVersion}")`);
  const es = p.eventSource ?? 'NOT_APPLICABLE';
  if (!EVENT_SOURCES.includes(es)) add('POLICY_EVENT_SOURCE', '/eventSource', `unknown event source "${es}"`);
  const runtime = stages.includes('RUNTIME');
  if (runtime && es === 'NOT_APPLICABLE')
    add(
      'POLICY_EVENT_SOURCE',
      '/eventSource',
      'runtime policies must set eventSource (DEPLOYMENT_EVENT, AUDIT_LOG_EVENT or NODE_EVENT)',
    );
  if (!runtime && es !== 'NOT_APPLICABLE')
    add('POLICY_EVENT_SOURCE', '/eventSource', 'build and deploy policies must not set an eventSource');
  (p.enforcementActions ?? []).forEach((a, i) => {
    if (!ENFORCEMENTS.includes(a))
      add('POLICY_ENFORCEMENT', `/enforcementActions/${i}`, `unknown enforcement action "${a}"`);
  });

  const sections = Array.isArray(p.policySections) ? p.policySections : [];
  if (sections.length === 0)
    add('POLICY_SECTION', '/policySections', 'at least one policy section is required');
  sections.forEach((s, si) =>
    validateSection(s.policyGroups ?? [], `/policySections/${si}`, stages, es, add),
  );

  (p.scope ?? []).forEach((sc, i) => validateScope(sc, `/scope/${i}`, add, false));
  (p.exclusions ?? []).forEach((e, i) => {
    const path = `/exclusions/${i}`;
    if (!e.deployment && !e.image)
      add('POLICY_EXCLUSION', path, 'an exclusion needs a deployment or an image');
    if (e.image?.name && !stages.includes('BUILD'))
      add(
        'POLICY_EXCLUSION',
        `${path}/image`,
        'image exclusions are only valid for policies with the BUILD stage',
      );
    if (e.deployment && !stages.includes('DEPLOY') && !runtime)
      add('POLICY_EXCLUSION', `${path}/deployment`, 'deployment exclusions need the DEPLOY or RUNTIME stage');
    if (e.deployment?.scope) validateScope(e.deployment.scope, `${path}/deployment/scope`, add, true);
    if (e.expiration !== undefined && e.expiration !== null && Number.isNaN(Date.parse(e.expiration)))
      add('POLICY_EXCLUSION', `${path}/expiration`, 'expiration must be an RFC 3339 timestamp');
  });
  return problems;
}

type Add = (code: string, path: string, message: string) => void;

function validateScope(sc: NonNullable<Policy['scope']>[number], path: string, add: Add, exclusion: boolean) {
  if (!sc.cluster && !sc.namespace && !sc.label && !sc.clusterLabel && !sc.namespaceLabel)
    add('POLICY_SCOPE', path, 'a scope needs at least one of cluster, namespace, label');
  if (sc.cluster && sc.clusterLabel)
    add('POLICY_SCOPE', path, 'use either cluster or clusterLabel, not both');
  if (sc.namespace && sc.namespaceLabel)
    add('POLICY_SCOPE', path, 'use either namespace or namespaceLabel, not both');
  if (exclusion && (sc.clusterLabel || sc.namespaceLabel))
    add('POLICY_SCOPE', path, 'exclusion scopes may not use cluster or namespace labels');
}

function validateSection(
  groups: PolicyGroup[],
  path: string,
  stages: readonly string[],
  es: string,
  add: Add,
) {
  if (groups.length === 0) add('POLICY_SECTION', path, 'a section needs at least one policy group');
  const seen = new Set<string>();
  const kinds = new Set<string>();
  for (const [gi, g] of groups.entries()) {
    const gp = `${path}/policyGroups/${gi}`;
    const field = policyFieldByName(g.fieldName);
    if (!field) {
      add(
        'POLICY_FIELD_UNKNOWN',
        `${gp}/fieldName`,
        `unknown field name "${g.fieldName}"; use one of the 79 StackRox field names (rampart policy fields)`,
      );
      continue;
    }
    if (seen.has(field.name))
      add(
        'POLICY_FIELD_REPEATED',
        gp,
        `field "${field.name}" appears twice in one section; merge the values into one group`,
      );
    seen.add(field.name);
    if (field.runtime) kinds.add(field.runtime);
    if (field.eventSources && es !== 'NOT_APPLICABLE' && !field.eventSources.includes(es as 'NODE_EVENT'))
      add(
        'POLICY_FIELD_EVENT_SOURCE',
        gp,
        `field "${field.name}" cannot be used with event source ${es} (it needs ${field.eventSources.join(' or ')})`,
      );
    if (es === 'AUDIT_LOG_EVENT' && !field.eventSources)
      add(
        'POLICY_FIELD_EVENT_SOURCE',
        gp,
        `audit log policies can only use Kubernetes event fields, not "${field.name}"`,
      );
    if (field.name === 'Kubernetes Resource' && es !== 'NOT_APPLICABLE') {
      const allowed = es === 'AUDIT_LOG_EVENT' ? AUDIT_RESOURCES : DEPLOYMENT_EVENT_RESOURCES;
      (g.values ?? []).forEach((v, vi) => {
        if (typeof v?.value === 'string' && !allowed.includes(v.value.toUpperCase()))
          add(
            'POLICY_VALUE_INVALID',
            `${gp}/values/${vi}`,
            `Kubernetes Resource "${v.value}" is not valid for ${es} policies; use one of ${allowed.join(', ')}`,
          );
      });
    }
    const values = (g.values ?? []).map((v) => v?.value);
    if (values.length === 0)
      add('POLICY_VALUE_MISSING', `${gp}/values`, `field "${field.name}" needs at least one value`);
    if (g.negate && !field.negatable)
      add('POLICY_NEGATE_FORBIDDEN', `${gp}/negate`, `field "${field.name}" cannot be negated`);
    const op = g.booleanOperator ?? 'OR';
    if (op !== 'OR' && op !== 'AND')
      add('POLICY_OPERATOR', `${gp}/booleanOperator`, 'booleanOperator must be OR or AND');
    if (!field.multiValue && (values.length > 1 || g.booleanOperator === 'AND'))
      add('POLICY_VALUE_COUNT', `${gp}/values`, `field "${field.name}" takes exactly one value`);
    if (field.name === 'Image Signature Verified By' && op === 'AND')
      add('POLICY_OPERATOR', `${gp}/booleanOperator`, 'Image Signature Verified By cannot use AND');
    let syntaxOk = true;
    values.forEach((v, vi) => {
      if (typeof v !== 'string') {
        add('POLICY_VALUE_INVALID', `${gp}/values/${vi}`, 'value must be a string');
        syntaxOk = false;
        return;
      }
      const why = valueSyntaxValidators[field.valueSyntax](v);
      if (why) {
        add('POLICY_VALUE_INVALID', `${gp}/values/${vi}`, `value "${v}" of "${field.name}" ${why}`);
        syntaxOk = false;
      }
    });
    if (syntaxOk && values.length > 0) {
      try {
        compileGroupMatcher(
          field,
          values as string[],
          op === 'AND' ? 'AND' : 'OR',
          g.negate === true,
          () => 0,
        );
      } catch (err) {
        add('POLICY_REGEX_INVALID', `${gp}/values`, `field "${field.name}": ${describeError(err)}`);
      }
    }
    for (const s of stages) {
      if (!field.stages.includes(s as 'BUILD')) {
        add(
          'POLICY_FIELD_STAGE',
          gp,
          `field "${field.name}" cannot be used in a ${s} policy (it supports ${field.stages.join(', ')})`,
        );
      }
    }
  }
  if (stages.includes('RUNTIME')) {
    if (kinds.size === 0)
      add(
        'POLICY_RUNTIME_FIELD',
        path,
        'a runtime section needs at least one runtime field (process, Kubernetes event, network flow, file access)',
      );
    const k = [...kinds];
    if ((kinds.has('kubeEvent') || kinds.has('networkFlow')) && k.length > 1)
      add(
        'POLICY_RUNTIME_FIELD',
        path,
        'Kubernetes event and network flow fields cannot be mixed with other runtime fields',
      );
    if (es === 'AUDIT_LOG_EVENT' && (!seen.has('Kubernetes Resource') || !seen.has('Kubernetes API Verb')))
      add(
        'POLICY_EVENT_SOURCE',
        path,
        'audit log sections must contain Kubernetes Resource and Kubernetes API Verb',
      );
    if (es === 'NODE_EVENT' && !seen.has('File Path'))
      add('POLICY_EVENT_SOURCE', path, 'node event sections must contain File Path');
  }
  if (seen.has('File Operation') && !seen.has('File Path'))
    add('POLICY_FIELD_DEPENDENCY', path, 'File Operation needs File Path in the same section');
  for (const f of ['Kubernetes User Name', 'Kubernetes User Groups'])
    if (seen.has(f) && !seen.has('Kubernetes Resource'))
      add('POLICY_FIELD_DEPENDENCY', path, `${f} needs Kubernetes Resource in the same section`);
  const caps = (name: string) =>
    new Set(
      groups
        .filter((g) => g.fieldName === name)
        .flatMap((g) => (g.values ?? []).map((v) => String(v?.value).toUpperCase())),
    );
  const shared = [...caps('Add Capabilities')].filter((c) => caps('Drop Capabilities').has(c));
  if (shared.length > 0)
    add('POLICY_CAPABILITIES', path, `capabilities both added and dropped: ${shared.join(', ')}`);
}
