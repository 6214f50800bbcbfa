import Type from 'typebox';
import { CanonicalStatusSchema } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

// additionalProperties: false: the serializer drops anything outside the allow-list, a second guard behind customerView.

const TimelineEntrySchema = Type.Object(
  {
    status: CanonicalStatusSchema,
    substatus: Nullable(Type.String()),
    at: DateTime,
    /** City or hub level only (the last comma-separated part of the courier's words). */
    location: Nullable(Type.String()),
  },
  { additionalProperties: false, $id: 'TrackingTimelineEntry' },
);

export const CustomerTrackingSchema = Type.Object(
  {
    trackingNumber: Type.String(),
    courier: Type.String(),
    status: CanonicalStatusSchema,
    substatus: Nullable(Type.String()),
    eta: Nullable(Type.String()),
    /** When the latest event happened (the registration before any). */
    updatedAt: DateTime,
    /** When the courier last answered for it; null before it ever has. */
    checkedAt: Nullable(DateTime),
    timeline: Type.Array(TimelineEntrySchema),
    /** `cached`: from the store, as the courier last answered; `unavailable`: the courier has not answered yet. */
    source: Type.Union([Type.Literal('cached'), Type.Literal('unavailable')]),
    /** Seconds since `checkedAt`; null while `unavailable`. */
    ageSeconds: Nullable(Type.Integer()),
  },
  { additionalProperties: false, $id: 'CustomerTracking' },
);

export const CustomerOrderTrackingSchema = Type.Object(
  { orderId: Type.String(), shipments: Type.Array(CustomerTrackingSchema) },
  { additionalProperties: false, $id: 'CustomerOrderTracking' },
);

export const NotModifiedSchema = Type.Null({ description: 'Not modified: the ETag in If-None-Match is current' });
