import assert from 'node:assert/strict';

import type { IndexReport } from '../../../src/model/index-report.js';
import { renderCycloneDxIndex } from '../../../src/scanner/report/cyclonedx/render-index.js';
import { renderSpdxIndex } from '../../../src/scanner/report/spdx/render-index.js';
import {
  cycloneDx16Validator,
  ownSchemaValidator,
  spdx23Validator,
} from '../../helpers/schema-validators.js';

const D = (c: string) => `sha256:${c.repeat(64)}`;

const report: IndexReport = {
  schemaVersion: 1,
  tool: { name: 'rampart', version: '0.1.0', finders: [{ name: 'dpkg', version: 1 }] },
  image: {
    reference: '127.0.0.1:5000/fixture/app:latest',
    sourceKind: 'registry',
    manifestDigest: D('a'),
    configDigest: D('b'),
    platform: { os: 'linux', architecture: 'amd64' },
    layers: [
      {
        index: 0,
        diffId: D('c'),
        digest: D('d'),
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        size: 10,
        createdBy: 'RUN x',
      },
    ],
  },
  distribution: {
    id: 'debian',
    versionId: '12',
    versionCodename: 'bookworm',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
    location: 'etc/os-release',
  },
  packages: [
    {
      name: 'libssl3',
      version: '3.0.15-1~deb12u1',
      type: 'deb',
      kind: 'os',
      finder: 'dpkg',
      location: 'var/lib/dpkg/status',
      source: { name: 'openssl', version: '3.0.15-1~deb12u1' },
      arch: 'amd64',
      purl: 'pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12',
      layer: { index: 0, diffId: D('c') },
    },
    {
      name: 'ms',
      version: '2.0.0',
      type: 'npm',
      kind: 'language',
      finder: 'npm',
      location: 'app/node_modules/ms/package.json',
      purl: 'pkg:npm/ms@2.0.0',
      licenses: ['MIT'],
      layer: { index: 0, diffId: D('c') },
    },
    {
      name: 'ms',
      version: '2.0.0',
      type: 'npm',
      kind: 'language',
      finder: 'npm',
      location: 'app/node_modules/debug/node_modules/ms/package.json',
      purl: 'pkg:npm/ms@2.0.0',
      layer: { index: 0, diffId: D('c') },
    },
  ],
  warnings: [{ code: 'LAYER_PATH_ESCAPE', message: 'layer 0: entry "../x" skipped', source: 'layers' }],
};
const opts = { now: new Date('2026-01-02T03:04:05.678Z'), uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' };

describe('SBOM renderers', () => {
  it('the IndexReport validates against schemas/index-report.schema.json, and a broken one does not', () => {
    const validate = ownSchemaValidator('index-report.schema.json');
    assert.equal(validate(report), undefined);
    assert.notEqual(validate({ ...report, packages: [{ ...report.packages[0], purl: 'nope' }] }), undefined);
  });

  it('CycloneDX 1.6 output is valid against the official schema and lists every copy', () => {
    const doc = JSON.parse(renderCycloneDxIndex(report, opts));
    assert.equal(cycloneDx16Validator()(doc), undefined);
    assert.equal(doc.specVersion, '1.6');
    assert.equal(doc.metadata.timestamp, '2026-01-02T03:04:05Z');
    assert.equal(
      doc.metadata.component.purl,
      `pkg:oci/app@${D('a')}?repository_url=127.0.0.1%3A5000%2Ffixture%2Fapp&tag=latest`,
    );
    const libs = doc.components.filter((c: { type: string }) => c.type === 'library');
    assert.equal(libs.length, 3);
    assert.equal(new Set(libs.map((c: { 'bom-ref': string }) => c['bom-ref'])).size, 3);
    const ssl = libs.find((c: { name: string }) => c.name === 'libssl3');
    assert.deepEqual(
      ssl.properties.filter((p: { name: string }) => p.name === 'rampart:package:source_name'),
      [{ name: 'rampart:package:source_name', value: 'openssl' }],
    );
    assert.equal(doc.dependencies[0].dependsOn.length, 4);
  });

  it('a CycloneDX document with a broken component fails the official schema (the check has teeth)', () => {
    const doc = JSON.parse(renderCycloneDxIndex(report, opts));
    doc.components[1].type = 'not-a-type';
    assert.notEqual(cycloneDx16Validator()(doc), undefined);
  });

  it('SPDX 2.3 output is valid against the official schema and relates the image to every package', () => {
    const doc = JSON.parse(renderSpdxIndex(report, opts));
    assert.equal(spdx23Validator()(doc), undefined);
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.creationInfo.created, '2026-01-02T03:04:05Z');
    const contains = doc.relationships.filter(
      (r: { relationshipType: string }) => r.relationshipType === 'CONTAINS',
    );
    assert.equal(contains.length, 4);
    const ids = doc.packages.map((p: { SPDXID: string }) => p.SPDXID);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^SPDXRef-[A-Za-z0-9.-]+$/);
    doc.packages[2].filesAnalyzed = 'no';
    assert.notEqual(spdx23Validator()(doc), undefined);
  });
});
