/**
 * Starts a throw-away FerretDB (MongoDB wire protocol, SQLite backend) for tests.
 *
 * The binary is built by `bash test/setup/ferretdb.sh` into `<repo>/.cache/bin/ferretdb`.
 * Each call gets its own free port on 127.0.0.1 and its own temp data directory; `stop()`
 * terminates the server and removes the directory. See test/setup/FERRETDB-NOTES.md for
 * what FerretDB v1 does and does not support.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './repo-root.js';
import { freePort, retryWhilePortTaken, startServerProcess } from './server-process.js';

export interface FerretDBServer {
  /** e.g. `mongodb://127.0.0.1:40123/` */
  uri: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const PORT_ATTEMPTS = 3;

function ferretdbBinary(): string {
  const root = repoRoot();
  const bin = path.join(root, '.cache', 'bin', 'ferretdb');
  if (!existsSync(bin)) {
    throw new Error(
      `FerretDB binary not found at ${bin}. Build it first with: bash test/setup/ferretdb.sh ` +
        `(run from ${root}; needs Go and access to the Go module proxy).`,
    );
  }
  return bin;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      sock.removeAllListeners();
      sock.on('error', () => {});
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Environment without FERRETDB_* variables, which ferretdb would read as flag defaults. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FERRETDB_')));
}

export async function startFerretDB(): Promise<{ uri: string; stop(): Promise<void> }> {
  const bin = ferretdbBinary();
  return retryWhilePortTaken(PORT_ATTEMPTS, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'waybill-ferretdb-'));
    const port = await freePort();
    const server = await startServerProcess({
      name: 'FerretDB',
      command: bin,
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--state-dir=${dataDir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-', // no debug/metrics HTTP listener
        '--telemetry=disable',
        '--log-level=info',
      ],
      cwd: dataDir,
      env: childEnv(),
      ownedDir: dataDir,
      address: `127.0.0.1:${port}`,
      readiness: 'accepting connections',
      // FerretDB's own INFO log line (needs --log-level=info) as well as a successful connect, so that
      // another process that grabbed the port is not mistaken for our server.
      readyText: `Listening on TCP 127.0.0.1:${port}`,
      isReady: () => canConnect(port),
      readyTimeoutMs: READY_TIMEOUT_MS,
      probeIntervalMs: 50,
      stopGraceMs: 3_000,
    });
    return { uri: `mongodb://127.0.0.1:${port}/`, stop: server.stop };
  });
}
