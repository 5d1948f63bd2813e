import { readFileSync } from 'node:fs';

import { Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { RampartError, describeError } from '../../runtime/errors.js';
import { exportBundle } from '../../scanner/vulndb/bundle.js';
import { defaultDbPath } from '../../scanner/vulndb/default-db-path.js';

export default class VulndbExport extends RampartCommand {
  static override summary =
    'Write the vulnerability database as an offline bundle (.tar.gz with a manifest and an optional Ed25519 signature).';
  static override examples = [
    '<%= config.bin %> vulndb export --output rampart-vulndb.tar.gz',
    '<%= config.bin %> vulndb export -o rampart-vulndb.tar.gz --signing-key ed25519.pem',
  ];
  static override flags = {
    db: Flags.string({ description: 'Database file (default: the user cache dir).', env: 'RAMPART_DB' }),
    output: Flags.string({
      char: 'o',
      aliases: ['bundle'],
      description: 'Bundle file to write (.tar.gz); --bundle is accepted as an alias.',
      required: true,
    }),
    'signing-key': Flags.string({ description: 'Ed25519 private key (PEM) to sign the manifest with.' }),
  };

  protected async exec(): Promise<number> {
    const { flags } = await this.parse(VulndbExport);
    this.configureLogging(flags);
    let signingKeyPem: string | undefined;
    if (flags['signing-key']) {
      try {
        signingKeyPem = readFileSync(flags['signing-key'], 'utf8');
      } catch (err: unknown) {
        throw new RampartError(
          'VULNDB_BUNDLE_KEY',
          `cannot read signing key ${flags['signing-key']}: ${describeError(err)}`,
        );
      }
    }
    const m = await exportBundle({
      dbPath: flags.db ?? defaultDbPath(process.env),
      out: flags.output,
      signingKeyPem,
    });
    this.out(
      `${flags.output}\tschema ${m.schemaVersion}\tfeeds ${m.feeds.map((f) => f.name).join(',') || '-'}\tsha256 ${m.members[0]!.sha256}${signingKeyPem ? '\tsigned' : ''}`,
    );
    return 0;
  }
}
