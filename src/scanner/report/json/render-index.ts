import type { IndexReport } from '../../../model/index-report.js';
import type { IndexRenderer } from '../contracts.js';

/** Rampart's own IndexReport (schemas/index-report.schema.json). */
export const jsonIndexRenderer = {
  id: 'json',
  mediaType: 'application/json',
  render: (report: IndexReport) => JSON.stringify(report, null, 2) + '\n',
} satisfies IndexRenderer;
