import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  defaultDockerConfigPath,
  dockerConfigCredentials,
} from '../../../../src/scanner/source/registry/docker-config-credentials.js';
import { recordingContext } from '../../../helpers/recording-context.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('dockerConfigCredentials', () => {
  let dir: string;
  let path: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-dockercfg-'));
    path = join(dir, 'config.json');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  async function lookup(config: unknown, registry: string) {
    await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config));
    const { ctx, logged } = recordingContext();
    return { creds: await dockerConfigCredentials(path, registry, ctx.log), logged };
  }

  it('decodes a base64 auth entry, keeping colons in the password', async () => {
    const { creds } = await lookup(
      { auths: { 'reg.example:5000': { auth: b64('bob:pa:ss') } } },
      'reg.example:5000',
    );
    assert.deepEqual(creds, { username: 'bob', password: 'pa:ss' });
  });

  it('matches keys written as URLs, and Docker Hub under any of its names', async () => {
    const url = await lookup(
      { auths: { 'https://reg.example:5000/v2/': { auth: b64('u:p') } } },
      'reg.example:5000',
    );
    assert.deepEqual(url.creds, { username: 'u', password: 'p' });
    const hub = await lookup(
      { auths: { 'https://index.docker.io/v1/': { auth: b64('hub:tok') } } },
      'docker.io',
    );
    assert.deepEqual(hub.creds, { username: 'hub', password: 'tok' });
    const other = await lookup({ auths: { 'reg.example:5000': { auth: b64('u:p') } } }, 'reg.example');
    assert.equal(other.creds, undefined, 'a different port is a different registry');
  });

  it('reads username/password fields', async () => {
    const { creds } = await lookup({ auths: { 'r.io': { username: 'x', password: 'y' } } }, 'r.io');
    assert.deepEqual(creds, { username: 'x', password: 'y' });
  });

  it('warns about a credential store or helper it cannot use, without leaking secrets', async () => {
    const store = await lookup({ auths: { 'r.io': {} }, credsStore: 'desktop' }, 'r.io');
    assert.equal(store.creds, undefined);
    assert.deepEqual(
      store.logged.map((l) => [l.level, l.msg, l.fields?.store]),
      [['warn', 'docker credential store unsupported', 'desktop']],
    );
    const helper = await lookup({ credHelpers: { 'r.io': 'gcloud' }, credsStore: 'desktop' }, 'r.io');
    assert.deepEqual(
      helper.logged.map((l) => [l.msg, l.fields?.helper]),
      [['docker credential helper unsupported', 'gcloud']],
    );
    const ok = await lookup({ auths: { 'r.io': { auth: b64('u:secret') } }, credsStore: 'desktop' }, 'r.io');
    assert.deepEqual(ok.creds, { username: 'u', password: 'secret' });
    assert.equal(ok.logged.length, 0, 'no warning when the file itself has credentials');
  });

  it('ignores a missing file and warns about a malformed one', async () => {
    const { ctx, logged } = recordingContext();
    assert.equal(await dockerConfigCredentials(join(dir, 'absent.json'), 'r.io', ctx.log), undefined);
    assert.equal(logged.length, 0);
    const bad = await lookup('{not json', 'r.io');
    assert.equal(bad.creds, undefined);
    assert.equal(bad.logged[0]?.msg, 'docker config malformed');
  });

  it('finds config.json under DOCKER_CONFIG, else ~/.docker', () => {
    assert.equal(
      defaultDockerConfigPath({ DOCKER_CONFIG: '/etc/dc' }, '/home/u'),
      join('/etc/dc', 'config.json'),
    );
    assert.equal(defaultDockerConfigPath({}, '/home/u'), join('/home/u', '.docker', 'config.json'));
  });
});
