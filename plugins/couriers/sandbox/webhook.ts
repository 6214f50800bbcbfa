import { BadWebhook, isObject, text, verifyHmacSha256Hex, webhookJson, type CourierAdapter, type DriverPosition, type Json, type WebhookEvent } from 'waybill';
import { SIGNATURE_HEADER } from './push.js';

function driverOf(body: Json, at: string): DriverPosition | undefined {
  const d = isObject(body.driver) ? body.driver : undefined;
  if (!d) return undefined;
  const [lat, lng] = [Number(d.lat), Number(d.lng)];
  const location = Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : undefined;
  return { at, location, name: text(d.name), vehicle: text(d.vehicle), phone: text(d.phone) };
}

/** The sandbox's webhooks: `tracking.updated` reports a status, `driver.location` only where the driver is. */
export const sandboxWebhooks: Required<Pick<CourierAdapter, 'verifyWebhook' | 'parseWebhook'>> = {
  verifyWebhook: (raw, headers, { credentials }) => verifyHmacSha256Hex(raw, credentials.webhook_secret ?? '', headers[SIGNATURE_HEADER]?.toString()),
  parseWebhook(raw): WebhookEvent[] {
    const body = webhookJson(raw);
    const trackingNumber = text(body.tracking_number);
    const at = text(body.occurred_at);
    if (!trackingNumber) throw new BadWebhook('tracking_number is missing');
    if (!at || Number.isNaN(Date.parse(at))) throw new BadWebhook('occurred_at is missing or not a time');
    const driver = driverOf(body, at);
    if (body.type === 'driver.location') return [{ trackingNumber, driver }];
    if (body.type !== 'tracking.updated') throw new BadWebhook(`unknown webhook type ${JSON.stringify(body.type)}`);
    const status = text(body.status);
    if (!status) throw new BadWebhook('status is missing');
    return [
      {
        trackingNumber,
        orderId: text(body.order_id),
        driver,
        result: { trackingNumber, found: true, status, statusAt: at, events: [{ at, status, description: text(body.status_detail) }] },
      },
    ];
  },
};
