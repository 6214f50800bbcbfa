import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Admin, Consumer, stringDeserializers } from '@platformatic/kafka';
import type { ManualClock } from 'waybill';
import { kafkaClasspath } from '../../../test/helpers/kafka.js';
import { startSandboxHarness } from '../../couriers/sandbox/testing.js';
import kafkaPlugin from './index.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A record as a consumer reads it. */
export interface ConsumedRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: bigint;
}

export async function createTopic(brokers: string[], topic: string, partitions: number): Promise<void> {
  const admin = new Admin({ clientId: 'waybill-test-admin', bootstrapBrokers: brokers });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

export async function listTopics(brokers: string[]): Promise<string[]> {
  const admin = new Admin({ clientId: 'waybill-test-admin', bootstrapBrokers: brokers });
  try {
    return await admin.listTopics();
  } finally {
    await admin.close();
  }
}

/** Every record of `topic`, from the beginning to the end it has now, in partition then offset order. */
export async function readTopic(brokers: string[], topic: string, timeoutMs = 30_000): Promise<ConsumedRecord[]> {
  const consumer = new Consumer({
    clientId: 'waybill-test-consumer',
    groupId: `waybill-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    bootstrapBrokers: brokers,
    deserializers: stringDeserializers,
    maxWaitTime: 200,
  });
  try {
    const ends = (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? [];
    const total = ends.reduce((n, end) => n + Number(end), 0);
    const records: ConsumedRecord[] = [];
    if (total > 0) {
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
      const timer = setTimeout(() => stream.destroy(new Error(`read ${records.length} of ${total} records of ${topic} in ${timeoutMs} ms`)), timeoutMs);
      try {
        for await (const m of stream) {
          records.push({ key: m.key, value: m.value, headers: Object.fromEntries(m.headers), partition: m.partition, offset: m.offset });
          if (records.length >= total) break;
        }
      } finally {
        clearTimeout(timer);
        await stream.close().catch(() => {});
      }
    }
    return records.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
  } finally {
    await consumer.close(true);
  }
}

/** The Java client's own choice of partition for each key (BuiltInPartitioner, from the broker's classpath). */
export async function javaPartitions(keys: readonly string[], partitions: number): Promise<number[]> {
  const source = `
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
public class Partitions {
  public static void main(String[] args) {
    int count = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) System.out.println(BuiltInPartitioner.partitionForKey(args[i].getBytes(StandardCharsets.UTF_8), count));
  }
}
`;
  const dir = await mkdtemp(join(tmpdir(), 'waybill-java-'));
  try {
    await writeFile(join(dir, 'Partitions.java'), source);
    const { stdout } = await promisify(execFile)('java', ['-cp', await kafkaClasspath(), join(dir, 'Partitions.java'), String(partitions), ...keys], { timeout: 60_000 });
    return stdout.trim().split('\n').map(Number);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The real app with the sandbox courier (pointed at a simulator on `clock`) and the kafka effect configured
 * through its variables, schedule off: the test drives runs and the outbox.
 */
export function startKafkaApp(t: Teardown, clock: ManualClock, kafkaEnv: Record<string, string>) {
  return startSandboxHarness(t, { clock, effects: [kafkaPlugin], env: kafkaEnv });
}
