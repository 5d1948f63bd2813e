import { Args, Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { readDefaultPolicySet, readPolicyFiles, requireValidPolicies } from '../../cli/read-policy-files.js';
import { policyListRows, renderPolicyListTable } from '../../cli/render-policy-list.js';

export default class PolicyList extends RampartCommand {
  static override summary = 'List policies: name, severity, stages, categories, enforcement.';
  static override description =
    "Lists the policies in the given files and directories (policy JSON or export files), or Rampart's built-in default set when none is given.";
  static override examples = [
    '<%= config.bin %> policy list',
    '<%= config.bin %> policy list ./policies -o json',
  ];
  static override strict = false;
  static override args = { path: Args.string({ description: 'Policy file or directory (repeatable).' }) };
  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'Output format.',
      options: ['table', 'json'],
      default: 'table',
    }),
  };

  protected async exec(): Promise<number> {
    const { argv, flags } = await this.parse(PolicyList);
    this.configureLogging(flags);
    const paths = argv as string[];
    const set = paths.length > 0 ? readPolicyFiles(paths) : readDefaultPolicySet();
    requireValidPolicies(set);
    const rows = policyListRows(set.entries);
    this.out(flags.output === 'json' ? JSON.stringify(rows, null, 2) : renderPolicyListTable(rows));
    return 0;
  }
}
