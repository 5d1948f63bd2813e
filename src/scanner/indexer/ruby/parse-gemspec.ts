import type { PackageRecord } from '../../../model/package.js';
import { RampartError } from '../../../runtime/errors.js';
import { gemPackageRecord, isValidGemName, isValidGemVersion } from './gem-package-record.js';

/**
 * Reads an installed gem's `specifications/*.gemspec`, the Ruby file RubyGems writes at
 * install time. It is not evaluated: the block variable of `Gem::Specification.new do |s|` is
 * found, then the literal assignments `s.name = "…"`, `s.version = "…"`,
 * `s.platform = "…"` (native gems) and `s.license(s) = …` are read. Anything else (computed values, another variable) is ignored;
 * a file without a literal name and version is an error.
 */
export function parseGemspec(data: Buffer | string, location: string): PackageRecord {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const block = /Gem::Specification\.new\s+do\s*\|\s*([A-Za-z_]\w*)\s*\|/.exec(text);
  const v = block?.[1];
  const fail = (what: string): never => {
    throw new RampartError(
      'FINDER_PARSE',
      `${location}: ${what}; the gemspec was skipped — reinstall the gem to regenerate it`,
    );
  };
  if (v === undefined) return fail('no `Gem::Specification.new do |spec|` block');
  const literal = (attr: string): string | undefined => {
    const re = new RegExp(
      `^\\s*${v}\\.${attr}\\s*=\\s*(?:Gem::Version\\.new\\(\\s*)?(["'])([^"'\\n]*)\\1`,
      'm',
    );
    return re.exec(text)?.[2];
  };
  const name = literal('name');
  const version = literal('version');
  if (name === undefined || !isValidGemName(name)) return fail('no literal gem name');
  if (version === undefined || !isValidGemVersion(version)) return fail('no literal gem version');
  const platform = literal('platform');
  return gemPackageRecord({
    name,
    version,
    location,
    evidence: 'installed',
    licenses: licensesOf(text, v),
    platform: platform && platform !== 'ruby' && /^[\w.-]+$/.test(platform) ? platform : undefined,
  });
}

function licensesOf(text: string, v: string): string[] {
  const list = new RegExp(`^\\s*${v}\\.licenses\\s*=\\s*\\[([^\\]\\n]*)\\]`, 'm').exec(text);
  const single = new RegExp(`^\\s*${v}\\.license\\s*=\\s*(["'])([^"'\\n]*)\\1`, 'm').exec(text);
  const out: string[] = [];
  if (list)
    for (const m of list[1]!.matchAll(/(["'])([^"']*)\1/g)) if (m[2]!.trim() !== '') out.push(m[2]!.trim());
  if (single && single[2]!.trim() !== '') out.push(single[2]!.trim());
  return [...new Set(out)];
}
