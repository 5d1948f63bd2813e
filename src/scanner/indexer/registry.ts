import type { DistributionDetector, PackageFinder } from './contracts.js';
import { apkFinder } from './apk/index.js';
import { dotnetFinder } from './dotnet/index.js';
import { dpkgFinder } from './dpkg/index.js';
import { golangFinder } from './golang/index.js';
import { javaFinder } from './java/index.js';
import { npmFinder } from './npm/index.js';
import { osReleaseDetector } from './os-release/index.js';
import { phpFinder } from './php/index.js';
import { pythonFinder } from './python/index.js';
import { rpmFinder } from './rpm/index.js';
import { rubyFinder } from './ruby/index.js';
import { rustFinder } from './rust/index.js';

/**
 * THE list of package finders and distribution detectors, one line each, alphabetical.
 * Adding an ecosystem = one folder under src/scanner/indexer/ + one line here.
 * test/scanner/indexer/registry.test.ts checks that folders and entries agree.
 */
export const packageFinders: readonly PackageFinder[] = [
  apkFinder,
  dotnetFinder,
  dpkgFinder,
  golangFinder,
  javaFinder,
  npmFinder,
  phpFinder,
  pythonFinder,
  rpmFinder,
  rubyFinder,
  rustFinder,
];

export const distributionDetectors: readonly DistributionDetector[] = [osReleaseDetector];
