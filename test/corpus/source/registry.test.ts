/**
 * The registry source against a real registry (Debian's docker-registry) holding the real
 * fixture images, in each auth mode, for OCI (`:latest`) and Docker schema 2 (`:v2s2`) tags:
 * every layer is streamed and its compressed bytes hashed independently of the source's own
 * verification; diff-id counts and (for :latest) the manifest digest match images.json.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { isRampartError } from '../../../src/runtime/errors.js';
import { defaultLimits } from '../../../src/runtime/limits.js';
import { silentLogger } from '../../../src/runtime/log.js';
import type { SourceContext } from '../../../src/scanner/source/contracts.js';
import { registrySource } from '../../../src/scanner/source/registry/index.js';
import { ensureFixtureImages, type FixtureImages } from '../../helpers/fixture-images.js';
import { startLocalRegistry, type LocalRegistry, type RegistryAuth } from '../../helpers/local-registry.js';

const shared = fileURLToPath(new URL('../../../../shared', import.meta.url));
const ctx: SourceContext = { log: silentLogger, limits: defaultLimits };

describe('registry source against a real registry (corpus)', function () {
  let fixtures: FixtureImages;

  before(async function () {
    if (!existsSync(shared)) {
      console.warn('SKIP: ../shared not found — corpus suite needs it');
      this.skip();
    }
    fixtures = await ensureFixtureImages();
  });

  for (const auth of ['none', 'htpasswd', 'token'] as RegistryAuth[]) {
    describe(`AUTH=${auth}`, function () {
      let reg: LocalRegistry | undefined;
      before(async function () {
        if (!fixtures) this.skip();
        const started = Date.now();
        reg = await startLocalRegistry(auth, fixtures.dir);
        console.log(`      registry AUTH=${auth} on ${reg.host} ready in ${Date.now() - started} ms`);
      });
      after(async () => reg?.stop());

      const creds = () => (auth === 'none' ? {} : { username: reg!.user, password: reg!.pass });

      for (const tag of ['latest', 'v2s2']) {
        it(`resolves and streams every fixture image :${tag}`, async () => {
          for (const want of fixtures.images) {
            const started = Date.now();
            const image = await registrySource.resolve(
              `${reg!.host}/fixture/${want.name}:${tag}`,
              creds(),
              ctx,
            );
            try {
              assert.equal(image.reference, `${reg!.host}/fixture/${want.name}:${tag}`);
              if (tag === 'latest') {
                assert.equal(image.manifestDigest, want.manifestDigest);
                assert.equal(image.manifestMediaType, 'application/vnd.oci.image.manifest.v1+json');
              } else {
                assert.notEqual(image.manifestDigest, want.manifestDigest);
                assert.equal(image.manifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
              }
              assert.equal(image.layers.length, want.layers.length);
              assert.equal(new Set(image.layers.map((l) => l.diffId)).size, image.layers.length);
              assert.equal(image.config.rootfs?.diff_ids.length, want.layers.length);
              assert.deepEqual(image.platform, { os: 'linux', architecture: 'amd64' });
              let bytes = 0;
              for (const layer of image.layers) {
                assert.equal(layer.digest, want.layers[layer.index]!.digest);
                assert.equal(layer.compression, 'gzip');
                const hash = createHash('sha256');
                let size = 0;
                for await (const chunk of await image.openLayer(layer.index, ctx)) {
                  hash.update(chunk as Buffer);
                  size += (chunk as Buffer).length;
                }
                assert.equal(`sha256:${hash.digest('hex')}`, layer.digest);
                assert.equal(size, layer.size);
                bytes += size;
              }
              const ms = Date.now() - started;
              console.log(
                `      ${want.name}:${tag} ${image.layers.length} layers ${(bytes / 1e6).toFixed(1)} MB in ${ms} ms`,
              );
            } finally {
              await image.close();
            }
          }
        });
      }

      it('refuses a missing tag and (with auth) wrong credentials with one clear line', async () => {
        await assert.rejects(
          registrySource.resolve(`${reg!.host}/fixture/debian-minbase:nope`, creds(), ctx),
          (e) => isRampartError(e, 'SOURCE_IMAGE_NOT_FOUND'),
        );
        if (auth === 'none') return;
        await assert.rejects(
          registrySource.resolve(
            `${reg!.host}/fixture/debian-minbase:latest`,
            { username: 'fixture', password: 'wrong' },
            ctx,
          ),
          (e) => {
            assert.ok(isRampartError(e, 'SOURCE_REGISTRY_AUTH'));
            assert.match(
              e.message,
              new RegExp(`^authentication to ${reg!.host} failed: .*--username/--password`),
            );
            return true;
          },
        );
      });
    });
  }
});
