import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { ManualClock, type StatusChange } from 'waybill';
import { effectOptions } from 'waybill/testing';
import { startKafka } from '../../../test/helpers/kafka.js';
import kafkaPlugin, { DEDUP_KEY_HEADER, KAFKA_EFFECT_NAME } from './index.js';
import { createTopic, javaPartitions, listTopics, readTopic, startKafkaApp, type ConsumedRecord } from './testing.js';

// The broker starts once for the file; a JVM on a busy 2-core machine may take a while.
t.setTimeout(115_000);

const TOPIC = 'waybill.status-changes';
const PARTITIONS = 3;
/** The canonical statuses each sandbox story moves through after registration, one published change each. */
const STORIES: Record<string, string[]> = {
  'SBX-DELIVERED-1': ['picked_up', 'in_transit', 'out_for_delivery', 'delivered'],
  'SBX-RETURNED-1': ['picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'rto_initiated', 'rto_in_transit', 'rto_delivered'],
  'SBX-LOST-1': ['picked_up', 'in_transit', 'lost'],
  'SBX-CANCELLED-1': ['cancelled'],
};

const started = Date.now();
const kafka = await startKafka();
t.comment(`Kafka broker on ${kafka.brokers.join(',')} answered after ${Date.now() - started} ms`);
t.teardown(() => kafka.stop());
await createTopic(kafka.brokers, TOPIC, PARTITIONS);

const clock = new ManualClock('2026-05-01T10:00:00.000Z');
const kafkaEnv = { WAYBILL_EFFECT_KAFKA_BROKERS: kafka.brokers.join(','), WAYBILL_EFFECT_KAFKA_TOPIC: TOPIC };
const { app, logs } = await startKafkaApp(t, clock, kafkaEnv);

/** One sandbox run a few seconds later (each poll moves a story one step), then the outbox drained. */
async function poll(server: FastifyInstance): Promise<void> {
  clock.advance(7_000);
  await server.waybill.engine.runToCompletion('sandbox', 'manual');
  while ((await server.waybill.outbox.drain()) > 0);
}

async function register(server: FastifyInstance, trackingNumbers: string[]): Promise<void> {
  const shipments = trackingNumbers.map((trackingNumber) => ({ courier: 'sandbox', trackingNumber, orderId: `order-${trackingNumber}` }));
  const res = await server.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments } });
  if (res.statusCode !== 201) throw new Error(`registering shipments failed: ${res.statusCode} ${res.body}`);
}

const changeOf = (record: ConsumedRecord): StatusChange => JSON.parse(record.value) as StatusChange;
/** What the sandbox runs published, read back from the topic. */
let published: ConsumedRecord[] = [];

t.test('the variables configure it; without both required ones it stays off', async (t) => {
  const on = effectOptions(kafkaPlugin, { WAYBILL_EFFECT_KAFKA_BROKERS: 'a:9092, b:9093', WAYBILL_EFFECT_KAFKA_TOPIC: 'orders', WAYBILL_EFFECT_KAFKA_STATUSES: 'delivered,lost' });
  t.same(on.enabled && on.options, { brokers: ['a:9092', 'b:9093'], topic: 'orders', clientId: 'waybill', statuses: ['delivered', 'lost'] });
  const off = effectOptions(kafkaPlugin, { WAYBILL_EFFECT_KAFKA_BROKERS: 'a:9092' });
  t.match(!off.enabled && off.reason, /WAYBILL_EFFECT_KAFKA_TOPIC/);
  t.throws(() => effectOptions(kafkaPlugin, { WAYBILL_EFFECT_KAFKA_BROKERS: 'no-port', WAYBILL_EFFECT_KAFKA_TOPIC: 'x' }), /WAYBILL_EFFECT_KAFKA_BROKERS/);
  t.throws(() => effectOptions(kafkaPlugin, { WAYBILL_EFFECT_KAFKA_BROKERS: 'a:1', WAYBILL_EFFECT_KAFKA_TOPIC: 'bad topic' }), /WAYBILL_EFFECT_KAFKA_TOPIC/);
  t.throws(() => effectOptions(kafkaPlugin, { WAYBILL_EFFECT_KAFKA_BROKERS: 'a:1', WAYBILL_EFFECT_KAFKA_TOPIC: 'x', WAYBILL_EFFECT_KAFKA_STATUSES: 'arrived' }), /WAYBILL_EFFECT_KAFKA_STATUSES/);
  t.ok(logs.some((line) => line.includes('kafka: publishing status changes')), 'the app says where it publishes');

  const filtered = await startKafkaApp(t, new ManualClock('2026-05-01T10:00:00.000Z'), { ...kafkaEnv, WAYBILL_EFFECT_KAFKA_STATUSES: 'delivered,rto_delivered', WAYBILL_EFFECT_KAFKA_COURIERS: 'sandbox' });
  const effect = filtered.app.waybill.effects.get(KAFKA_EFFECT_NAME)!;
  t.same({ statuses: effect.statuses, couriers: effect.couriers }, { statuses: ['delivered', 'rto_delivered'], couriers: ['sandbox'] }, 'the filters reach the outbox router');
});

