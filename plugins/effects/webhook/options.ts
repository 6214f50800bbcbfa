import Type, { type Static } from 'typebox';
import { CANONICAL_STATUSES } from 'waybill';

const Secret = Type.String({ pattern: '^whsec_[A-Za-z0-9+/=]{16,}$' });
const Statuses = Type.Array(Type.Enum(CANONICAL_STATUSES));
const Couriers = Type.Array(Type.String({ minLength: 1 }));
const Timeout = Type.Integer({ minimum: 100, maximum: 120_000 });

/** One receiver: its URL, its secret (and the previous one while it rotates), what it wants. */
export const EndpointSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
  url: Type.String({ pattern: '^https?://' }),
  secret: Secret,
  /** Still signed with during a rotation, so a receiver that has not switched yet keeps verifying. */
  previousSecret: Type.Optional(Secret),
  statuses: Type.Optional(Statuses),
  couriers: Type.Optional(Couriers),
  /** Also receive `shipment.requires_attention` (a shipment whose checks keep failing). */
  attention: Type.Optional(Type.Boolean()),
  timeoutMs: Type.Optional(Timeout),
});

/**
 * The simple case from variables (WAYBILL_EFFECT_WEBHOOK_URL, _SECRET, _PREVIOUS_SECRET, _STATUSES, _COURIERS,
 * _ATTENTION, _TIMEOUT_MS: the endpoint named `default`), several receivers from the config file (`effects.webhook.endpoints`).
 */
export const WebhookOptionsSchema = Type.Object({
  url: Type.Optional(Type.String({ pattern: '^https?://' })),
  secret: Type.Optional(Secret),
  previousSecret: Type.Optional(Secret),
  statuses: Type.Optional(Statuses),
  couriers: Type.Optional(Couriers),
  attention: Type.Optional(Type.Boolean()),
  timeoutMs: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  endpoints: Type.Array(EndpointSchema, { default: [] }),
});

export type WebhookOptions = Static<typeof WebhookOptionsSchema>;
export type Endpoint = Static<typeof EndpointSchema>;
