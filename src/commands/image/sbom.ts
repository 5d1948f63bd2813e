import { randomUUID } from 'node:crypto';

import { Flags } from '@oclif/core';

import { RampartCommand } from '../../cli/base-command.js';
import { imageArgs, imageFlags } from '../../cli/image-flags.js';
import { indexFromFlags } from '../../cli/index-image.js';
import { indexRenderers } from '../../scanner/report/index-renderers.js';

export default class ImageSbom extends RampartCommand {
  static override summary = 'Generate a software bill of materials for an image.';
  static override description =
    'Reads the image (registry, docker-archive, OCI layout or root filesystem) once, layer by layer, finds the distribution and every OS and language package, and prints CycloneDX 1.6 JSON (default), SPDX 2.3 JSON, or the Rampart IndexReport.';
  static override examples = [
    '<%= config.bin %> image sbom --image registry.example.com/team/app:1.4',
    '<%= config.bin %> image sbom ./app.tar -o spdx-json',
    '<%= config.bin %> image sbom oci:./layout:latest -o json',
  ];
  static override args = imageArgs;
  static override flags = {
    ...imageFlags,
    output: Flags.string({
      char: 'o',
      description: 'Output format.',
      options: indexRenderers.map((r) => r.id),
      default: 'cyclonedx',
    }),
  };

  protected async exec(): Promise<number> {
    const { args, flags } = await this.parse(ImageSbom);
    this.configureLogging(flags);
    const report = await indexFromFlags(flags, args.image, this.config.version, this.log_);
    for (const w of report.warnings) this.err(`WARN:\t${w.message}`);
    const renderer = indexRenderers.find((r) => r.id === flags.output)!;
    const epoch = process.env.SOURCE_DATE_EPOCH;
    const now = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
    this.out(renderer.render(report, { now, uuid: randomUUID() }));
    return 0;
  }
}
