import { randomBytes } from 'node:crypto';

/**
 * The sandbox's webhooks, as a last-mile courier sends them: one `tracking.updated` per step of a delivery
 * made directly at the courier (`SBX-PUSH-…`, unknown to Waybill until its first webhook), and
 * `driver.location` pings between steps. Signed with HMAC-SHA256 (hex) of the raw body in X-Sandbox-Signature.
 */
export const SIGNATURE_HEADER = 'x-sandbox-signature';

export interface PushStep {
  status: string;
  detail: string;
  /** Where the driver is at that step. */
  at: { lat: number; lng: number };
}

export const PUSH_STORY: readonly PushStep[] = [
  { status: 'DRIVER_ASSIGNED', detail: 'Driver on the way to the store', at: { lat: 19.076, lng: 72.8777 } },
  { status: 'PICKED_UP', detail: 'Parcel collected from the store', at: { lat: 19.0822, lng: 72.8811 } },
  { status: 'OUT_FOR_DELIVERY', detail: 'Driver heading to the customer', at: { lat: 19.1, lng: 72.89 } },
  { status: 'DELIVERED', detail: 'Handed to the customer', at: { lat: 19.1136, lng: 72.8697 } },
];

export const DRIVER = { name: 'Asha K.', vehicle: 'Scooter, MH-02-AB-1234', phone: '+91 98xxxxxx21' };

export const statusBody = (trackingNumber: string, orderId: string, step: PushStep, occurredAt: string) => ({
  event_id: `evt_${randomBytes(6).toString('hex')}`,
  type: 'tracking.updated',
  tracking_number: trackingNumber,
  order_id: orderId,
  status: step.status,
  status_detail: step.detail,
  occurred_at: occurredAt,
  driver: { ...DRIVER, ...step.at },
});

export const locationBody = (trackingNumber: string, at: { lat: number; lng: number }, occurredAt: string) => ({
  event_id: `evt_${randomBytes(6).toString('hex')}`,
  type: 'driver.location',
  tracking_number: trackingNumber,
  occurred_at: occurredAt,
  driver: { ...DRIVER, ...at },
});
