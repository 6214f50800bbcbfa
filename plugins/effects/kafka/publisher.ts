import { compatibilityPartitioner, ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import type { Clock } from 'waybill';
import type { KafkaRecord } from './record.js';

export interface PublisherOptions {
  brokers: readonly string[];
  topic: string;
  clientId: string;
  clock: Clock;
}

/**
 * Retries inside one send, for a leader moving or a broker restarting; the outbox retries the rest.
 * (The client turns an idempotent producer's "retries ≤ 1" into retrying forever, so this must stay > 1.)
 */
const SEND_RETRIES = 3;
const SEND_RETRY_DELAY_MS = 500;
const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * After a failed send, sends in the next few seconds fail at once with its error instead of each waiting
 * out the retries again: a batch of outbox messages does not hold its lease for minutes on a dead broker.
 */
const FAIL_FAST_MS = 5_000;

type StringProducer = Producer<string, string, string, string>;

/**
 * Publishes records to one topic with an idempotent producer (acks=all, one request in flight), one send
 * at a time. The client numbers an idempotent producer's batches per partition when it encodes them and
 * counts a number as used only when the broker acknowledges it, so concurrent sends share one number and
 * the broker acknowledges all but the first as duplicates without writing them (platformatic/kafka#326).
 * A send resolves once the record is written to every in-sync replica and rejects when it cannot be.
 * After a failed send the producer is replaced by a new one (a new producer id): the broker may have
 * written the record after all, and the old producer's numbering would then make it drop the next
 * record for that partition as a duplicate.
 */
export class KafkaPublisher {
  readonly #options: PublisherOptions;
  #producer: StringProducer;
  #queue: Promise<void> = Promise.resolve();
  #lastFailure: { at: number; error: Error } | null = null;
  #closed = false;

  constructor(options: PublisherOptions) {
    this.#options = options;
    this.#producer = this.#newProducer();
  }

  publish(record: KafkaRecord): Promise<void> {
    const sent = this.#queue.then(() => this.#send(record));
    this.#queue = sent.catch(() => {});
    return sent;
  }

  /** Waits for the send in progress, then disconnects; later sends are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    await this.#producer.close();
  }

  async #send(record: KafkaRecord): Promise<void> {
    const { topic, clock } = this.#options;
    if (this.#closed) throw new Error('the Kafka publisher is closed');
    const recent = this.#lastFailure;
    if (recent && clock.now().getTime() - recent.at < FAIL_FAST_MS) throw recent.error;
    const producer = this.#producer;
    try {
      await producer.send({ messages: [{ topic, key: record.key, value: record.value, headers: record.headers }] });
      this.#lastFailure = null;
    } catch (cause) {
      const error = new Error(`publishing to Kafka topic "${topic}" failed: ${describe(cause)}`, { cause });
      this.#lastFailure = { at: clock.now().getTime(), error };
      this.#producer = this.#newProducer();
      await producer.close().catch(() => {});
      throw error;
    }
  }

  #newProducer(): StringProducer {
    const { brokers, clientId } = this.#options;
    return new Producer({
      clientId,
      bootstrapBrokers: [...brokers],
      idempotent: true,
      acks: ProduceAcks.ALL,
      retries: SEND_RETRIES,
      retryDelay: SEND_RETRY_DELAY_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      timeout: REQUEST_TIMEOUT_MS,
      // Murmur2 of the key, as the Java client and librdkafka's murmur2 partitioner hash it, so a shipment's
      // changes land in the partition any other producer keyed by shipment id would choose.
      partitioner: compatibilityPartitioner,
      serializers: stringSerializers,
    });
  }
}

/**
 * The client's error and the ones it wraps, outermost first: "Producing messages failed: produce failed
 * 4 times: Connection to 127.0.0.1:9092 failed: connect ECONNREFUSED 127.0.0.1:9092".
 */
function describe(error: unknown): string {
  const messages: string[] = [];
  // It keeps the errors of each attempt or broker in `errors`, or one in `cause`; the first says enough.
  for (let e: unknown = error; e instanceof Error && messages.length < 6; e = (e as { errors?: unknown[] }).errors?.[0] ?? e.cause) {
    messages.push(e.message.replace(/\.$/, ''));
  }
  return messages.join(': ') || String(error);
}
