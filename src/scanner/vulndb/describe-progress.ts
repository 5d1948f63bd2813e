import type { UpdateProgress } from './update-db.js';

/** One stderr line for an update progress event. */
export function describeProgress(p: UpdateProgress): string {
  switch (p.phase) {
    case 'fetch':
      return `INFO:\t${p.feed}: downloading`;
    case 'unchanged':
      return `INFO:\t${p.feed}: unchanged upstream, kept`;
    case 'parse':
      return `INFO:\t${p.feed}: importing`;
    case 'records':
      return `INFO:\t${p.feed}: ${p.records} records`;
    case 'done':
      return `INFO:\t${p.feed}: ${p.counts.advisories} advisories, ${p.counts.affected} affected packages, ${p.counts.enrichment} enrichment rows in ${p.seconds.toFixed(1)} s`;
  }
}
