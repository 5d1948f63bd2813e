import type { FinderContext, FinderResult, LayerFile, PackageFinder } from '../contracts.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The parsers (an XML parser among them) load on the first claimed file. */
let parser: Promise<typeof import('./find-dotnet.js')> | undefined;

async function find(file: LayerFile, _ctx: FinderContext): Promise<FinderResult> {
  const { findDotnet } = await (parser ??= import('./find-dotnet.js'));
  return findDotnet(file);
}

export const dotnetFinder = {
  name: 'dotnet',
  version: 1,
  kind: 'language',
  description:
    '.NET packages from *.deps.json (published apps), NuGet packages.lock.json and packages.config',
  claims(path: string): boolean {
    const base = baseName(path);
    return base.endsWith('.deps.json') || base === 'packages.lock.json' || base === 'packages.config';
  },
  find,
} satisfies PackageFinder;
