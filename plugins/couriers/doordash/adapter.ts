import { isObject, oneNumberPerRequest, text, type CourierAdapter } from 'waybill';
import { readDelivery } from './delivery.js';
import { doordashWebhooks } from './webhook.js';

/** Get Delivery: one delivery per request, by the external id the shop chose when it created it. */
export const deliveryPath = (externalDeliveryId: string) => `/drive/v2/deliveries/${encodeURIComponent(externalDeliveryId)}`;

/**
 * Polling repairs missed webhooks: GET /drive/v2/deliveries/{external_delivery_id} with a self-signed JWT
 * (declared auth `jwt`); an id DoorDash does not know answers 404. Webhooks: webhook.ts.
 */
export const doordashAdapter: CourierAdapter = {
  ...oneNumberPerRequest(async ({ trackingNumber }, { http }) => {
    const res = await http.get(deliveryPath(trackingNumber), undefined, { passStatuses: [404] });
    if (res.status !== 404) return readDelivery(trackingNumber, res.body);
    const message = isObject(res.body) ? text(res.body.message) : undefined;
    return { trackingNumber, found: false, reason: `DoorDash: ${message ? http.redact(message) : 'no delivery with this external_delivery_id'}` };
  }),
  ...doordashWebhooks,
};
