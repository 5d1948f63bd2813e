/** A throwaway self-signed certificate made with the openssl CLI, or undefined when openssl is absent. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function selfSignedCert(commonName = '127.0.0.1'): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const args = [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
    ];
    const r = spawnSync('openssl', [...args, '-keyout', key, '-out', cert], { stdio: 'ignore' });
    if (r.error || r.status !== 0) return undefined;
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
