/**
 * A tiny PackageFinder for pipeline tests: it claims `*.pkgs` files and reads one
 * `name version` pair per line, so a test can state exactly which packages each layer holds.
 */
import type { DistributionDetector, PackageFinder } from '../../src/scanner/indexer/contracts.js';

export function lineFinder(version = 1, calls: string[] = []): PackageFinder {
  return {
    name: 'lines',
    version,
    kind: 'language',
    description: 'test finder',
    claims: (p) => p.endsWith('.pkgs'),
    find(file) {
      calls.push(file.path);
      const packages = file.data
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [name, ver] = line.split(' ');
          return {
            name: name!,
            version: ver!,
            type: 'npm' as const,
            kind: 'language' as const,
            finder: 'lines',
            location: file.path,
            purl: `pkg:npm/${name}@${ver}`,
          };
        });
      return { packages, warnings: [] };
    },
  };
}

/** Reads `ID=` from `etc/test-release`. */
export const testReleaseDetector: DistributionDetector = {
  name: 'test-release',
  version: 1,
  description: 'test detector',
  claims: (p) => p === 'etc/test-release',
  detect(file) {
    const id = /ID=(\w+)/.exec(file.data.toString())?.[1];
    return id
      ? { priority: 0, distribution: { id, versionId: '1', prettyName: id, location: file.path } }
      : undefined;
  },
};
