import { Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { checkOutputFlags, filterByCategories, printCheckResult } from '../../cli/check-output.js';
import { imageFlags } from '../../cli/image-flags.js';
import type { CheckLocation } from '../../cli/policy-check-rows.js';
import { readManifestInputs } from '../../cli/read-manifest-inputs.js';
import { readDefaultPolicySet, readPolicyFiles, requireValidPolicies } from '../../cli/read-policy-files.js';
import { buildPolicyCheckResult, failingPolicies } from '../../cli/render-policy-results.js';
import { runPolicyEvaluation } from '../../cli/run-policy-evaluation.js';
import { scanImageData } from '../../cli/scan-image-data.js';
import type { Image } from '../../model/image.js';
import { loadWorkloads, type WorkloadSet } from '../../policy/workloads/index.js';

const { platform, username, password, insecure, retries } = imageFlags;

export default class DeploymentCheck extends RampartCommand {
  static override summary = 'Check Kubernetes workloads against deploy-time policies.';
  static override description =
    'Reads manifests (files or "-" for stdin: helm template and kustomize output work), builds the deployments StackRox would see (with their Services, RBAC and NetworkPolicies) and evaluates the enabled DEPLOY-stage policies: the built-in set, or --policy/--policies-dir. With --scan-images the images are scanned locally so image criteria (CVEs, components, age, user, Dockerfile) apply. A violated policy with SCALE_TO_ZERO_ENFORCEMENT breaks the deploy: exit 1 (or --exit-code), in every output format.';
  static override examples = [
    '<%= config.bin %> deployment check -f app.yaml',
    'helm template ./chart | <%= config.bin %> deployment check -f - -o sarif',
    '<%= config.bin %> deployment check -f app.yaml --scan-images -o json',
  ];
  static override flags = {
    ...checkOutputFlags,
    file: Flags.string({
      char: 'f',
      description: 'Manifest file (YAML or JSON; "-" for stdin), repeatable.',
      multiple: true,
      required: true,
    }),
    categories: Flags.string({
      char: 'c',
      description: 'Only policies of these categories (comma-separated, repeatable).',
      multiple: true,
      delimiter: ',',
    }),
    policy: Flags.string({ description: 'Policy JSON or export file (repeatable).', multiple: true }),
    'policies-dir': Flags.string({ description: 'Directory of policy files (repeatable).', multiple: true }),
    cluster: Flags.string({ description: 'Cluster name the workloads belong to (for policy scopes).' }),
    namespace: Flags.string({
      char: 'n',
      description: 'Namespace (as roxctl: only meaningful with --cluster).',
      default: 'default',
    }),
    verbose: Flags.boolean({
      char: 'v',
      description: 'Print additional remarks: RBAC permission level and applied network policies.',
    }),
    'scan-images': Flags.boolean({
      description: 'Scan the workloads\u2019 images locally so image criteria are evaluated.',
    }),
    force: Flags.boolean({ description: 'Ignore cached layer results when scanning images.' }),
    retries,
    'retry-delay': imageFlags['retry-delay'],
    platform,
    username,
    password,
    insecure,
    'cache-dir': imageFlags['cache-dir'],
    'no-cache': imageFlags['no-cache'],
    db: Flags.string({
      description: 'Vulnerability database file (default: the user cache dir).',
      env: 'RAMPART_DB',
    }),
  };

  protected async exec(): Promise<number> {
    const { flags } = await this.parse(DeploymentCheck);
    this.configureLogging(flags);
    if (flags.namespace !== 'default' && !flags.cluster)
      this.err("WARN:\tCluster is empty. Namespace will only have an effect if '--cluster' is defined.");
    const paths = [...(flags.policy ?? []), ...(flags['policies-dir'] ?? [])];
    const policies = filterByCategories(
      requireValidPolicies(paths.length > 0 ? readPolicyFiles(paths) : readDefaultPolicySet()),
      flags.categories,
    );
    const workloads = loadWorkloads(await readManifestInputs(flags.file));
    for (const ref of workloads.ignoredObjectRefs)
      this.err(`INFO:\tIgnored object "${ref}" as its schema was not registered.`);
    const images = flags['scan-images'] ? await this.scanImages(workloads, flags) : [];
    const refs = imageRefs(workloads);
    const unscanned = flags['scan-images'] ? 0 : refs.length;
    if (unscanned > 0)
      this.err(
        `INFO:\t${unscanned} images were not scanned: image criteria (CVEs, components, age, user, Dockerfile) were not evaluated; pass --scan-images to scan them`,
      );
    const entities = runPolicyEvaluation({
      policies,
      stage: 'DEPLOY',
      workloads,
      images,
      ...(flags.cluster ? { cluster: flags.cluster } : {}),
    });
    const result = buildPolicyCheckResult(entities, 'DEPLOY');
    const code = printCheckResult(result, flags, {
      stage: 'DEPLOY',
      toolVersion: this.config.version,
      defaultUri: flags.file[0] === '-' ? 'stdin' : flags.file[0]!,
      locations: locationsOf(workloads),
      unscannedImages: { unscanned, total: refs.length },
      out: (t) => this.out(t),
      err: (l) => this.err(l),
    });
    if (flags.verbose && workloads.remarks.length > 0) {
      const remarks = workloads.remarks.map(
        (r) =>
          `Deployment: ${r.name}, Permission Level: ${r.permissionLevel}, Applied Network Policies: ${r.appliedNetworkPolicies.join(', ')}`,
      );
      // roxctl prints the remarks after the table, and only when nothing breaks the deploy;
      // otherwise (and beside machine-readable formats) they go to stderr.
      if (flags.output === 'table' && failingPolicies(result).length === 0)
        this.out(['Additional remarks:', ...remarks].join('\n'));
      else for (const line of ['Additional remarks:', ...remarks]) this.err(`INFO:\t${line}`);
    }
    return code;
  }

  private async scanImages(
    workloads: WorkloadSet,
    flags: Parameters<typeof scanImageData>[1] & { db?: string },
  ): Promise<Image[]> {
    const out: Image[] = [];
    for (const ref of imageRefs(workloads)) {
      const image = await scanImageData(ref, flags, {
        ...(flags.db ? { db: flags.db } : {}),
        toolVersion: this.config.version,
        log: this.log_,
        warn: (m) => this.err(`WARN:\t${ref}: ${m}`),
      });
      // Look the scan up under the name the workload used, whatever the registry answered.
      out.push({ ...image, name: { ...image.name, fullName: ref } });
    }
    return out;
  }
}

/** Distinct image references of every container, in first-seen order. */
function imageRefs(workloads: WorkloadSet): string[] {
  const seen = new Set<string>();
  for (const w of workloads.workloads)
    for (const c of w.deployment.containers ?? []) {
      const ref = c.image?.name?.fullName;
      if (ref) seen.add(ref);
    }
  return [...seen];
}

function locationsOf(workloads: WorkloadSet): Map<string, CheckLocation> {
  return new Map(
    workloads.workloads.map((w) => [
      w.deployment.id ?? '',
      {
        file: w.source.file,
        line: w.source.line,
        column: w.source.column,
        documentIndex: w.source.documentIndex,
      },
    ]),
  );
}
