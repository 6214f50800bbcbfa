import { freePort, startServerProcess } from './server-process.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface ServiceProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The service's whole environment besides PATH, PORT and HOST. */
  env: Record<string, string>;
  /** The route that answers 200 once the service is ready. */
  readyPath?: string;
}

/** Waybill's service as a process of its own on a free loopback port, ready once `readyPath` answers; stopped at teardown. */
export async function startServiceProcess(t: Teardown, options: ServiceProcessOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const readyPath = options.readyPath ?? '/health';
  const server = await startServerProcess({
    name: 'Waybill',
    command: options.command,
    args: options.args,
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    address: `127.0.0.1:${port}`,
    readiness: `answering ${readyPath}`,
    isReady: async () => (await fetch(`${url}${readyPath}`).catch(() => null))?.ok === true,
    readyTimeoutMs: 60_000,
    probeIntervalMs: 200,
  });
  // startServerProcess unrefs the child: a timer keeps the test alive until the service has exited.
  const stop = async () => {
    const keepAlive = setInterval(() => {}, 1_000);
    try {
      await server.stop();
    } finally {
      clearInterval(keepAlive);
    }
  };
  t.teardown(stop);
  return { url, stop };
}
