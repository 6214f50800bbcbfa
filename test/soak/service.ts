import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { freePort, retryWhilePortTaken, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** `npm start`'s entry, as `npm test` builds it. */
export const SERVICE_ENTRY = join(repoRoot(), 'dist/core/main.js');

export interface ServiceInstance {
  url: string;
  startedAt: number;
  /** SIGTERM: the service finishes the batches in flight and closes its runs. */
  stop(): Promise<void>;
  /** SIGKILL: a crash in the middle of whatever it was doing. */
  kill(): Promise<void>;
}

/**
 * Starts the built service as its own process with `env` only (and PATH), on a free port; resolves once
 * /health answers. The build, not the sources (test/helpers/source-service.ts): a restart after a SIGKILL
 * is then only Node's start, which the soak pays several times.
 */
export async function startService(env: Readonly<Record<string, string>>): Promise<ServiceInstance> {
  return retryWhilePortTaken(3, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server: ServerProcess = await startServerProcess({
      name: 'waybill',
      command: process.execPath,
      args: [SERVICE_ENTRY],
      cwd: repoRoot(),
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      address: url,
      readiness: 'answering /health',
      isReady: async () => (await fetch(`${url}/health`).catch(() => null))?.ok === true,
      readyTimeoutMs: 30_000,
      probeIntervalMs: 100,
      stopGraceMs: 20_000,
      orphanGraceMs: 0,
    });
    return { url, startedAt: Date.now(), stop: () => server.stop(), kill: () => server.kill() };
  });
}
