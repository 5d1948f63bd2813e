import { Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { checkOutputFlags, filterByCategories, printCheckResult } from '../../cli/check-output.js';
import { imageArgs, imageFlags } from '../../cli/image-flags.js';
import { readDefaultPolicySet, readPolicyFiles, requireValidPolicies } from '../../cli/read-policy-files.js';
import { buildPolicyCheckResult } from '../../cli/render-policy-results.js';
import { runPolicyEvaluation } from '../../cli/run-policy-evaluation.js';
import { scanImageData } from '../../cli/scan-image-data.js';
import { RampartError } from '../../runtime/errors.js';

export default class ImageCheck extends RampartCommand {
  static override summary = 'Check an image against build-time policies.';
  static override description =
    'Scans the image locally (layers are cached; vulnerabilities come from the local database) and evaluates the enabled BUILD-stage policies: the built-in set, or --policy/--policies-dir. Prints the result as roxctl image check does. A violated policy with FAIL_BUILD_ENFORCEMENT breaks the build: exit 1 (or --exit-code), in every output format.';
  static override examples = [
    '<%= config.bin %> image check --image registry.example.com/team/app:1.4',
    '<%= config.bin %> image check -i ./app.tar --policy ./policies -o sarif',
    '<%= config.bin %> image check -i oci:./layout:latest -c "Vulnerability Management" -o junit',
  ];
  static override args = imageArgs;
  static override flags = {
    ...imageFlags,
    ...checkOutputFlags,
    categories: Flags.string({
      char: 'c',
      description: 'Only policies of these categories (comma-separated, repeatable).',
      multiple: true,
      delimiter: ',',
    }),
    policy: Flags.string({ description: 'Policy JSON or export file (repeatable).', multiple: true }),
    'policies-dir': Flags.string({ description: 'Directory of policy files (repeatable).', multiple: true }),
    'send-notifications': Flags.boolean({
      description:
        'Accepted for roxctl compatibility; a no-op (says so on stderr): there are no notifiers without Central.',
    }),
    cluster: Flags.string({
      description: 'Accepted for roxctl compatibility; BUILD policies ignore scopes here.',
    }),
    namespace: Flags.string({
      description: 'Accepted for roxctl compatibility; BUILD policies ignore scopes here.',
    }),
    db: Flags.string({
      description: 'Vulnerability database file (default: the user cache dir).',
      env: 'RAMPART_DB',
    }),
  };

  protected async exec(): Promise<number> {
    const { args, flags } = await this.parse(ImageCheck);
    this.configureLogging(flags);
    const reference = flags.image ?? args.image;
    if (!reference) {
      throw new RampartError(
        'CHECK_NO_IMAGE',
        'no image given: pass --image REF (a registry reference, archive, OCI layout or rootfs path)',
      );
    }
    if (flags['send-notifications'])
      this.err(
        'INFO:\t--send-notifications has no effect: there are no notifiers to send to without Central',
      );
    const paths = [...(flags.policy ?? []), ...(flags['policies-dir'] ?? [])];
    const policies = filterByCategories(
      requireValidPolicies(paths.length > 0 ? readPolicyFiles(paths) : readDefaultPolicySet()),
      flags.categories,
    );
    const image = await scanImageData(reference, flags, {
      ...(flags.db ? { db: flags.db } : {}),
      toolVersion: this.config.version,
      log: this.log_,
      warn: (m) => this.err(`WARN:\t${m}`),
    });
    const entities = runPolicyEvaluation({ policies, stage: 'BUILD', images: [image] });
    const result = buildPolicyCheckResult(entities, 'BUILD');
    return printCheckResult(result, flags, {
      stage: 'BUILD',
      toolVersion: this.config.version,
      defaultUri: image.name?.fullName ?? reference,
      out: (t) => this.out(t),
      err: (l) => this.err(l),
    });
  }
}
