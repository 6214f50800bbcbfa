import { createHmac } from 'node:crypto';
import { defineCourier } from '../../core/courier/plugin.js';
import { isObject, text } from '../../core/courier/shape.js';
import { verifyHmacSha256Hex } from '../../core/courier/signature.js';
import { BadWebhook } from '../../core/errors.js';

/** The key `pushCourier` checks signatures with: WAYBILL_COURIER_PUSHY_SIGNING_KEY. */
export const PUSHY_KEY = 'push-signing-key-0123456789';

/** A minimal push courier: `{ id, status, at, order_id?, driver? }` signed with HMAC-SHA256 hex in X-Signature. */
export const pushCourier = defineCourier(
  {
    name: 'pushy',
    displayName: 'Pushy',
    mode: 'push',
    batchSize: 1,
    quota: { requests: 10, windowSeconds: 1 },
    concurrency: 1,
    schedule: { cron: '0 0 1 1 *', maxPerRun: 1 },
    auth: { kind: 'none' },
    webhook: { credentials: ['signing_key'] },
    endpoints: { baseUrl: 'https://api.pushy.example' },
    statuses: [
      { status: 'assigned', to: 'driver_assigned' },
      { status: 'picked', to: 'picked_up' },
      { status: 'dropping', to: 'out_for_delivery' },
      { status: 'done', to: 'delivered' },
    ],
  },
  {
    track: async () => [],
    verifyWebhook: (raw, headers, ctx) => verifyHmacSha256Hex(raw, ctx.credentials.signing_key!, headers['x-signature']?.toString()),
    parseWebhook(raw) {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new BadWebhook('the body is not JSON');
      }
      if (!isObject(body) || !text(body.id)) throw new BadWebhook('the body has no delivery id');
      const at = text(body.at) ?? '';
      const driver = isObject(body.driver) ? { at, location: { lat: Number(body.driver.lat), lng: Number(body.driver.lng) }, name: text(body.driver.name) } : undefined;
      const status = text(body.status);
      return [{ trackingNumber: text(body.id)!, orderId: text(body.order_id), driver, result: status ? { trackingNumber: text(body.id)!, found: true, status, statusAt: at, events: [{ at, status }] } : undefined }];
    },
  },
);

/** The X-Signature of `raw`. */
export const sign = (raw: string, key = PUSHY_KEY) => createHmac('sha256', key).update(raw).digest('hex');
