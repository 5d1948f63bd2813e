import { Args } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { readDefaultPolicySet, readPolicyFiles } from '../../cli/read-policy-files.js';

export default class PolicyValidate extends RampartCommand {
  static override summary = 'Validate policy files and report every problem.';
  static override description =
    "Checks every policy in the given files and directories (or the built-in set) against StackRox's rules: known field names, value syntax, stages, event sources, scopes and exclusions. Prints each problem on its own line and exits 1 if there is any.";
  static override examples = [
    '<%= config.bin %> policy validate my-policy.json',
    '<%= config.bin %> policy validate ./policies',
  ];
  static override strict = false;
  static override args = { path: Args.string({ description: 'Policy file or directory (repeatable).' }) };

  protected async exec(): Promise<number> {
    const { argv, flags } = await this.parse(PolicyValidate);
    this.configureLogging(flags);
    const paths = argv as string[];
    const set = paths.length > 0 ? readPolicyFiles(paths) : readDefaultPolicySet();
    let problems = 0;
    for (const f of set.failures) {
      this.out(`${f.file}: ${f.message}`);
      problems++;
    }
    for (const e of set.entries) {
      for (const p of e.problems) {
        this.out(
          `${e.file}: policy "${e.policy.name}": ${p.path ? `${p.path}: ` : ''}${p.message} [${p.code}]`,
        );
        problems++;
      }
    }
    const checked = set.entries.length;
    if (problems > 0) {
      this.err(
        `ERROR:\t${problems} problem${problems === 1 ? '' : 's'} found in ${checked + set.failures.length} policies; fix them and run validate again`,
      );
      return 1;
    }
    this.out(`${checked} policies valid`);
    return 0;
  }
}
