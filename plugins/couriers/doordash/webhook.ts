import { BadWebhook, normalizeStatus, safeEqual, text, webhookJson, type CourierAdapter, type WebhookEvent } from 'waybill';
import { dasherOf } from './dasher.js';
import { CANCELLATION_REASON } from './statuses.js';
import { instant } from './time.js';
import { POSITION_EVENTS } from './vocabulary.js';

/** The exact `Authorization` value configured for the endpoint in DoorDash's Developer Portal. */
export const WEBHOOK_CREDENTIAL = 'webhook_authorization';

const isPositionEvent = (eventName: string) => (POSITION_EVENTS as readonly string[]).includes(normalizeStatus(eventName));

/** One webhook delivery: a step of the delivery with the Dasher as of then, or only where the Dasher is. */
function parse(raw: Buffer): WebhookEvent[] {
  const body = webhookJson(raw);
  const eventName = text(body.event_name);
  if (!eventName) throw new BadWebhook('event_name is missing');
  const trackingNumber = text(body.external_delivery_id);
  if (!trackingNumber) throw new BadWebhook('external_delivery_id is missing');
  const at = instant(body.created_at);
  if (!at) throw new BadWebhook('created_at is missing or not a time');
  const driver = dasherOf(body, at);
  // The payload carries no order id of the shop's: the external id is the one the shop chose.
  const orderId = trackingNumber;
  if (isPositionEvent(eventName)) return driver ? [{ trackingNumber, orderId, driver }] : [];
  // The docs say "with reason = failed_to_return"; the delivery object names the field cancellation_reason.
  const reason = text(body[CANCELLATION_REASON]) ?? text(body.reason);
  return [
    {
      trackingNumber,
      orderId,
      driver,
      result: {
        trackingNumber,
        found: true,
        status: eventName,
        statusAt: at,
        description: reason,
        fields: reason ? { [CANCELLATION_REASON]: reason } : {},
        eta: instant(body.dropoff_time_estimated),
        events: [{ at, status: eventName, description: reason }],
      },
    },
  ];
}

/**
 * DoorDash authenticates its webhooks with the credential configured in its portal, sent as is in the
 * Authorization header (no signature over the body is documented): compared in constant time.
 */
export const doordashWebhooks: Required<Pick<CourierAdapter, 'verifyWebhook' | 'parseWebhook'>> = {
  verifyWebhook(_raw, headers, { credentials }) {
    const expected = credentials[WEBHOOK_CREDENTIAL];
    const presented = headers.authorization;
    if (!expected || typeof presented !== 'string' || presented === '') return false;
    return safeEqual(presented, expected);
  },
  parseWebhook: (raw) => parse(raw),
};
