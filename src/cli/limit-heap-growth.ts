/**
 * Process-wide GC tuning for the long-running DB builds (`vulndb import`, `vulndb update`).
 *
 * A feed import allocates fast (XML elements, JSON records) while its live data stays small
 * (tens of MB). V8's default heap-growing policy then lets the old generation reach several
 * times the live size between full collections; on the Debian OVAL files that slack was most of
 * the process's peak RSS. Capping the growth after each full GC at 25% over the live size keeps
 * the heap near what is really held, for a few more (incremental) collections. Commands call
 * this; libraries never change process-wide settings.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 25;

/** Applies the cap unless the user already chose one on the node command line. */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  if (process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
