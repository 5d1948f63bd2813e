import type { IndexReport } from '../../model/index-report.js';

export interface RenderOptions {
  /** Document creation time (SBOMs require one); pass a fixed time for reproducible output. */
  now: Date;
  /** Serial number / namespace seed; random when absent. */
  uuid: string;
}

/** A renderer of the Indexer's result (an SBOM format or our own JSON). */
export interface IndexRenderer {
  id: string;
  mediaType: string;
  render(report: IndexReport, options: RenderOptions): string;
}
