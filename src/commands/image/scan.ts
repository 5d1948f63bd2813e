import { randomUUID } from 'node:crypto';

import { Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { imageArgs, imageFlags } from '../../cli/image-flags.js';
import { indexFromFlags } from '../../cli/index-image.js';
import { readIgnoreFile } from '../../cli/read-ignore-file.js';
import type { SeverityName } from '../../model/vuln-report.js';
import { RampartError } from '../../runtime/errors.js';
import { matchReport } from '../../scanner/matcher/match-report.js';
import type { SeverityPin } from '../../scanner/matcher/pick-severity.js';
import { filterReport } from '../../scanner/matcher/summarize-findings.js';
import { vulnRenderers } from '../../scanner/report/vuln-renderers.js';
import { defaultDbPath } from '../../scanner/vulndb/default-db-path.js';
import { openStore } from '../../scanner/vulndb/store.js';

const SEVERITIES = ['LOW', 'MODERATE', 'IMPORTANT', 'CRITICAL'] as const;

export default class ImageScan extends RampartCommand {
  static override summary = 'Scan an image for vulnerabilities against the local vulnerability database.';
  static override description =
    'Indexes the image (registry, docker-archive, OCI layout or root filesystem), matches every OS and language package against the local database (distribution-aware: Debian/Ubuntu by source package and release, Alpine by origin and branch, Red Hat family by CPE and module, language packages by OSV ecosystem) and prints roxctl-shaped results. Coverage gaps (unknown or end-of-life distribution, ecosystems without data) are always reported.';
  static override examples = [
    '<%= config.bin %> image scan --image registry.example.com/team/app:1.4',
    '<%= config.bin %> image scan ./app.tar -o json --severity IMPORTANT,CRITICAL --fail',
    '<%= config.bin %> image scan oci:./layout:latest --ignore-unfixed --ignorefile .trivyignore',
  ];
  static override args = imageArgs;
  static override flags = {
    ...imageFlags,
    output: Flags.string({
      char: 'o',
      description: 'Output format.',
      options: vulnRenderers.map((r) => r.id),
      default: 'table',
    }),
    db: Flags.string({
      description: 'Vulnerability database file (default: the user cache dir).',
      env: 'RAMPART_DB',
    }),
    severity: Flags.string({
      description: 'Comma-separated severities to report (LOW, MODERATE, IMPORTANT, CRITICAL).',
      default: SEVERITIES.join(','),
    }),
    fail: Flags.boolean({
      description: 'Exit with an error when any vulnerability remains after filtering.',
    }),
    'exit-code': Flags.integer({
      description:
        'Exit status when vulnerabilities remain after filtering (implies --fail); tool errors stay 1.',
      min: 0,
      max: 255,
    }),
    'include-snoozed': Flags.boolean({
      char: 'a',
      description: 'Also report the ids the --ignorefile lists (the ignore file is the snooze list).',
    }),
    'ignore-unfixed': Flags.boolean({ description: 'Leave out vulnerabilities that have no fixed version.' }),
    ignorefile: Flags.string({
      description: 'Ids to leave out: a list (one per line), OpenVEX or CycloneDX VEX.',
    }),
    'severity-source': Flags.string({
      description: 'Take severities only from this source (default: vendor, else NVD, else CNA).',
      options: ['vendor', 'nvd', 'cna'],
    }),
    'fail-on-coverage-gap': Flags.boolean({
      description:
        'Exit with an error when a distribution or ecosystem could not be matched (MATCH_* warnings).',
    }),
  };

  protected async exec(): Promise<number> {
    const { args, flags } = await this.parse(ImageScan);
    this.configureLogging(flags);
    const severities = flags.severity
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const bad = severities.filter((s) => !(SEVERITIES as readonly string[]).includes(s));
    if (bad.length > 0)
      throw new RampartError(
        'SCAN_SEVERITY',
        `unknown severity ${bad.join(', ')}: use ${SEVERITIES.join(', ')}`,
      );
    const ignoreIds = flags.ignorefile ? readIgnoreFile(flags.ignorefile) : undefined;
    // Open the DB before reading the image so a missing DB fails fast.
    const store = openStore(flags.db ?? defaultDbPath(process.env));
    try {
      const index = await indexFromFlags(flags, args.image, this.config.version, this.log_);
      const full = matchReport(index, store, {
        severitySource: flags['severity-source'] as SeverityPin | undefined,
        toolVersion: this.config.version,
      });
      const report = filterReport(full, {
        severities: severities as SeverityName[],
        ignoreUnfixed: flags['ignore-unfixed'],
        ignoreIds,
        includeIgnored: flags['include-snoozed'],
      });
      const renderer = vulnRenderers.find((r) => r.id === flags.output)!;
      const epoch = process.env.SOURCE_DATE_EPOCH;
      const now = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
      this.out(renderer.render(report, { now, uuid: randomUUID() }));
      for (const w of report.warnings) this.err(`WARN:\t${w.message}`);
      if (!renderer.carriesWarnings && report.warnings.length > 0)
        this.err(
          `WARN:\tthe ${renderer.id} output has no place for the ${report.warnings.length} warning(s) above (${[...new Set(report.warnings.map((w) => w.code))].join(', ')}): keep this stderr or use -o json, sarif or junit`,
        );
      const n = report.counts.vulnerabilities;
      if (!renderer.standardized && n > 0)
        this.err(
          `WARN:\tA total of ${n} unique vulnerabilities were found in ${report.counts.components} components`,
        );
      const gaps = report.warnings.filter(
        (w) => w.code.startsWith('MATCH_') && w.code !== 'MATCH_VERSION_UNPARSEABLE',
      );
      if (flags['fail-on-coverage-gap'] && gaps.length > 0) {
        this.err(
          `ERROR:\tcoverage gaps found: ${[...new Set(gaps.map((g) => g.code))].join(', ')} (see the warnings above)`,
        );
        return 1;
      }
      if ((flags.fail || flags['exit-code'] !== undefined) && n > 0) {
        this.err(`ERROR:\tvulnerabilities found: ${n} vulnerabilities`);
        return flags['exit-code'] ?? 1;
      }
      return 0;
    } finally {
      store.close();
    }
  }
}
