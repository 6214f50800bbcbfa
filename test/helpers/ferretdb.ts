/**
 * Starts a throw-away FerretDB (MongoDB wire protocol, SQLite backend) for tests.
 *
 * The binary is built by `bash test/setup/ferretdb.sh` into `<repo>/.cache/bin/ferretdb`.
 * Each call gets its own free port on 127.0.0.1 and its own temp data directory; `stop()`
 * terminates the server and removes the directory. See test/setup/FERRETDB-NOTES.md for
 * what FerretDB v1 does and does not support.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FerretDBServer {
  /** e.g. `mongodb://127.0.0.1:40123/` */
  uri: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 3_000;
const PORT_ATTEMPTS = 3;
const OUTPUT_TAIL_BYTES = 4_096;

/**
 * Runs ferretdb as a child of a tiny /bin/sh watchdog that owns a process group.
 * - SIGTERM to the shell is forwarded to ferretdb; the shell exits with ferretdb's status.
 * - When our end of the shell's stdin closes (this Node process exited or was killed, even
 *   by SIGKILL), ferretdb is stopped and its data directory ($WAYBILL_FERRETDB_DIR) removed,
 *   so no orphan server survives a crashed or timed-out test run.
 */
const WATCHDOG = `
exec 3<&0
"$0" "$@" </dev/null 3<&- &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
(
  while read -r _ <&3; do :; done
  trap '' TERM
  kill -TERM "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null
  [ -n "$WAYBILL_FERRETDB_DIR" ] && rm -rf "$WAYBILL_FERRETDB_DIR"
) >/dev/null 2>&1 </dev/null &
watcher=$!
exec 3<&-
while :; do
  wait "$pid"
  status=$?
  kill -0 "$pid" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null
exit "$status"
`;

/** Walks up from this file to the directory holding package.json (works from src and dist/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      // Fallback: the source layout, test/helpers/ferretdb.ts.
      return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    }
    dir = parent;
  }
}

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('could not determine a free TCP port'));
        return;
      }
      const { port } = addr;
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Environment without FERRETDB_* variables, which ferretdb would read as flag defaults. */
function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { WAYBILL_FERRETDB_DIR: dataDir };
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('FERRETDB_') && k !== 'WAYBILL_FERRETDB_DIR') env[k] = v;
  }
  return env;
}

class StartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

interface Running {
  child: ChildProcess;
  dataDir: string;
  exited: Promise<void>;
  hasExited: () => boolean;
  /** FerretDB logged that it listens on our port. */
  sawListening: () => boolean;
  killGroup: (signal: NodeJS.Signals) => void;
  tail: () => string;
}

function launch(bin: string, port: number, dataDir: string): Running {
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-', // no debug/metrics HTTP listener
    '--telemetry=disable',
    '--log-level=info',
  ];
  const child = spawn('/bin/sh', ['-c', WATCHDOG, bin, ...args], {
    cwd: dataDir,
    env: childEnv(dataDir),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // own process group, so a SIGKILL can reach ferretdb and the watchdog
  });

  let output = '';
  let listening = false;
  const marker = `Listening on TCP 127.0.0.1:${port}`; // FerretDB's INFO log line
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (!listening && output.includes(marker)) listening = true;
    if (output.length > OUTPUT_TAIL_BYTES * 4) output = output.slice(-OUTPUT_TAIL_BYTES * 2);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.stdin?.on('error', () => {}); // EPIPE if the watchdog is already gone

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (err) => {
      exited = true;
      collect(Buffer.from(`\n[spawn error] ${err.message}\n`));
      resolve();
    });
  });

  // Do not keep the event loop alive just for the server: if a test forgets stop(), Node can
  // still exit, and the 'exit' hook / stdin watchdog then take the server down.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) {
    (s as unknown as { unref?: () => void } | null)?.unref?.();
  }

  const killGroup = (signal: NodeJS.Signals): void => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  return {
    child,
    dataDir,
    exited: exitedPromise,
    hasExited: () => exited,
    sawListening: () => listening,
    killGroup,
    tail: () => output.slice(-OUTPUT_TAIL_BYTES).trim(),
  };
}

const live = new Set<Running>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const r of live) {
      r.killGroup('SIGKILL');
      try {
        rmSync(r.dataDir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

async function waitReady(r: Running, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (r.hasExited()) {
      const code = r.child.exitCode;
      const tail = r.tail();
      throw new StartError(
        `FerretDB exited before accepting connections on 127.0.0.1:${port} ` +
          `(exit code ${code ?? 'n/a'}, signal ${r.child.signalCode ?? 'none'}).\n--- output tail ---\n${tail}`,
        /address already in use/i.test(tail),
      );
    }
    // Require FerretDB's own "Listening on TCP <addr>" log line (needs --log-level=info) as well
    // as a successful connect, so that another process that grabbed the port is not mistaken
    // for our server.
    if (r.sawListening() && (await canConnect(port))) return;
    if (Date.now() > deadline) {
      throw new StartError(
        `FerretDB did not accept connections on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms.\n` +
          `--- output tail ---\n${r.tail()}`,
        false,
      );
    }
    await sleep(50);
  }
}

async function terminate(r: Running): Promise<void> {
  if (!r.hasExited() && r.child.pid !== undefined) {
    try {
      r.child.kill('SIGTERM'); // the watchdog forwards it to ferretdb and waits for it
    } catch {
      // already gone
    }
    const timer = setTimeout(() => r.killGroup('SIGKILL'), STOP_GRACE_MS);
    await r.exited;
    clearTimeout(timer);
  }
  // (On a normal exit the watchdog has already killed its stdin reader.)
  r.child.stdin?.destroy();
  r.child.stdout?.destroy();
  r.child.stderr?.destroy();
}

export async function startFerretDB(): Promise<{ uri: string; stop(): Promise<void> }> {
  const bin = ferretdbBinary();
  installExitHook();

  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'waybill-ferretdb-'));
    const port = await freePort();
    const r = launch(bin, port, dataDir);
    live.add(r);
    try {
      await waitReady(r, port);
    } catch (err) {
      await terminate(r);
      live.delete(r);
      await rm(dataDir, { recursive: true, force: true });
      lastError = err;
      // Another process grabbed the port between probing and binding: try a new one.
      if (err instanceof StartError && err.portInUse && attempt < PORT_ATTEMPTS) continue;
      throw err;
    }

    let stopping: Promise<void> | undefined;
    return {
      uri: `mongodb://127.0.0.1:${port}/`,
      stop(): Promise<void> {
        stopping ??= (async () => {
          try {
            await terminate(r);
          } finally {
            live.delete(r);
            await rm(dataDir, { recursive: true, force: true });
          }
        })();
        return stopping;
      },
    };
  }
  throw lastError instanceof Error ? lastError : new Error('FerretDB failed to start');
}
