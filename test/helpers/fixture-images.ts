/**
 * The real fixture images built by `../shared/tools/make-fixture-images.sh` (three Debian
 * images as OCI layouts, docker-save archives and flattened root filesystems), for corpus
 * suites. `ensureFixtureImages()` builds them once under `<repo>/.cache/fixture-images` (the
 * script is idempotent), waits if another process is building them, and returns their summary.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, writeSync } from 'node:fs';
import { readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** `../shared` beside the repository (absent on a plain clone: corpus suites then skip). */
export const sharedDir = resolve(repoRoot, '../shared');
export const fixtureImagesDir = join(repoRoot, '.cache', 'fixture-images');
const LOG = join(repoRoot, '.cache', 'make-fixtures.log');
const LOCK = join(repoRoot, '.cache', 'make-fixtures.lock');
const BUILD_WAIT_MS = 20 * 60_000;
/** A log untouched this long with no `exit` line is a build that died, not one still running. */
const STALE_LOG_MS = 10 * 60_000;

export interface FixtureLayer {
  digest: string;
  size: number;
  mediaType: string;
}

/** One entry of images.json. */
export interface FixtureImage {
  name: string;
  ref: string;
  manifestDigest: string;
  configDigest: string;
  layers: FixtureLayer[];
  ociLayoutBytes: number;
  dockerArchiveBytes: number;
  rootfsBytes: number;
  dpkgInstalled: number;
  npmPackageDirs: number;
  pythonDists: number;
}

export interface FixtureImages {
  dir: string;
  images: FixtureImage[];
  ociLayout(name: string): string;
  dockerArchive(name: string): string;
  rootfs(name: string): string;
}

export function sharedAvailable(): boolean {
  return existsSync(join(sharedDir, 'tools', 'make-fixture-images.sh'));
}

async function readImages(): Promise<FixtureImages | undefined> {
  let text: string;
  try {
    text = await readFile(join(fixtureImagesDir, 'images.json'), 'utf8');
  } catch {
    return undefined;
  }
  let images: FixtureImage[];
  try {
    images = JSON.parse(text) as FixtureImage[];
  } catch {
    return undefined; // being written
  }
  const dir = fixtureImagesDir;
  return {
    dir,
    images,
    ociLayout: (name) => join(dir, 'oci', name),
    dockerArchive: (name) => join(dir, 'docker-archive', `${name}.tar`),
    rootfs: (name) => join(dir, 'rootfs', name),
  };
}

/** True while another process is building (its log has no `exit N` line yet and is fresh). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function buildInProgress(): Promise<boolean> {
  if (existsSync(LOCK)) {
    const pid = Number((await readFile(LOCK, 'utf8').catch(() => '')).trim());
    if (!pid || alive(pid)) return true;
    await unlink(LOCK).catch(() => {}); // left by a process that died
  }
  try {
    const [text, info] = await Promise.all([readFile(LOG, 'utf8'), stat(LOG)]);
    return !/^exit \d+$/m.test(text) && Date.now() - info.mtimeMs < STALE_LOG_MS;
  } catch {
    return false;
  }
}

function runBuild(): Promise<number> {
  return new Promise((resolveExit, reject) => {
    const log = openSync(LOG, 'w');
    writeSync(log, `[rampart test helper] bash ../shared/tools/make-fixture-images.sh ${fixtureImagesDir}\n`);
    const child = spawn('bash', [join(sharedDir, 'tools', 'make-fixture-images.sh'), fixtureImagesDir], {
      stdio: ['ignore', log, log],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      writeSync(log, `exit ${code ?? 1}\n`);
      closeSync(log);
      resolveExit(code ?? 1);
    });
  });
}

/**
 * Makes sure the fixture images exist and returns them. Needs `../shared` and root (the script
 * uses debootstrap and chroot); throws a clear error otherwise.
 */
export async function ensureFixtureImages(): Promise<FixtureImages> {
  const ready = await readImages();
  if (ready) return ready;
  if (!sharedAvailable()) throw new Error('../shared not found: the fixture images cannot be built');
  const deadline = Date.now() + BUILD_WAIT_MS;
  for (;;) {
    if (await buildInProgress()) {
      if (Date.now() > deadline)
        throw new Error(`fixture images still not built after ${BUILD_WAIT_MS / 60000} min; see ${LOG}`);
      await new Promise((r) => setTimeout(r, 2000));
      const done = await readImages();
      if (done) return done;
      continue;
    }
    const done = await readImages();
    if (done) return done;
    let lock: number;
    try {
      lock = openSync(LOCK, 'wx');
    } catch {
      continue; // another process just took it
    }
    try {
      writeSync(lock, `${process.pid}\n`);
      if (process.getuid?.() !== 0)
        throw new Error('building the fixture images needs root (debootstrap, chroot)');
      const code = await runBuild();
      if (code !== 0) throw new Error(`make-fixture-images.sh failed (exit ${code}); see ${LOG}`);
    } finally {
      closeSync(lock);
      await unlink(LOCK).catch(() => {});
    }
    const built = await readImages();
    if (!built)
      throw new Error(`make-fixture-images.sh finished but ${fixtureImagesDir}/images.json is missing`);
    return built;
  }
}
