import type { SideEffect } from 'waybill';
import type { KafkaOptions } from './options.js';
import type { KafkaPublisher } from './publisher.js';
import { statusChangeRecord } from './record.js';

export const KAFKA_EFFECT_NAME = 'kafka';

/**
 * Publishes every status change (of the configured statuses and couriers) as one record, return shipments'
 * too (the record's `returnOf` tells them apart: a stream is for systems that follow every number). Delivery comes
 * from the outbox, at least once: a failed send throws and the outbox retries it later, with the same
 * dedup key in the record's header.
 */
export function kafkaEffect(options: Pick<KafkaOptions, 'statuses' | 'couriers'>, publisher: KafkaPublisher): SideEffect {
  return {
    name: KAFKA_EFFECT_NAME,
    returnChanges: true,
    ...(options.statuses ? { statuses: options.statuses } : {}),
    ...(options.couriers ? { couriers: options.couriers } : {}),
    async deliver(message, ctx) {
      if (message.type !== 'shipment.status_changed') {
        ctx.log.warn({ type: message.type }, 'kafka: only status changes are published; message skipped');
        return;
      }
      await publisher.publish(statusChangeRecord(message, ctx.dedupKey));
    },
  };
}
