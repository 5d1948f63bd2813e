/**
 * Java finder against Trivy's jar/war fixtures and claircore's manifest and pom.properties
 * texts in ../shared/fixtures/pkgdb/java-jar (see its PROVENANCE.md). Deliberate differences:
 *  - Trivy's "sha1 search" and "artifactId search" cases ask Maven Central; we never go online.
 *    For test.jar we compare with Trivy's "offline" answer; heuristic-1.0.0-SNAPSHOT.jar (no
 *    Maven metadata, a manifest without coordinates) yields nothing offline, in Trivy too.
 *  - Licences: Trivy also classifies LICENSE files packed in jars (a text classifier we do not
 *    have); we report pom.xml and Jenkins-manifest licences only. Licence agreement is printed
 *    as its own figure over the packages where Trivy's licence came from one of those sources.
 *  - claircore's inner.jar expects names taken from file names alone (`log4j` 2.14.0 without a
 *    groupId); a Maven purl needs a groupId, so we report nothing for jars without Maven
 *    metadata or manifest coordinates.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { javaFinder } from '../../../src/scanner/indexer/java/index.js';
import { manifestArtifact, parseManifest } from '../../../src/scanner/indexer/java/parse-manifest.js';
import { parsePomProperties } from '../../../src/scanner/indexer/java/parse-pom-properties.js';
import { finderContext, layerFileOf } from '../../helpers/layer-file-of.js';
import { agreement, requirePkgdb } from './run-finder-on-dir.js';

interface TrivyJarPkg {
  Name: string;
  Version: string;
  FilePath: string;
  Licenses?: string[];
}
interface TrivyJarCase {
  name: string;
  file: string;
  want: TrivyJarPkg[];
  offline?: boolean;
}

/** Trivy's online-only cases, replaced by (or with no) offline answer. */
const ONLINE_ONLY = new Set(['sha1 search', 'artifactId search']);
/** Licences Trivy takes from a packed LICENSE file through its classifier. */
const CLASSIFIED_LICENSE = new Set(['Apache-2.0']);

const figures: string[] = [];

describe('corpus: java finder', function () {
  let root: string;
  before(function () {
    root = join(requirePkgdb(this), 'java-jar');
  });
  after(() => figures.forEach((f) => console.log(`      ${f}`)));

  it('agrees with Trivy on every offline jar and war case', async () => {
    const doc = JSON.parse(readFileSync(join(root, 'trivy/expected.json'), 'utf8')) as {
      cases: TrivyJarCase[];
    };
    const expected: string[] = [];
    const actual: string[] = [];
    let licTotal = 0;
    let licMatched = 0;
    const started = Date.now();
    for (const c of doc.cases) {
      if (ONLINE_ONLY.has(c.name)) continue;
      const data = readFileSync(join(root, 'trivy', c.file));
      const r = await javaFinder.find(layerFileOf(c.file, data), finderContext);
      assert.deepEqual(r.warnings, [], c.file);
      const mine = new Map(r.packages.map((p) => [`${p.name}@${p.version} ${p.location}`, p]));
      for (const w of c.want) {
        const key = `${w.Name}@${w.Version} ${w.FilePath.replace(/^testdata\//, '')}`;
        expected.push(key);
        const got = mine.get(key);
        if (w.Licenses && !w.Licenses.every((l) => CLASSIFIED_LICENSE.has(l))) {
          licTotal++;
          if (got && JSON.stringify(got.licenses) === JSON.stringify(w.Licenses)) licMatched++;
        }
      }
      actual.push(...mine.keys());
      for (const p of r.packages) {
        assert.equal(p.type, 'maven');
        assert.equal(
          p.purl,
          `pkg:maven/${p.namespace}/${encodeURIComponent(p.name.slice(p.namespace!.length + 1))}@${p.version}`,
        );
      }
    }
    const a = agreement(expected, actual);
    figures.push(
      `java-jar (trivy): ${a.matched}/${a.total} packages, ${a.extra.length} extra; licences ${licMatched}/${licTotal}; ${Date.now() - started} ms`,
    );
    assert.deepEqual(a.missing, []);
    assert.deepEqual(a.extra, []);
    assert.equal(licMatched, licTotal);
  });

  it('reports nothing offline for heuristic-1.0.0-SNAPSHOT.jar, like Trivy without Maven Central', async () => {
    const data = readFileSync(join(root, 'trivy/heuristic-1.0.0-SNAPSHOT.jar'));
    assert.deepEqual(
      await javaFinder.find(layerFileOf('heuristic-1.0.0-SNAPSHOT.jar', data), finderContext),
      { packages: [], warnings: [] },
    );
  });

  it('reads claircore manifests: the main section equals the .want bytes', () => {
    const dir = join(root, 'claircore/manifest');
    const files = readdirSync(dir).filter((f) => !f.endsWith('.want'));
    let same = 0;
    let withCoordinates = 0;
    for (const f of files) {
      const got = parseManifest(readFileSync(join(dir, f), 'utf8'));
      const want = parseManifest(readFileSync(join(dir, `${f}.want`), 'utf8'));
      if (JSON.stringify([...got]) === JSON.stringify([...want])) same++;
      if (manifestArtifact(got)) withCoordinates++;
    }
    const individual = parseManifest(
      readFileSync(join(root, 'claircore/manifestSection/individual'), 'utf8'),
    );
    const individualWant = parseManifest(
      readFileSync(join(root, 'claircore/manifestSection/individual.want'), 'utf8'),
    );
    assert.deepEqual([...individual], [...individualWant]);
    figures.push(
      `java-jar (claircore manifests): main section ${same}/${files.length}; coordinates from manifest alone ${withCoordinates}/${files.length}`,
    );
    assert.equal(same, files.length);
  });

  it('reads every claircore pom.properties text; versions match the jar names', () => {
    const dir = join(root, 'claircore/properties');
    const files = readdirSync(dir);
    let parsed = 0;
    let nameMatches = 0;
    for (const f of files) {
      const p = parsePomProperties(readFileSync(join(dir, f), 'utf8'));
      if (!p) continue;
      parsed++;
      if (f === `${p.artifactId}-${p.version}.jar`) nameMatches++;
    }
    figures.push(
      `java-jar (claircore pom.properties): parsed ${parsed}/${files.length}; artifactId-version = file name ${nameMatches}/${files.length}`,
    );
    assert.equal(parsed, files.length);
  });

  it('survives claircore malformed manifests and walks inner.jar without warnings', async () => {
    for (const f of readdirSync(join(root, 'claircore/malformed-manifests'))) {
      const attrs = parseManifest(readFileSync(join(root, 'claircore/malformed-manifests', f), 'utf8'));
      assert.equal(manifestArtifact(attrs), undefined, f);
    }
    const inner = readFileSync(join(root, 'claircore/inner/inner.jar'));
    const r = await javaFinder.find(layerFileOf('inner.jar', inner), finderContext);
    // claircore expects 3 packages named from file names only; see the note at the top.
    assert.deepEqual(r, { packages: [], warnings: [] });
    figures.push('java-jar (claircore inner.jar): 0/3 by design (file-name-only names have no groupId)');
  });
});
