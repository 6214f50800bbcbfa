/**
 * Starts a throw-away redis-server (Debian's package, installed by `bash test/setup/redis.sh`) on a free
 * port of 127.0.0.1, without persistence; `stop()` ends it.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { repoRoot } from './repo-root.js';
import { freePort, retryWhilePortTaken, startServerProcess } from './server-process.js';

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      sock.removeAllListeners();
      sock.on('error', () => {});
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (data) => done(data.toString().startsWith('+PONG')));
    sock.once('error', () => done(false));
  });
}

export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('redis-server not found in PATH. Install it first with: bash test/setup/redis.sh (npm test runs it)');
  }
  return retryWhilePortTaken(3, async () => {
    const port = await freePort();
    const server = await startServerProcess({
      name: 'Redis',
      command: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      cwd: repoRoot(),
      address: `127.0.0.1:${port}`,
      readiness: `answering PING on 127.0.0.1:${port}`,
      readyText: 'Ready to accept connections',
      isReady: () => ping(port),
      readyTimeoutMs: 10_000,
      probeIntervalMs: 50,
      stopGraceMs: 2_000,
    });
    return { url: `redis://127.0.0.1:${port}`, stop: server.stop };
  });
}
