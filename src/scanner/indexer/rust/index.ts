import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';
import { isExecutablePath } from '../is-executable-path.js';

function isCargoLock(path: string): boolean {
  return path === 'Cargo.lock' || path.endsWith('/Cargo.lock');
}

/** The parsers (a TOML parser among them) load on the first claimed file. */
let parser: Promise<typeof import('./find-rust.js')> | undefined;

async function find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
  const { findRust } = await (parser ??= import('./find-rust.js'));
  return findRust(file, isCargoLock(file.path));
}

export const rustFinder = {
  name: 'rust',
  version: 1,
  kind: 'language',
  description: 'Rust crates from Cargo.lock and from cargo-auditable data (.dep-v0) in binaries',
  claims(path: string): boolean {
    return isCargoLock(path) || isExecutablePath(path);
  },
  find,
} satisfies PackageFinder;
