import Type, { type Static } from 'typebox';
import { CANONICAL_STATUSES } from 'waybill';

/** Kafka's own rule for topic names. */
const TOPIC_NAME = '^[a-zA-Z0-9._-]{1,249}$';

export const KafkaOptionsSchema = Type.Object({
  /** Bootstrap brokers, `host:port`; the client learns the rest of the cluster from them. */
  brokers: Type.Array(Type.String({ pattern: '^[^\\s,]+:[0-9]{1,5}$' }), { minItems: 1 }),
  /** Every status change goes to this one topic, which must exist (the plugin never creates it). */
  topic: Type.String({ pattern: TOPIC_NAME }),
  /** What the brokers see in their logs and quotas. */
  clientId: Type.String({ pattern: '^\\S+$', default: 'waybill' }),
  /** Publish only changes to these canonical statuses (default: all). */
  statuses: Type.Optional(Type.Array(Type.Enum(CANONICAL_STATUSES), { minItems: 1 })),
  /** Publish only these couriers' shipments (default: all). */
  couriers: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
});

export type KafkaOptions = Static<typeof KafkaOptionsSchema>;
