import { Args, Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { importPolicies } from '../../cli/import-policies.js';
import { readPolicyFiles, requireValidPolicies } from '../../cli/read-policy-files.js';

export default class PolicyImport extends RampartCommand {
  static override summary = 'Validate policies and copy them into a policy directory.';
  static override description =
    "Reads policy JSON or export files (StackRox's own exports import unchanged), validates every policy, and writes each one as its own file into --policies-dir. A policy whose id or name is already there is refused unless --overwrite is given; nothing is written when anything is refused.";
  static override examples = [
    '<%= config.bin %> policy import exported.json --policies-dir ./policies',
    '<%= config.bin %> policy import ./new --policies-dir ./policies --overwrite',
  ];
  static override strict = false;
  static override args = {
    path: Args.string({ description: 'Policy file or directory (repeatable).', required: true }),
  };
  static override flags = {
    'policies-dir': Flags.string({
      description: 'Directory to import into (created if missing).',
      required: true,
    }),
    overwrite: Flags.boolean({ description: 'Replace policies with the same id or name.' }),
  };

  protected async exec(): Promise<number> {
    const { argv, flags } = await this.parse(PolicyImport);
    this.configureLogging(flags);
    const policies = requireValidPolicies(readPolicyFiles(argv as string[]));
    const result = importPolicies(policies, flags['policies-dir'], flags.overwrite);
    for (const f of result.written) this.out(f);
    this.err(
      `INFO:\timported ${result.written.length} policies into ${flags['policies-dir']}${result.replaced.length > 0 ? ` (${result.replaced.length} replaced)` : ''}`,
    );
    return 0;
  }
}
