import { writeFileSync } from 'node:fs';

import { Args, Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { readDefaultPolicySet, readPolicyFiles, requireValidPolicies } from '../../cli/read-policy-files.js';
import { serializePolicies } from '../../policy/index.js';
import { RampartError, describeError } from '../../runtime/errors.js';

export default class PolicyExport extends RampartCommand {
  static override summary = 'Export policies as one StackRox export document {"policies": […]}.';
  static override description =
    'Writes the policies of the given files and directories (or a --policies-dir, or the built-in default set) as one export document that StackRox and Rampart can import.';
  static override examples = [
    '<%= config.bin %> policy export > defaults.json',
    '<%= config.bin %> policy export --policies-dir ./policies --output-file all.json',
  ];
  static override strict = false;
  static override args = { path: Args.string({ description: 'Policy file or directory (repeatable).' }) };
  static override flags = {
    'policies-dir': Flags.string({
      description: 'Policy directory to export (as written by "policy import").',
    }),
    'output-file': Flags.string({ description: 'Write to this file instead of standard output.' }),
  };

  protected async exec(): Promise<number> {
    const { argv, flags } = await this.parse(PolicyExport);
    this.configureLogging(flags);
    const paths = [...(argv as string[]), ...(flags['policies-dir'] ? [flags['policies-dir']] : [])];
    const policies = requireValidPolicies(paths.length > 0 ? readPolicyFiles(paths) : readDefaultPolicySet());
    const text = serializePolicies(policies);
    if (!flags['output-file']) {
      this.out(text);
      return 0;
    }
    try {
      writeFileSync(flags['output-file'], text.endsWith('\n') ? text : `${text}\n`);
    } catch (err: unknown) {
      throw new RampartError(
        'POLICY_EXPORT_WRITE',
        `could not write "${flags['output-file']}": ${describeError(err)}`,
      );
    }
    this.err(`INFO:\texported ${policies.length} policies to ${flags['output-file']}`);
    return 0;
  }
}
