import assert from 'node:assert/strict';

import { isRampartError } from '../../../../src/runtime/errors.js';
import { isLoopbackHost, parseReference } from '../../../../src/scanner/source/registry/parse-reference.js';

const D = 'a'.repeat(64);

describe('parseReference', () => {
  const cases: [string, string, string, string, string | undefined, string | undefined][] = [
    // input, registry, apiHost, repository, tag, digest
    ['nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', 'latest', undefined],
    ['nginx:1.25', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1.25', undefined],
    ['bitnami/redis:7.2', 'docker.io', 'registry-1.docker.io', 'bitnami/redis', '7.2', undefined],
    ['docker.io/nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', 'latest', undefined],
    [
      'index.docker.io/library/busybox:1',
      'docker.io',
      'registry-1.docker.io',
      'library/busybox',
      '1',
      undefined,
    ],
    ['docker://alpine', 'docker.io', 'registry-1.docker.io', 'library/alpine', 'latest', undefined],
    [
      'quay.io/prometheus/node-exporter:v1.7.0',
      'quay.io',
      'quay.io',
      'prometheus/node-exporter',
      'v1.7.0',
      undefined,
    ],
    ['localhost/app', 'localhost', 'localhost', 'app', 'latest', undefined],
    ['localhost:5000/a/b/c:t_1', 'localhost:5000', 'localhost:5000', 'a/b/c', 't_1', undefined],
    [
      '127.0.0.1:5000/fixture/debian-apps:v2s2',
      '127.0.0.1:5000',
      '127.0.0.1:5000',
      'fixture/debian-apps',
      'v2s2',
      undefined,
    ],
    ['[::1]:5000/app', '[::1]:5000', '[::1]:5000', 'app', 'latest', undefined],
    [
      'Registry.Example:443/team/app',
      'Registry.Example:443',
      'Registry.Example:443',
      'team/app',
      'latest',
      undefined,
    ],
    [
      `gcr.io/distroless/static@sha256:${D}`,
      'gcr.io',
      'gcr.io',
      'distroless/static',
      undefined,
      `sha256:${D}`,
    ],
    [`alpine:3.19@sha256:${D}`, 'docker.io', 'registry-1.docker.io', 'library/alpine', '3.19', `sha256:${D}`],
    ['my_org/app__x-y.z', 'docker.io', 'registry-1.docker.io', 'my_org/app__x-y.z', 'latest', undefined],
  ];
  for (const [input, registry, apiHost, repository, tag, digest] of cases) {
    it(`parses ${input}`, () => {
      const r = parseReference(input);
      assert.deepEqual(
        [r.registry, r.apiHost, r.repository, r.tag, r.digest],
        [registry, apiHost, repository, tag, digest],
      );
      assert.equal(
        r.normalized,
        `${registry}/${repository}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`,
      );
    });
  }

  const invalid = [
    '',
    '   ',
    'Upper/Case',
    'a b',
    'nginx:bad tag',
    'nginx:',
    ':tag',
    'x@notadigest',
    `x@sha256:${'a'.repeat(63)}`,
    `x@sha256:${'A'.repeat(64)}`,
    `x@md5:${'a'.repeat(32)}`,
    'host:5000/',
    'team//app',
    '-app',
    'app-',
    `x:${'t'.repeat(129)}`,
    `reg.io/${'a'.repeat(250)}`,
    'bad_host.io:port/app',
  ];
  for (const input of invalid) {
    it(`refuses ${JSON.stringify(input)} saying the expected form`, () => {
      assert.throws(
        () => parseReference(input),
        (e) => {
          assert.ok(isRampartError(e, 'SOURCE_REFERENCE_INVALID'));
          assert.match(e.message, /expected \[host\[:port\]\/\]repository\[:tag\]\[@sha256:<64 hex>\]/);
          return true;
        },
      );
    });
  }
});

describe('isLoopbackHost', () => {
  for (const h of [
    '127.0.0.1:5000',
    '127.3.2.1',
    'localhost',
    'LOCALHOST:80',
    '[::1]:5000',
    '::1',
    'registry.localhost:5000',
  ]) {
    it(`${h} is loopback`, () => assert.equal(isLoopbackHost(h), true));
  }
  for (const h of [
    '10.0.0.1:5000',
    '128.0.0.1',
    'localhost.example.com',
    'quay.io',
    '[::2]:5000',
    '127.example.com',
  ]) {
    it(`${h} is not loopback`, () => assert.equal(isLoopbackHost(h), false));
  }
});
