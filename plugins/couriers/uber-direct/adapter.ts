import { BadResponse, LoginRefused, expectObject, oneNumberPerRequest, text, type CourierAdapter, type CourierHttp, type Json, type TrackContext, type TrackRequest, type TrackResult } from 'waybill';
import { CUSTOMER_ID_VARIABLE, deliveryPath } from './declaration.js';
import { foundResult, relationsOf, statusTimeOf } from './delivery.js';
import { RETURN_LEG } from './statuses.js';
import { uberDirectWebhooks } from './webhook.js';

type Lookup = { delivery: Json } | { missing: string };

/** Get Delivery; Uber's 404 `delivery_not_found` is an answer (not found), its `customer_not_found` a configuration error. */
async function getDelivery(http: CourierHttp, customerId: string, deliveryId: string): Promise<Lookup> {
  const res = await http.get(deliveryPath(customerId, deliveryId), undefined, { passStatuses: [404] });
  const body = expectObject(res.body, 'the delivery');
  if (res.status !== 404) return { delivery: body };
  if (text(body.code) === 'customer_not_found') throw new LoginRefused(`customer_not_found: check ${CUSTOMER_ID_VARIABLE}`);
  return { missing: `${text(body.code) ?? 'not found'}: ${text(body.message) ?? 'no such delivery'}` };
}

/**
 * One delivery per request. A `returned` delivery's progress is its return delivery's (`ret_…`, named in
 * related_deliveries), read with a second request; if Uber does not serve that one, the original's
 * `returned` stands.
 */
async function trackOne({ trackingNumber }: TrackRequest, { http, settings }: TrackContext): Promise<TrackResult> {
  const customerId = settings.customer_id ?? '';
  if (customerId === '') throw new LoginRefused(`${CUSTOMER_ID_VARIABLE} is not set: every delivery is read under the customer id`);
  const lookup = await getDelivery(http, customerId, trackingNumber);
  if ('missing' in lookup) return { trackingNumber, found: false, reason: lookup.missing };
  const { delivery } = lookup;
  const status = text(delivery.status);
  if (!status) throw new BadResponse('unexpected_shape', 'the delivery has no status');
  const returnLeg = status === 'returned' ? relationsOf(delivery).returnLeg : undefined;
  if (returnLeg) {
    const leg = await getDelivery(http, customerId, returnLeg);
    const legStatus = 'delivery' in leg ? text(leg.delivery.status) : undefined;
    if ('delivery' in leg && legStatus) {
      return foundResult(trackingNumber, { delivery: leg.delivery, status: legStatus, leg: RETURN_LEG, at: statusTimeOf(leg.delivery, legStatus) }, { forward: delivery });
    }
  }
  return foundResult(trackingNumber, { delivery, status, at: statusTimeOf(delivery, status) });
}

/** Polling (Get Delivery, one delivery per request) and webhooks (webhook.ts). */
export const uberDirectAdapter: CourierAdapter = { ...oneNumberPerRequest(trackOne), ...uberDirectWebhooks };
