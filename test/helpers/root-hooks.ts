/**
 * Mocha root hooks for every suite: outbound connections are refused unless they go to a
 * loopback address (local registries, test servers). A test that quietly reaches the internet
 * fails with a clear error instead of passing on a developer's machine and failing in CI.
 * Tests that need an upstream service replay its real files with nock or a loopback server.
 */
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

function hostOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) return hostOf(first);
  if (first && typeof first === 'object') {
    const o = first as { host?: string; path?: string };
    if (o.path) return 'localhost'; // unix socket
    return o.host ?? 'localhost';
  }
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  if (typeof first === 'string') return 'localhost'; // unix socket path
  return undefined;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`test tried to reach ${host}: tests may only connect to loopback (mock the upstream)`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

export const mochaHooks = {};
