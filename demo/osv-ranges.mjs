// An independent reading of OSV ECOSYSTEM/SEMVER ranges with node-semver, for the demo and its
// test: they predict which installed npm versions the carried advisories cover without asking
// the scanner, so a scanner regression cannot hide behind its own answer.
import semver from 'semver';

/** Is `version` inside one of the ranges? (introduced ≤ v < fixed, or ≤ last_affected, or open-ended) */
export function inRanges(version, ranges) {
  if (!semver.valid(version)) return false;
  for (const r of ranges) {
    let lo;
    for (const ev of r.events) {
      if (ev.introduced !== undefined) lo = ev.introduced === '0' ? '0.0.0-0' : ev.introduced;
      else if (lo !== undefined && ev.fixed !== undefined) {
        if (semver.gte(version, lo) && semver.lt(version, ev.fixed)) return true;
        lo = undefined;
      } else if (lo !== undefined && ev.last_affected !== undefined) {
        if (semver.gte(version, lo) && semver.lte(version, ev.last_affected)) return true;
        lo = undefined;
      }
    }
    if (lo !== undefined && semver.gte(version, lo)) return true;
  }
  return false;
}
