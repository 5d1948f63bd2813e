import { Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { readImageData } from '../../cli/read-image-data.js';
import { readJsonInput } from '../../cli/read-json-input.js';
import { readManifestInputs } from '../../cli/read-manifest-inputs.js';
import { readDefaultPolicySet, readPolicyFiles, requireValidPolicies } from '../../cli/read-policy-files.js';
import {
  buildPolicyCheckResult,
  failingPolicies,
  policyCheckClosingLines,
  renderPolicyCheckTable,
} from '../../cli/render-policy-results.js';
import { runPolicyEvaluation } from '../../cli/run-policy-evaluation.js';
import type {
  FileAccessEvent,
  KubernetesEvent,
  NetworkFlowEvent,
  ProcessBaseline,
  ProcessIndicator,
} from '../../model/runtime-event.js';
import type { LifecycleStage } from '../../policy/index.js';
import { loadWorkloads } from '../../policy/workloads/index.js';

export default class PolicyEvaluate extends RampartCommand {
  static override summary = 'Evaluate policies against workloads, an image or a runtime event, offline.';
  static override description =
    'Reads Kubernetes manifests (with their Services, Routes, Ingresses, RBAC objects and NetworkPolicies), optional StackRox image data and runtime events, and evaluates StackRox-model policies (the built-in default set unless --policy is given). Prints the result in the shape of roxctl deployment check / image check; exits 1 when a violated policy is enforced at the evaluated stage.';
  static override examples = [
    '<%= config.bin %> policy evaluate -f deploy.yaml',
    '<%= config.bin %> policy evaluate -f app.yaml --image-data image.json -o json',
    '<%= config.bin %> policy evaluate --stage BUILD --image quay.io/org/app:1.2 --image-data image.json',
    '<%= config.bin %> policy evaluate -f app.yaml --image-data vuln-report.json',
    '<%= config.bin %> policy evaluate --stage RUNTIME -f app.yaml --process indicator.json --process-baseline baseline.json',
    '<%= config.bin %> policy evaluate --stage RUNTIME -f app.yaml --network-flow flow.json',
    '<%= config.bin %> policy evaluate --stage RUNTIME --file-access file-access.json',
  ];
  static override flags = {
    policy: Flags.string({
      description:
        'Policy JSON or export file, or a directory of them (repeatable). Default: the built-in set.',
      multiple: true,
    }),
    file: Flags.string({
      char: 'f',
      description: 'Manifest file (YAML or JSON; "-" for stdin), repeatable.',
      multiple: true,
    }),
    'image-data': Flags.string({
      description:
        'Image data for container images, matched by image reference (repeatable): StackRox storage.Image JSON, or the VulnReport of "rampart image scan IMAGE -o report-json" (it lists only components with findings).',
      multiple: true,
    }),
    stage: Flags.string({
      description: 'Lifecycle stage to evaluate.',
      options: ['DEPLOY', 'BUILD', 'RUNTIME'],
      default: 'DEPLOY',
    }),
    image: Flags.string({ description: 'BUILD: the image reference to evaluate on its own.' }),
    process: Flags.string({ description: 'RUNTIME: a StackRox storage.ProcessIndicator JSON file.' }),
    'process-baseline': Flags.string({
      description: 'RUNTIME: a StackRox storage.ProcessBaseline JSON file for the process container.',
    }),
    'kube-event': Flags.string({ description: 'RUNTIME: a StackRox storage.KubernetesEvent JSON file.' }),
    'network-flow': Flags.string({
      description:
        'RUNTIME: a network flow JSON file (StackRox NetworkFlowDetails: srcEntityName, srcEntityType, dstEntityName, dstEntityType, dstPort, l4Protocol, notInNetworkBaseline), judged for the workloads it names as source or destination.',
    }),
    'file-access': Flags.string({
      description:
        'RUNTIME: a StackRox storage.FileAccess JSON file (file.actualPath/effectivePath, operation, hostname), a node event judged on its own by NODE_EVENT policies; no --file needed.',
    }),
    cluster: Flags.string({ description: 'Cluster name the workloads belong to (for policy scopes).' }),
    output: Flags.string({
      char: 'o',
      description: 'Output format.',
      options: ['table', 'json'],
      default: 'table',
    }),
  };

  protected async exec(): Promise<number> {
    const { flags } = await this.parse(PolicyEvaluate);
    this.configureLogging(flags);
    const stage = flags.stage as LifecycleStage;
    const policies = requireValidPolicies(
      flags.policy ? readPolicyFiles(flags.policy) : readDefaultPolicySet(),
    );
    const workloads = flags.file ? loadWorkloads(await readManifestInputs(flags.file)) : undefined;
    for (const ref of workloads?.ignoredObjectRefs ?? [])
      this.err(`INFO:\tIgnored object "${ref}" as its schema was not registered.`);
    const entities = runPolicyEvaluation({
      policies,
      stage,
      ...(workloads ? { workloads } : {}),
      images: readImageData(flags['image-data'] ?? []),
      ...(flags.image ? { imageRef: flags.image } : {}),
      ...(flags.process
        ? { process: readJsonInput<ProcessIndicator>(flags.process, 'storage.ProcessIndicator', 'signal') }
        : {}),
      ...(flags['process-baseline']
        ? {
            processBaseline: readJsonInput<ProcessBaseline>(
              flags['process-baseline'],
              'storage.ProcessBaseline',
            ),
          }
        : {}),
      ...(flags['kube-event']
        ? {
            kubeEvent: readJsonInput<KubernetesEvent>(
              flags['kube-event'],
              'storage.KubernetesEvent',
              'object',
            ),
          }
        : {}),
      ...(flags['network-flow']
        ? {
            networkFlow: readJsonInput<NetworkFlowEvent>(
              flags['network-flow'],
              'network flow (NetworkFlowDetails)',
              'dstEntityName',
            ),
          }
        : {}),
      ...(flags['file-access']
        ? { fileAccess: readJsonInput<FileAccessEvent>(flags['file-access'], 'storage.FileAccess', 'file') }
        : {}),
      ...(flags.cluster ? { cluster: flags.cluster } : {}),
    });
    const result = buildPolicyCheckResult(entities, stage);
    this.out(
      flags.output === 'json' ? JSON.stringify(result, null, 2) : renderPolicyCheckTable(result, stage),
    );
    for (const line of policyCheckClosingLines(result, stage)) this.err(line);
    const failing = failingPolicies(result).length;
    if (failing === 0) return 0;
    const prefix = stage === 'DEPLOY' ? 'breaking policies found: ' : '';
    this.err(
      `ERROR:\t${prefix}failed policies found: ${failing} policies violated that are failing the check`,
    );
    return 1;
  }
}
