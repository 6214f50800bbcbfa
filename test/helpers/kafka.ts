/**
 * Starts a throw-away Apache Kafka broker (single node, KRaft: broker and controller in one JVM) for tests.
 *
 * The broker's jars come from Maven Central through `bash test/setup/kafka.sh` into
 * `<repo>/.cache/kafka/libs`; this helper runs that script itself when they are missing, so a fresh clone
 * works. Each call gets free ports on 127.0.0.1 (or the ports it is given, to start a broker again where
 * an app expects it) and its own temp directory for the config and the log; `stop()` terminates the JVM
 * (SIGTERM, then SIGKILL) and removes the directory.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { repoRoot } from './repo-root.js';
import { OutputTail, freePort, retryWhilePortTaken, startServerProcess } from './server-process.js';

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
const OUTPUT_TAIL_CHARS = 6_144;
const PROBE_INTERVAL_MS = 250;

/**
 * Small heap and the client JIT only: the broker carries a few test records, and on two cores the C2
 * compiler threads would compete with the tests during start-up.
 */
const JVM_OPTIONS = ['-Xmx512m', '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];

/** Runs a command to its end; rejects with its output's tail when it fails or outlives `timeoutMs`. */
function run(command: string, args: readonly string[], what: string, timeoutMs: number, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = new OutputTail(OUTPUT_TAIL_CHARS);
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

export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaServer> {
  const classpath = await kafkaClasspath();
  // Another process may take a free port between probing and binding: then new ones (unless they were given).
  return retryWhilePortTaken(options.ports ? 1 : PORT_ATTEMPTS, async () => {
    const ports = options.ports ?? (await freePorts());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'waybill-kafka-'));
    const broker = await prepareDir(dir, ports);
    const startedAt = Date.now();
    try {
      await run('java', javaArgs(classpath, broker, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', broker.properties), 'formatting the Kafka log directory', FORMAT_TIMEOUT_MS, dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const bootstrap = `127.0.0.1:${ports.broker}`;
    const server = await startServerProcess({
      name: 'Kafka',
      command: 'java',
      args: javaArgs(classpath, broker, 'kafka.Kafka', broker.properties),
      cwd: dir,
      ownedDir: dir,
      address: bootstrap,
      readiness: 'answering a metadata request',
      isReady: () => answersMetadata(bootstrap),
      readyTimeoutMs: READY_TIMEOUT_MS,
      startedAt,
      probeIntervalMs: PROBE_INTERVAL_MS,
      stopGraceMs: STOP_GRACE_MS,
      outputTailChars: OUTPUT_TAIL_CHARS,
    });
    return { brokers: [bootstrap], ports, stop: server.stop };
  });
}
