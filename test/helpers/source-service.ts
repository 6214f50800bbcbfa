import { repoRoot } from './repo-root.js';
import { freePort, startServerProcess } from './server-process.js';

export interface SourceService {
  url: string;
  /** The JSON answer of a request to the service. */
  api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
  /** SIGKILL: no chance to clean up, as a crash. */
  kill(): Promise<void>;
}

/**
 * The service (core/main.ts) as a process of its own, run from the TypeScript sources the way tap runs
 * them (no build needed), with `env` besides PATH and PORT; ready once /health answers.
 */
export async function startSourceService(env: Record<string, string>): Promise<SourceService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await startServerProcess({
    name: 'Waybill',
    command: process.execPath,
    args: ['--import', '@tapjs/typescript/import', '--conditions=waybill-source', 'core/main.ts'],
    cwd: repoRoot(),
    env: { PATH: process.env.PATH ?? '', TS_NODE_TRANSPILE_ONLY: '1', ...env, PORT: String(port) },
    address: `127.0.0.1:${port}`,
    readiness: 'answering /health',
    isReady: async () => (await fetch(`${url}/health`).catch(() => null))?.ok === true,
    readyTimeoutMs: 90_000,
    probeIntervalMs: 200,
  });
  const api = async <T>(path: string, init?: RequestInit) => {
    const res = await fetch(`${url}${path}`, init);
    return { status: res.status, body: (await res.json()) as T };
  };
  return { url, api, stop: () => service.stop(), kill: () => service.kill() };
}
