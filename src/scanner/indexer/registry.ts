import type { DistributionDetector, PackageFinder } from './contracts.js';

/**
 * THE list of package finders and distribution detectors, one line each, alphabetical.
 * Adding an ecosystem = one folder under src/scanner/indexer/ + one line here.
 * test/scanner/indexer/registry.test.ts checks that folders and entries agree.
 */
export const packageFinders: readonly PackageFinder[] = [];

export const distributionDetectors: readonly DistributionDetector[] = [];
