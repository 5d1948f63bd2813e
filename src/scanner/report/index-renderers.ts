import type { IndexRenderer } from './contracts.js';
import { cyclonedxIndexRenderer } from './cyclonedx/render-index.js';
import { jsonIndexRenderer } from './json/render-index.js';
import { spdxIndexRenderer } from './spdx/render-index.js';

/** THE list of IndexReport output formats (`rampart image sbom -o …`). */
export const indexRenderers: readonly IndexRenderer[] = [
  cyclonedxIndexRenderer,
  jsonIndexRenderer,
  spdxIndexRenderer,
];
