// Process measurement for the benchmarks: wall time (hrtime around the child), CPU time (user +
// system of the child and every descendant it waited for) and peak RSS (GNU time's %M, the
// largest resident set among them). On a shared machine CPU seconds are the steadier figure.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** Makes sure GNU time is there (installs the `time` package with apt-get when allowed). */
export function ensureGnuTime(log) {
  if (existsSync(GNU_TIME)) return true;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('installing GNU time (apt-get install time) for peak-RSS figures…');
    spawnSync('apt-get', ['install', '-y', '-qq', 'time'], { stdio: 'ignore' });
  }
  if (existsSync(GNU_TIME)) return true;
  log('GNU time not available: wall times only (hrtime), no peak RSS');
  return false;
}

/**
 * Runs `cmd args` once. stdout goes to `stdoutFile` (or /dev/null), stderr is captured.
 * Returns { wall (s), cpu (s, or null), rssMiB (or null), status, stderr }. Throws when the command fails
 * unless `allowFail`.
 */
export function measure(cmd, args, { stdoutFile, cwd, env, allowFail = false } = {}) {
  const tdir = mkdtempSync(join(tmpdir(), 'rampart-bench-time-'));
  const tfile = join(tdir, 'time');
  const useTime = existsSync(GNU_TIME);
  const out = openSync(stdoutFile ?? '/dev/null', 'w');
  try {
    const argv = useTime ? ['-f', '%e %M %U %S', '-o', tfile, cmd, ...args] : args;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(useTime ? GNU_TIME : cmd, argv, {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', out, 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const stderr = r.stderr?.toString() ?? '';
    if (r.error) throw r.error;
    if (r.status !== 0 && !allowFail) {
      throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${stderr.slice(-2000)}`);
    }
    let rssMiB = null;
    let cpu = null;
    if (useTime && existsSync(tfile)) {
      const last = readFileSync(tfile, 'utf8').trim().split('\n').pop() ?? '';
      const [, kb, user, sys] = last.split(' ').map(Number);
      if (Number.isFinite(kb)) rssMiB = kb / 1024;
      if (Number.isFinite(user) && Number.isFinite(sys)) cpu = user + sys;
    }
    return { wall, cpu, rssMiB, status: r.status, stderr };
  } finally {
    closeSync(out);
    rmSync(tdir, { recursive: true, force: true });
  }
}

export function median(values) {
  const v = values.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