t.test('every status change is one record keyed by shipment id, in order within its partition', async (t) => {
  await register(app, Object.keys(STORIES));
  for (let i = 0; i < 9; i++) await poll(app);

  const records = (published = await readTopic(kafka.brokers, TOPIC));
  const expected = Object.values(STORIES).reduce((n, s) => n + s.length, 0);
  t.equal(records.length, expected, 'one record per status change');
  t.same(await app.waybill.store.outbox.counts(), { pending: 0, delivered: expected, dead: 0 }, 'every outbox message delivered once');

  const shipments = new Map<string, string>();
  for (const [trackingNumber] of Object.entries(STORIES)) {
    const shipment = await app.waybill.store.shipments.get('sandbox', trackingNumber);
    shipments.set(shipment!.id, trackingNumber);
  }
  const changes = records.map(changeOf);
  t.same(records.map((r) => r.key), changes.map((c) => c.shipmentId), 'each keyed by its shipment id');
  t.ok(changes.every((c) => c.type === 'shipment.status_changed' && shipments.has(c.shipmentId)), 'each value a status change of a shipment of this test');
  t.same(
    new Set(records.map((r) => JSON.stringify([r.headers['waybill-type'], r.headers['waybill-courier'], r.headers['content-type']]))),
    new Set([JSON.stringify(['shipment.status_changed', 'sandbox', 'application/json'])]),
    'type, courier and content type in headers',
  );

  const dedupKeys = records.map((r) => r.headers[DEDUP_KEY_HEADER]);
  const outboxKeys = changes.map((c) => app.waybill.effects.forStatusChange(c).find((m) => m.effect === KAFKA_EFFECT_NAME)?.dedupKey);
  t.same(dedupKeys, outboxKeys, "each record carries its outbox message's dedup key");
  t.equal(new Set(dedupKeys).size, records.length, 'no two records share one');

  const ids = [...shipments.keys()];
  const javaChoice = await javaPartitions(ids, PARTITIONS);
  for (const [i, id] of ids.entries()) {
    const trackingNumber = shipments.get(id)!;
    const own = records.filter((r) => r.key === id);
    t.same([...new Set(own.map((r) => r.partition))], [javaChoice[i]], `${trackingNumber}: one partition (${javaChoice[i]}), the one the Java client picks for its key`);
    t.ok(own.every((r, j) => j === 0 || r.offset > own[j - 1]!.offset), `${trackingNumber}: ascending offsets`);
    const path = own.map(changeOf);
    t.same(path.map((c) => c.to), STORIES[trackingNumber], `${trackingNumber}: its changes, in order`);
    t.ok(path.every((c, j) => c.trackingNumber === trackingNumber && (j === 0 || c.from === path[j - 1]!.to)), `${trackingNumber}: each change starts where the one before ended`);
  }
});

t.test('a topic that does not exist fails the delivery, and the plugin does not create it', async (t) => {
  const missing = 'waybill.no-such-topic';
  const other = await startKafkaApp(t, new ManualClock('2026-05-01T10:00:00.000Z'), { ...kafkaEnv, WAYBILL_EFFECT_KAFKA_TOPIC: missing });
  const effect = other.app.waybill.effects.get(KAFKA_EFFECT_NAME)!;
  const record = published[0]!;
  await t.rejects(effect.deliver(changeOf(record), { log: other.app.log, attempt: 1, dedupKey: record.headers[DEDUP_KEY_HEADER]! }), new RegExp(`Unknown topic ${missing}`));
  t.notOk((await listTopics(kafka.brokers)).includes(missing));
});

