import assert from 'node:assert/strict';
import { policyFieldByName, policyFields } from '../../../src/policy/index.js';
import { valueSyntaxValidators } from '../../../src/policy/fields/value-syntax.js';

// StackRox's 79 field names (pkg/booleanpolicy/fieldnames/list.go, reference §2.4).
const STACKROX_FIELDS = [
  'Add Capabilities', 'Allow Privilege Escalation', 'AppArmor Profile', 'Automount Service Account Token',
  'CVE', 'CVSS', 'Container CPU Limit', 'Container CPU Request', 'Container Memory Limit',
  'Container Memory Request', 'Container Name', 'Days Since CVE Was Published',
  'Days Since CVE Fix Was Available', 'Days Since CVE Was First Discovered In Image',
  'Days Since CVE Was First Discovered In System', 'Disallowed Annotation', 'Disallowed Image Label',
  'Dockerfile Line', 'Drop Capabilities', 'Environment Variable', 'Exposed Node Port', 'Exposed Port',
  'Exposed Port Protocol', 'File Operation', 'File Path', 'Fixable', 'Fixed By',
  'Has Egress Network Policy', 'Has Ingress Network Policy', 'Host IPC', 'Host Network', 'Host PID',
  'Image Age', 'Image Component', 'Image OS', 'Image Registry', 'Image Remote', 'Image Scan Age',
  'Image Signature Verified By', 'Image Tag', 'Image User', 'Is Impersonated User', 'Kubernetes API Verb',
  'Kubernetes Resource', 'Kubernetes Resource Name', 'Kubernetes User Name', 'Kubernetes User Groups',
  'Liveness Probe Defined', 'Minimum RBAC Permissions', 'Mount Propagation', 'NVD CVSS', 'Namespace',
  'Port Exposure Method', 'Privileged Container', 'Process Ancestor', 'Process Arguments', 'Process Name',
  'Process UID', 'Read-Only Root Filesystem', 'Readiness Probe Defined', 'Replicas', 'Required Annotation',
  'Required Image Label', 'Required Label', 'Runtime Class', 'Seccomp Profile Type', 'Service Account',
  'Severity', 'Source IP Address', 'Unexpected Network Flow Detected', 'Unexpected Process Executed',
  'Unscanned Image', 'User Agent', 'Volume Destination', 'Volume Name', 'Volume Source', 'Volume Type',
  'Writable Host Mount', 'Writable Mounted Volume',
]; // prettier-ignore

describe('policy field registry', () => {
  it('holds exactly StackRox 79 field names, each once', () => {
    assert.equal(STACKROX_FIELDS.length, 79);
    assert.deepEqual([...policyFields.map((f) => f.name)].sort(), [...STACKROX_FIELDS].sort());
  });

  it('looks fields up by exact name only', () => {
    assert.equal(policyFieldByName('Privileged Container')?.level, 'container');
    assert.equal(policyFieldByName('privileged container'), undefined);
  });

  it('declares consistent metadata', () => {
    for (const f of policyFields) {
      assert.ok(valueSyntaxValidators[f.valueSyntax], `${f.name} has a validator`);
      if (f.runtime) assert.deepEqual(f.stages, ['RUNTIME'], `${f.name} is runtime-only`);
      if (f.level === 'vuln' || f.level === 'component' || f.level === 'layer')
        assert.ok(f.needsImage, f.name);
    }
    const cvss = policyFieldByName('CVSS')!;
    assert.equal(cvss.negatable, false);
    assert.equal(cvss.level, 'vuln');
    assert.equal(policyFieldByName('Host Network')!.multiValue, false);
    assert.deepEqual(policyFieldByName('Image Tag')!.stages, ['BUILD', 'DEPLOY', 'RUNTIME']);
  });
});
