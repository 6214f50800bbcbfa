import type { IncomingHttpHeaders } from 'node:http';
import { BadWebhook, isObject, text, verifyHmacSha256Hex, webhookJson, type CourierAdapter, type Json, type WebhookEvent } from 'waybill';
import { courierPositionOf, foundResult, isReturnDelivery, orderIdOf, relationsOf, timeOf } from './delivery.js';
import { RETURN_LEG } from './statuses.js';

/** The Webhooks Guide names X-Postmates-Signature, the Webhooks Overview x-uber-signature: either is read. */
export const SIGNATURE_HEADERS = ['x-postmates-signature', 'x-uber-signature'] as const;
export type SignatureHeader = (typeof SIGNATURE_HEADERS)[number];

export const KINDS = { status: 'event.delivery_status', courier: 'event.courier_update', return: 'event.delivery_return' } as const;
/** Documented kinds that say nothing about where a delivery is: accepted, and nothing is applied. */
const WITHOUT_TRACKING = new Set(['event.refund_request', 'event.shopping_progress']);

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The tracked delivery a webhook is about: the delivery itself, or the original of a return delivery. */
function trackedOf(deliveryId: string, delivery: Json): { trackingNumber: string; leg?: typeof RETURN_LEG } {
  const { original } = relationsOf(delivery);
  if (original) return { trackingNumber: original, leg: RETURN_LEG };
  if (isReturnDelivery(deliveryId)) throw new BadWebhook(`return delivery ${deliveryId} names no original delivery in related_deliveries`);
  return { trackingNumber: deliveryId };
}

function eventsOf(body: Json): WebhookEvent[] {
  const kind = text(body.kind);
  if (!kind) throw new BadWebhook('kind is missing');
  if (WITHOUT_TRACKING.has(kind)) return [];
  if (kind !== KINDS.status && kind !== KINDS.courier && kind !== KINDS.return) throw new BadWebhook(`unknown webhook kind ${JSON.stringify(kind)}`);
  const delivery = body.data;
  if (!isObject(delivery)) throw new BadWebhook('data (the delivery) is missing');
  // data.id is the del_/ret_ id; the top-level delivery_id has been seen in another form.
  const deliveryId = text(delivery.id) ?? text(body.delivery_id);
  if (!deliveryId) throw new BadWebhook('the delivery id (data.id or delivery_id) is missing');
  const at = timeOf(body.created);
  if (!at) throw new BadWebhook('created is missing or not a time');
  const { trackingNumber, leg } = trackedOf(deliveryId, delivery);
  const orderId = orderIdOf(delivery);
  const driver = courierPositionOf(delivery, at, body.location);
  if (kind === KINDS.courier) {
    if (!driver) throw new BadWebhook('data.courier is missing');
    return [{ trackingNumber, orderId, driver }];
  }
  const status = text(body.status) ?? text(delivery.status);
  if (!status) throw new BadWebhook('status is missing');
  return [{ trackingNumber, orderId, driver, result: foundResult(trackingNumber, { delivery, status, leg, at }, { asEvent: true }) }];
}

/**
 * Uber Direct's webhooks: HMAC-SHA256 (hex) of the exact body with the webhook's signing key;
 * `event.delivery_status` reports a status with the full delivery in `data`, `event.courier_update`
 * (every ~20 s) where the courier is.
 */
export const uberDirectWebhooks: Required<Pick<CourierAdapter, 'verifyWebhook' | 'parseWebhook'>> = {
  verifyWebhook(raw: Buffer, headers: IncomingHttpHeaders, { credentials }) {
    const key = credentials.webhook_signing_key ?? '';
    if (key === '') return false;
    const presented = SIGNATURE_HEADERS.map((name) => headerValue(headers[name])).filter((value) => value !== undefined);
    // Every presented signature is checked, so the answer takes as long whichever header carries it.
    return presented.map((signature) => verifyHmacSha256Hex(raw, key, signature)).includes(true);
  },
  parseWebhook: (raw) => eventsOf(webhookJson(raw)),
};
