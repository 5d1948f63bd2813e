import assert from 'node:assert/strict';

import { parseImageName } from '../../../src/policy/workloads/parse-image-name.js';

describe('parseImageName', () => {
  const cases: Array<
    [string, { registry?: string; remote?: string; tag?: string; fullName: string; id?: string }]
  > = [
    [
      'nginx',
      {
        registry: 'docker.io',
        remote: 'library/nginx',
        tag: 'latest',
        fullName: 'docker.io/library/nginx:latest',
      },
    ],
    [
      'nginx:1.25',
      {
        registry: 'docker.io',
        remote: 'library/nginx',
        tag: '1.25',
        fullName: 'docker.io/library/nginx:1.25',
      },
    ],
    [
      'bitnami/redis:7',
      { registry: 'docker.io', remote: 'bitnami/redis', tag: '7', fullName: 'docker.io/bitnami/redis:7' },
    ],
    [
      'quay.io/prometheus/node-exporter:v1.7.0',
      {
        registry: 'quay.io',
        remote: 'prometheus/node-exporter',
        tag: 'v1.7.0',
        fullName: 'quay.io/prometheus/node-exporter:v1.7.0',
      },
    ],
    [
      'localhost:5000/app',
      { registry: 'localhost:5000', remote: 'app', tag: 'latest', fullName: 'localhost:5000/app:latest' },
    ],
    [
      'index.docker.io/library/busybox:1',
      { registry: 'docker.io', remote: 'library/busybox', tag: '1', fullName: 'docker.io/library/busybox:1' },
    ],
    [
      'gcr.io/distroless/static@sha256:' + 'a'.repeat(64),
      {
        registry: 'gcr.io',
        remote: 'distroless/static',
        tag: '',
        id: 'sha256:' + 'a'.repeat(64),
        fullName: 'gcr.io/distroless/static@sha256:' + 'a'.repeat(64),
      },
    ],
    [
      'alpine:3.19@sha256:' + 'b'.repeat(64),
      {
        registry: 'docker.io',
        remote: 'library/alpine',
        tag: '3.19',
        id: 'sha256:' + 'b'.repeat(64),
        fullName: 'docker.io/library/alpine:3.19@sha256:' + 'b'.repeat(64),
      },
    ],
  ];
  for (const [ref, want] of cases) {
    it(ref, () => {
      const img = parseImageName(ref);
      assert.equal(img.name?.fullName, want.fullName);
      assert.equal(img.name?.registry, want.registry);
      assert.equal(img.name?.remote, want.remote);
      assert.equal(img.name?.tag, want.tag);
      assert.equal(img.id, want.id);
    });
  }

  for (const bad of ['', 'Upper/Case', 'a b', 'nginx:bad tag', 'x@notadigest']) {
    it(`marks ${JSON.stringify(bad)} as invalid`, () => {
      const img = parseImageName(bad);
      assert.equal(img.name?.fullName, `${bad} is an invalid image`);
      assert.equal(img.name?.registry, undefined);
    });
  }
});
