import type { VulnReport } from '../../model/vuln-report.js';
import { csvVulnRenderer } from './csv/render-vulns.js';
import { cyclonedxVulnRenderer } from './cyclonedx/render-vulns.js';
import { jsonVulnRenderer, reportJsonVulnRenderer } from './json/render-vulns.js';
import { junitVulnRenderer } from './junit/render-vulns.js';
import { sarifVulnRenderer } from './sarif/render-vulns.js';
import { spdxVulnRenderer } from './spdx/render-vulns.js';
import { tableVulnRenderer } from './table/render-vulns.js';

export interface VulnRenderOptions {
  /** Document creation time; pass a fixed time for reproducible output. */
  now: Date;
  /** Serial number / namespace seed. */
  uuid: string;
}

/** A renderer of the Matcher's result (`rampart image scan -o …`): stdout text. */
export interface VulnRenderer {
  id: string;
  mediaType: string;
  /** "Standardized" formats (json, csv, sarif, junit…) print no human summary lines on stderr. */
  standardized: boolean;
  /**
   * Whether the output itself carries the report's warnings (coverage gaps are never silent).
   * False only for a format with no valid place for them (csv); the command then says so on
   * stderr, next to the warnings it always prints there.
   */
  carriesWarnings: boolean;
  render(report: VulnReport, options: VulnRenderOptions): string;
}

/** THE list of VulnReport output formats, one line each. */
export const vulnRenderers: readonly VulnRenderer[] = [
  tableVulnRenderer,
  csvVulnRenderer,
  jsonVulnRenderer,
  reportJsonVulnRenderer,
  sarifVulnRenderer,
  junitVulnRenderer,
  cyclonedxVulnRenderer,
  spdxVulnRenderer,
];
