/**
 * Starts a throw-away Apache Kafka broker (single node, KRaft: broker and controller in one JVM) for tests.
 *
 * The broker's jars come from Maven Central through `bash test/setup/kafka.sh` into
 * `<repo>/.cache/kafka/libs`; this helper runs that script itself when they are missing, so a fresh clone
 * works. Each call gets free ports on 127.0.0.1 (or the ports it is given, to start a broker again where
 * an app expects it) and its own temp directory for the config and the log; `stop()` terminates the JVM
 * (SIGTERM, then SIGKILL) and removes the directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin } from '@platformatic/kafka';

export interface KafkaPorts {
  broker: number;
  controller: number;
}

export interface KafkaServer {
  /** `['127.0.0.1:40123']`: what a client's bootstrap list takes. */
  brokers: string[];
  ports: KafkaPorts;
  stop(): Promise<void>;
}

export interface StartKafkaOptions {
  /** Listen on these ports instead of free ones (a broker started again where an app expects it). */
  ports?: KafkaPorts;
}

/** A JVM starting a broker on a busy 2-core machine can take far longer than the few seconds it takes idle. */
const READY_TIMEOUT_MS = 90_000;
const FORMAT_TIMEOUT_MS = 60_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;
const OUTPUT_TAIL_BYTES = 6_144;
const PROBE_INTERVAL_MS = 250;

/**
 * Small heap and the client JIT only: the broker carries a few test records, and on two cores the C2
 * compiler threads would compete with the tests during start-up.
 */
const JVM_OPTIONS = ['-Xmx512m', '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];

/**
 * Runs java as a child of a tiny /bin/sh watchdog that owns a process group.
 * - SIGTERM to the shell is forwarded to java; the shell exits with java's status.
 * - When our end of the shell's stdin closes (this Node process exited or was killed, even by SIGKILL),
 *   java is stopped and the broker's directory ($WAYBILL_KAFKA_DIR) removed, so no orphan broker
 *   survives a crashed or timed-out test run.
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
  [ -n "$WAYBILL_KAFKA_DIR" ] && rm -rf "$WAYBILL_KAFKA_DIR"
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
    if (parent === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    dir = parent;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Keeps the last bytes of a process's output, for error messages. */
class OutputTail {
  #text = '';

  append(chunk: Buffer | string): void {
    this.#text += chunk.toString();
    if (this.#text.length > OUTPUT_TAIL_BYTES * 4) this.#text = this.#text.slice(-OUTPUT_TAIL_BYTES * 2);
  }

  toString(): string {
    return this.#text.slice(-OUTPUT_TAIL_BYTES).trim();
  }
}

/** Runs a command to its end; rejects with its output's tail when it fails or outlives `timeoutMs`. */
function run(command: string, args: readonly string[], what: string, timeoutMs: number, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = new OutputTail();
    child.stdout.on('data', (c: Buffer) => tail.append(c));
    child.stderr.on('data', (c: Buffer) => tail.append(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${what}: could not run ${command}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(tail.toString());
      else reject(new Error(`${what} failed (exit code ${code ?? 'n/a'}, signal ${signal ?? 'none'}${signal === 'SIGKILL' ? `, killed after ${timeoutMs} ms` : ''}).\n--- output tail ---\n${tail}`));
    });
  });
}

/**
 * The broker's classpath (`.cache/kafka/libs/*`, kafka-clients included), fetched by test/setup/kafka.sh
 * when its marker of a complete fetch is missing.
 */
export async function kafkaClasspath(): Promise<string> {
  const root = repoRoot();
  const libs = path.join(root, '.cache', 'kafka', 'libs');
  if (!existsSync(path.join(libs, '.complete'))) {
    const output = await run('bash', [path.join(root, 'test', 'setup', 'kafka.sh')], 'bash test/setup/kafka.sh (fetching the Kafka broker jars)', SETUP_TIMEOUT_MS, root);
    if (output) process.stderr.write(`${output}\n`);
  }
  return `${libs}${path.sep}*`;
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

async function freePorts(): Promise<KafkaPorts> {
  const broker = await freePort();
  let controller = await freePort();
  while (controller === broker) controller = await freePort();
  return { broker, controller };
}

/** A cluster id as `kafka-storage random-uuid` makes one: 16 random bytes, base64url, never starting with '-'. */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(ports: KafkaPorts, dataDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.broker}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    // One node: every internal topic has one replica. One partition for __consumer_offsets instead of 50
    // keeps the first consumer group from waiting for 50 partitions to be created.
    'num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    // Tests create their topics; a typo in a topic name should fail, not create a new one.
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=2',
    'background.threads=2',
    'num.recovery.threads.per.data.dir=1',
    '',
  ].join('\n');
}

/** Kafka's log on stdout (the watchdog's pipe), without the start-up dump of every config value. */
const LOG4J_PROPERTIES = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.server.KafkaConfig=WARN',
  'log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN',
  'log4j.logger.org.apache.kafka.clients=WARN',
  '',
].join('\n');

interface BrokerDir {
  dir: string;
  properties: string;
  log4j: string;
}

