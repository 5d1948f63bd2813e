/**
 * Red Hat CSAF component references: `perl-FCGI-1:0.78-12.module+el8.10.0+23147+95b68fad.aarch64::perl-FCGI:0.78`
 * (name-epoch:version-release.arch, optionally `::module:stream`), the older advisory form
 * `ruby-2.7.8-139.module+el8.8.0+18745+f1bef313.aarch64.rpm-ruby:2.7` (no epoch: the EVR is
 * then `version-release`), or an unversioned
 * component `openssl`, `nodejs:18/nodejs` (module/stream then name) for unfixed statements.
 * Container products (`repo/image`, `image@sha256:…`) are not rpms: undefined.
 */
export interface Component {
  name: string;
  /** `epoch:version-release` as published (epoch always present in Red Hat product ids). */
  evr?: string;
  arch?: string;
  /** `name:stream`. */
  module?: string;
}

const NEVRA = /^(.+)-(\d+):([^-:]+)-([^-:]+)\.([A-Za-z0-9_]+)$/;
/** Older advisories: `ruby-2.7.8-139.module+el8.8.0+18745+f1bef313.aarch64.rpm-ruby:2.7` (no epoch). */
const OLD_NVRA = /^(.+)-([^-:]+)-([^-:]+)\.([A-Za-z0-9_]+)\.rpm(?:-([^:/]+:[^:/]+))?$/;

export function parseComponent(ref: string): Component | undefined {
  let rest = ref.trim();
  if (rest === '') return undefined;
  const old = OLD_NVRA.exec(rest);
  if (old) {
    const c: Component = { name: old[1]!, evr: `${old[2]}-${old[3]}`, arch: old[4]! };
    if (old[5]) c.module = old[5];
    return c;
  }
  let module: string | undefined;
  const sep = rest.indexOf('::');
  if (sep >= 0) {
    module = rest.slice(sep + 2);
    rest = rest.slice(0, sep);
  }
  const m = NEVRA.exec(rest);
  if (m) {
    const c: Component = { name: m[1]!, evr: `${m[2]}:${m[3]}-${m[4]}`, arch: m[5]! };
    if (module) c.module = module;
    return c;
  }
  // Unversioned: `name`, `name.src`, `module:stream/name`.
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const mod = rest.slice(0, slash);
    // `repo/image` container references are not rpms.
    if (!/^[^:/]+:[^:/]+$/.test(mod)) return undefined;
    module ??= mod;
    rest = rest.slice(slash + 1);
  }
  if (rest === '' || /[\s:@]/.test(rest)) return undefined;
  const c: Component = { name: rest };
  if (rest.endsWith('.src')) {
    c.name = rest.slice(0, -4);
    c.arch = 'src';
  }
  if (module) c.module = module;
  return c;
}
