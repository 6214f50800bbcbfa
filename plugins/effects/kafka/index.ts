import { defineEffect } from 'waybill';
import { kafkaEffect } from './effect.js';
import { KafkaOptionsSchema } from './options.js';

export { KAFKA_EFFECT_NAME } from './effect.js';
export { type KafkaOptions } from './options.js';
export { COURIER_HEADER, DEDUP_KEY_HEADER, TYPE_HEADER, statusChangeRecord, type KafkaRecord } from './record.js';

/**
 * Every shipment status change published to a Kafka topic, keyed by shipment id, with the outbox's dedup
 * key in a header. On when WAYBILL_EFFECT_KAFKA_BROKERS and WAYBILL_EFFECT_KAFKA_TOPIC are set.
 */
export default defineEffect(
  { name: 'kafka', displayName: 'Status changes to Apache Kafka', options: KafkaOptionsSchema, requires: ['brokers', 'topic'] },
  async ({ app, options, log }) => {
    // Loaded only when the effect is on: the client takes a few hundred milliseconds to load, and the
    // service loads every plugin's index at start, configured or not.
    const { KafkaPublisher } = await import('./publisher.js');
    const publisher = new KafkaPublisher({ brokers: options.brokers, topic: options.topic, clientId: options.clientId, clock: app.waybill.clock });
    app.waybill.effects.register(kafkaEffect(options, publisher));
    app.addHook('onClose', () => publisher.close());
    log.info(
      { brokers: options.brokers, topic: options.topic, clientId: options.clientId, statuses: options.statuses ?? 'all', couriers: options.couriers ?? 'all' },
      'kafka: publishing status changes',
    );
  },
);
