import type { StatusChange } from 'waybill';

/** One Kafka record, as strings (the producer serialises them as UTF-8). */
export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The header carrying the outbox's dedup key: stable across redeliveries of one change, so consumers dedupe on it. */
export const DEDUP_KEY_HEADER = 'dedup-key';
export const TYPE_HEADER = 'waybill-type';
export const COURIER_HEADER = 'waybill-courier';

/**
 * A status change as a record keyed by shipment id: the default partitioner sends one shipment's changes
 * to one partition, where Kafka keeps them in the order they were published.
 */
export function statusChangeRecord(change: StatusChange, dedupKey: string): KafkaRecord {
  return {
    key: change.shipmentId,
    value: JSON.stringify(change),
    headers: {
      [DEDUP_KEY_HEADER]: dedupKey,
      [TYPE_HEADER]: change.type,
      [COURIER_HEADER]: change.courier,
      'content-type': 'application/json',
    },
  };
}
