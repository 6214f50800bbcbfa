/**
 * A local server process a test starts and stops (FerretDB, a Kafka broker, gofakes3).
 *
 * `startServerProcess` spawns the server, probes it until it is ready (an error quotes the tail of its
 * output) and returns `stop()`: SIGTERM, then SIGKILL after a grace period. No server outlives the test
 * process: it runs under a /bin/sh watchdog (below), and an exit hook kills what is still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';

export interface ServerProcessOptions {
  /** How messages name the server, e.g. `FerretDB`. */
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  /** The server's environment; default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Where the server listens, for messages, e.g. `127.0.0.1:40123`. */
  address: string;
  /** What being ready means, for messages (`FerretDB exited before accepting connections on …`). */
  readiness: string;
  /** True once the server answers as itself, not merely as some process listening on its port. */
  isReady(): Promise<boolean>;
  /** A text the server prints once it listens; it is not ready before it has printed it. */
  readyText?: string;
  readyTimeoutMs: number;
  /** When the start began (default: now), from which `readyTimeoutMs` counts: earlier, to include preparing the server. */
  startedAt?: number;
  probeIntervalMs: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 3 s). */
  stopGraceMs?: number;
  /** How long the watchdog waits after SIGTERM when the test process is gone (default 5 s); 0 kills the server at once. */
  orphanGraceMs?: number;
  /** The server's own directory: removed when it stops, when it fails to start, and when it outlives the test process. */
  ownedDir?: string;
  /** How much of the server's output an error quotes (default 4,096 characters). */
  outputTailChars?: number;
}

export interface ServerProcess {
  /** Stops the server and removes its own directory; a second call waits for the same stop. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL, no chance to clean up, as a crash would) and waits until it is gone. */
  kill(): Promise<void>;
}

/** The server exited or did not become ready; `portInUse` when its port was taken by the time it bound. */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

/** Keeps the last characters of a process's output, for error messages. */
export class OutputTail {
  #text = '';

  constructor(readonly chars = 4_096) {}

  append(chunk: Buffer | string): void {
    this.#text += chunk.toString();
    if (this.#text.length > this.chars * 4) this.#text = this.#text.slice(-this.chars * 2);
  }

  includes(text: string): boolean {
    return this.#text.includes(text);
  }

  toString(): string {
    return this.#text.slice(-this.chars).trim();
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (another process may still take it before a server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not determine a free TCP port'));
        return;
      }
      probe.close((error) => (error ? reject(error) : resolve(address.port)));
    });
  });
}

/** Calls `start` again, `attempts` times in all, while it fails because another process took its free port first. */
export async function retryWhilePortTaken<T>(attempts: number, start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (!(error instanceof ServerStartError && error.portInUse) || attempt >= attempts) throw error;
    }
  }
}

const OWNED_DIR_VARIABLE = 'WAYBILL_SERVER_OWNED_DIR';

/**
 * Runs "$0" "$@" (the server) as a child of a /bin/sh that owns a process group.
 * - SIGTERM to the shell is passed on to the server; the shell exits with the server's status.
 * - When the shell's stdin (a pipe from the test process) closes, because the test process exited or was
 *   killed, even by SIGKILL, the server is stopped (SIGTERM, SIGKILL after `graceTicks` tenths of a second)
 *   and its own directory ($WAYBILL_SERVER_OWNED_DIR) removed.
 */
function watchdog(graceTicks: number): string {
  return `
exec 3<&0
"$0" "$@" </dev/null 3<&- &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
(
  while read -r _ <&3; do :; done
  trap '' TERM
  ${graceTicks > 0 ? 'kill -TERM "$pid" 2>/dev/null' : ':'}
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt ${graceTicks} ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null
  [ -n "$${OWNED_DIR_VARIABLE}" ] && rm -rf "$${OWNED_DIR_VARIABLE}"
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
}

interface Launched {
  child: ChildProcess;
  ownedDir: string | undefined;
  exited: Promise<void>;
  hasExited(): boolean;
  printedReadyText(): boolean;
  killGroup(signal: NodeJS.Signals): void;
  tail: OutputTail;
}

function launch(options: ServerProcessOptions): Launched {
  const graceTicks = Math.ceil((options.orphanGraceMs ?? 5_000) / 100);
  const child = spawn('/bin/sh', ['-c', watchdog(graceTicks), options.command, ...options.args], {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), [OWNED_DIR_VARIABLE]: options.ownedDir ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group, so that a SIGKILL reaches the server and the watchdog
  });

  const tail = new OutputTail(options.outputTailChars);
  let printedReadyText = false;
  const collect = (chunk: Buffer | string): void => {
    tail.append(chunk);
    if (!printedReadyText && options.readyText !== undefined && tail.includes(options.readyText)) printedReadyText = true;
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
    child.once('error', (error) => {
      exited = true;
      collect(`\n[spawn error] ${error.message}\n`);
      resolve();
    });
  });

  // The server alone must not keep Node alive: a test that forgets stop() still ends, and the exit hook and
  // the watchdog then take the server down.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();

  return {
    child,
    ownedDir: options.ownedDir,
    exited: exitedPromise,
    hasExited: () => exited,
    printedReadyText: () => printedReadyText,
    killGroup(signal) {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    },
    tail,
  };
}

const live = new Set<Launched>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const server of live) {
      server.killGroup('SIGKILL');
      if (server.ownedDir === undefined) continue;
      try {
        rmSync(server.ownedDir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(server: Launched, options: ServerProcessOptions): Promise<void> {
  const { name, address, readiness, readyTimeoutMs } = options;
  const deadline = (options.startedAt ?? Date.now()) + readyTimeoutMs;
  for (;;) {
    if (server.hasExited()) {
      const tail = server.tail.toString();
      const { exitCode, signalCode } = server.child;
      throw new ServerStartError(
        `${name} exited before ${readiness} on ${address} (exit code ${exitCode ?? 'n/a'}, signal ${signalCode ?? 'none'}).\n--- output tail ---\n${tail}`,
        /address already in use/i.test(tail),
      );
    }
    if ((options.readyText === undefined || server.printedReadyText()) && (await options.isReady())) return;
    if (Date.now() > deadline) {
      throw new ServerStartError(`${name} did not start ${readiness} on ${address} within ${readyTimeoutMs} ms.\n--- output tail ---\n${server.tail}`, false);
    }
    await sleep(options.probeIntervalMs);
  }
}

async function terminate(server: Launched, graceMs: number): Promise<void> {
  if (!server.hasExited() && server.child.pid !== undefined) {
    try {
      server.child.kill('SIGTERM'); // the watchdog passes it on and waits for the server
    } catch {
      // already gone
    }
    const timer = setTimeout(() => server.killGroup('SIGKILL'), graceMs);
    await server.exited;
    clearTimeout(timer);
  }
  // (On a normal exit the watchdog has already killed its stdin reader.)
  server.child.stdin?.destroy();
  server.child.stdout?.destroy();
  server.child.stderr?.destroy();
}

/** Starts the server and waits until it is ready; a server that does not become ready is stopped and a ServerStartError thrown. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  installExitHook();
  const server = launch(options);
  live.add(server);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await terminate(server, options.stopGraceMs ?? 3_000);
      } finally {
        live.delete(server);
        if (server.ownedDir !== undefined) await rm(server.ownedDir, { recursive: true, force: true });
      }
    })());
  const kill = async (): Promise<void> => {
    server.killGroup('SIGKILL');
    await stop();
  };
  try {
    await waitUntilReady(server, options);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop, kill };
}