t.test('a message delivered twice is two records with one dedup key: consumers dedupe on the header', async (t) => {
  const before = await readTopic(kafka.brokers, TOPIC);
  const original = before.find((r) => changeOf(r).to === 'delivered')!;
  const effect = app.waybill.effects.get(KAFKA_EFFECT_NAME)!;
  const ctx = { log: app.log, attempt: 2, dedupKey: original.headers[DEDUP_KEY_HEADER]! };
  // What the outbox does when a send succeeded but its acknowledgement was lost: the same message again.
  await effect.deliver(changeOf(original), ctx);
  await effect.deliver(changeOf(original), { ...ctx, attempt: 3 });

  const after = await readTopic(kafka.brokers, TOPIC);
  t.equal(after.length, before.length + 2, 'Kafka keeps every send: idempotence only covers the retries within one send');
  const copies = after.filter((r) => r.headers[DEDUP_KEY_HEADER] === ctx.dedupKey);
  t.equal(copies.length, 3);
  t.same(new Set(copies.map((r) => `${r.partition}|${r.key}|${r.value}`)).size, 1, 'the same key, value and partition each time');

  const seen = new Set<string>();
  const deduplicated = after.filter((r) => {
    const key = r.headers[DEDUP_KEY_HEADER]!;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  t.same(deduplicated, before, 'keeping the first record of each dedup key, a consumer reads each change once');
});

t.test('deliveries in flight at once are all written', async (t) => {
  // The outbox delivers several messages of an effect at once. Sent concurrently, the client's idempotent
  // producer would have all acknowledged and only the first written (platformatic/kafka#326).
  const effect = app.waybill.effects.get(KAFKA_EFFECT_NAME)!;
  const before = await readTopic(kafka.brokers, TOPIC);
  const change = changeOf(published[0]!);
  const keys = Array.from({ length: 5 }, (_, i) => `kafka:concurrent-${i}`);
  await Promise.all(keys.map((dedupKey) => effect.deliver(change, { log: app.log, attempt: 1, dedupKey })));
  const after = await readTopic(kafka.brokers, TOPIC);
  t.equal(after.length, before.length + keys.length);
  t.same(after.filter((r) => keys.includes(r.headers[DEDUP_KEY_HEADER]!)).map((r) => r.headers[DEDUP_KEY_HEADER]), keys, 'each once, in the order delivered');
});

t.test('with the broker down a delivery throws and stays in the outbox; it reaches the broker once one is back', async (t) => {
  const effect = app.waybill.effects.get(KAFKA_EFFECT_NAME)!;
  const delivered = (await app.waybill.store.outbox.counts()).delivered;
  await kafka.stop();
  await register(app, ['SBX-CANCELLED-2']);
  await poll(app); // info_received, as registered: no change
  const failedAt = Date.now();
  await poll(app); // cancelled: its delivery fails
  t.comment(`a send to the stopped broker failed after ${Date.now() - failedAt} ms`);
  t.same(await app.waybill.store.outbox.counts(), { pending: 1, delivered, dead: 0 }, 'the change waits in the outbox');
  t.ok(
    logs.some((line) => line.includes(`side effect ${KAFKA_EFFECT_NAME} failed`) && line.includes(`publishing to Kafka topic \\"${TOPIC}\\" failed`)),
    'the failure is logged with its cause',
  );

  clock.advance(10_000); // past the window in which sends fail at once after a failure
  const attempt = effect.deliver(changeOf(published[0]!), { log: app.log, attempt: 1, dedupKey: published[0]!.headers[DEDUP_KEY_HEADER]! });
  await t.rejects(attempt, /publishing to Kafka topic "waybill\.status-changes" failed: .*ECONNREFUSED/, 'deliver itself throws, naming the cause');

  const again = await startKafka({ ports: kafka.ports });
  t.teardown(() => again.stop());
  await createTopic(again.brokers, TOPIC, PARTITIONS);
  clock.advance(60_000); // past the outbox's first retry delay
  while ((await app.waybill.outbox.drain()) > 0);
  t.same(await app.waybill.store.outbox.counts(), { pending: 0, delivered: delivered + 1, dead: 0 }, 'delivered on the retry');
  const records = await readTopic(again.brokers, TOPIC);
  t.same(records.map((r) => [changeOf(r).trackingNumber, changeOf(r).to]), [['SBX-CANCELLED-2', 'cancelled']]);
});
