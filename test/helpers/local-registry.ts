/**
 * A real OCI registry (Debian's docker-registry, distribution 2.8) on 127.0.0.1, started with
 * `../shared/tools/run-registry.sh`, holding every fixture image as `fixture/<name>:latest`
 * (OCI media types) and `:v2s2` (Docker schema 2). AUTH=none, htpasswd (Basic) or token
 * (Bearer, token server on PORT+1). State lives under `<repo>/.cache/registry-<auth>-<port>`
 * and is removed by `stop()`; call it in `after`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';

import { repoRoot, sharedDir } from './fixture-images.js';

export type RegistryAuth = 'none' | 'htpasswd' | 'token';

export interface LocalRegistry {
  /** `127.0.0.1:PORT`, to prefix references with. */
  host: string;
  port: number;
  auth: RegistryAuth;
  /** Credentials the registry (or its token server) accepts. */
  user: string;
  pass: string;
  stateDir: string;
  stop(): Promise<void>;
}

const USER = 'fixture';
const PASS = 'fixture';
const SCRIPT = () => join(sharedDir, 'tools', 'run-registry.sh');
const running = new Set<string>();

/** Stops registries a crashed or interrupted test run left behind. */
process.on('exit', () => {
  for (const state of running) spawnSync('bash', [SCRIPT(), '--stop', state], { stdio: 'ignore' });
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free port whose successor is free too (the token server takes PORT+1). */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no free pair of loopback ports found');
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT(), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Starts a registry with `auth` and pushes the fixture images from `fixtureDir` (the OUTDIR of make-fixture-images.sh). */
export async function startLocalRegistry(auth: RegistryAuth, fixtureDir: string): Promise<LocalRegistry> {
  const port = await freePortPair();
  const stateDir = join(repoRoot, '.cache', `registry-${auth}-${port}`);
  running.add(stateDir);
  const { code, output } = await run([String(port), stateDir, fixtureDir], {
    AUTH: auth,
    REG_USER: USER,
    REG_PASS: PASS,
  });
  if (code !== 0) {
    await run(['--stop', stateDir], {});
    running.delete(stateDir);
    throw new Error(
      `run-registry.sh (AUTH=${auth}) failed with exit ${code}:\n${output.split('\n').slice(-15).join('\n')}`,
    );
  }
  let stopped = false;
  return {
    host: `127.0.0.1:${port}`,
    port,
    auth,
    user: USER,
    pass: PASS,
    stateDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(['--stop', stateDir], {});
      running.delete(stateDir);
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
