import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { coalesceRuby } from './coalesce-ruby.js';

/** Installed gem specifications, default gems included (`specifications/default/`). */
const GEMSPEC = /(?:^|\/)specifications\/(?:default\/)?[^/]+\.gemspec$/;
const LOCKFILE = /(?:^|\/)(?:Gemfile\.lock|gems\.locked)$/;
/** A lockfile inside an installed gem's folder describes that gem's own development. */
const INSIDE_GEM = /(?:^|\/)gems\/[^/]+\//;

/** The parsers load on the first claimed file. */
let parser: Promise<typeof import('./find-ruby.js')> | undefined;

export const rubyFinder = {
  name: 'ruby',
  version: 1,
  kind: 'language',
  description: 'Ruby gems: installed specifications/*.gemspec; Gemfile.lock when not installed',
  claims(path: string): boolean {
    return GEMSPEC.test(path) || (LOCKFILE.test(path) && !INSIDE_GEM.test(path));
  },
  async find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
    const { findRuby } = await (parser ??= import('./find-ruby.js'));
    return findRuby(file, GEMSPEC.test(file.path));
  },
  coalesce: coalesceRuby,
} satisfies PackageFinder;