async function prepareDir(dir: string, ports: KafkaPorts): Promise<BrokerDir> {
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  const properties = path.join(dir, 'server.properties');
  const log4j = path.join(dir, 'log4j.properties');
  await writeFile(properties, serverProperties(ports, dataDir));
  await writeFile(log4j, LOG4J_PROPERTIES);
  return { dir, properties, log4j };
}

function javaArgs(classpath: string, broker: BrokerDir, mainClass: string, ...args: string[]): string[] {
  return [...JVM_OPTIONS, `-Dlog4j.configuration=file:${broker.log4j}`, `-Dkafka.logs.dir=${broker.dir}`, '-cp', classpath, mainClass, ...args];
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
  dir: string;
  exited: Promise<void>;
  hasExited: () => boolean;
  killGroup: (signal: NodeJS.Signals) => void;
  tail: OutputTail;
}

function launch(classpath: string, broker: BrokerDir): Running {
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'java', ...javaArgs(classpath, broker, 'kafka.Kafka', broker.properties)], {
    cwd: broker.dir,
    env: { ...process.env, WAYBILL_KAFKA_DIR: broker.dir },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // own process group, so a SIGKILL reaches java and the watchdog
  });
  const tail = new OutputTail();
  child.stdout?.on('data', (c: Buffer) => tail.append(c));
  child.stderr?.on('data', (c: Buffer) => tail.append(c));
  child.stdin?.on('error', () => {}); // EPIPE if the watchdog is already gone

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (err) => {
      exited = true;
      tail.append(`\n[spawn error] ${err.message}\n`);
      resolve();
    });
  });

  // A test that forgets stop() must not keep Node alive; the exit hook and the watchdog take the broker down.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();

  const killGroup = (signal: NodeJS.Signals): void => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return { child, dir: broker.dir, exited: exitedPromise, hasExited: () => exited, killGroup, tail };
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
        rmSync(r.dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

/** True when the broker answers a metadata request and lists itself (it is registered and unfenced). */
async function answersMetadata(bootstrap: string): Promise<boolean> {
  const admin = new Admin({ clientId: 'waybill-test-probe', bootstrapBrokers: [bootstrap], retries: false, connectTimeout: 1_000, timeout: 2_000 });
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true });
    return metadata.brokers.size > 0;
  } catch {
    return false;
  } finally {
    await admin.close().catch(() => {});
  }
}

async function waitReady(r: Running, ports: KafkaPorts, startedAt: number): Promise<void> {
  const bootstrap = `127.0.0.1:${ports.broker}`;
  const deadline = startedAt + READY_TIMEOUT_MS;
  for (;;) {
    if (r.hasExited()) {
      const tail = r.tail.toString();
      throw new StartError(
        `Kafka exited before answering on ${bootstrap} (exit code ${r.child.exitCode ?? 'n/a'}, signal ${r.child.signalCode ?? 'none'}).\n--- broker log tail ---\n${tail}`,
        /address already in use/i.test(tail),
      );
    }
    if (await answersMetadata(bootstrap)) return;
    if (Date.now() > deadline) {
      throw new StartError(`Kafka did not answer a metadata request on ${bootstrap} within ${READY_TIMEOUT_MS} ms.\n--- broker log tail ---\n${r.tail}`, false);
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}

async function terminate(r: Running): Promise<void> {
  if (!r.hasExited() && r.child.pid !== undefined) {
    try {
      r.child.kill('SIGTERM'); // the watchdog forwards it to java and waits for it
    } catch {
      // already gone
    }
    const timer = setTimeout(() => r.killGroup('SIGKILL'), STOP_GRACE_MS);
    await r.exited;
    clearTimeout(timer);
  }
  r.child.stdin?.destroy();
  r.child.stdout?.destroy();
  r.child.stderr?.destroy();
}

export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaServer> {
  const classpath = await kafkaClasspath();
  installExitHook();

  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const ports = options.ports ?? (await freePorts());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'waybill-kafka-'));
    const broker = await prepareDir(dir, ports);
    const startedAt = Date.now();
    let r: Running | undefined;
    try {
      await run('java', javaArgs(classpath, broker, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', broker.properties), 'formatting the Kafka log directory', FORMAT_TIMEOUT_MS, dir);
      r = launch(classpath, broker);
      live.add(r);
      await waitReady(r, ports, startedAt);
    } catch (err) {
      if (r) {
        await terminate(r);
        live.delete(r);
      }
      await rm(dir, { recursive: true, force: true });
      lastError = err;
      // Another process took a port between probing and binding: try new ones (unless they were given).
      if (err instanceof StartError && err.portInUse && !options.ports && attempt < PORT_ATTEMPTS) continue;
      throw err;
    }

    const running = r;
    let stopping: Promise<void> | undefined;
    return {
      brokers: [`127.0.0.1:${ports.broker}`],
      ports,
      stop(): Promise<void> {
        stopping ??= (async () => {
          try {
            await terminate(running);
          } finally {
            live.delete(running);
            await rm(dir, { recursive: true, force: true });
          }
        })();
        return stopping;
      },
    };
  }
  throw lastError instanceof Error ? lastError : new Error('Kafka failed to start');
}
