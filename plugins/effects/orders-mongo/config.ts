import { Cron } from 'croner';
import Type, { type Static } from 'typebox';
import { CANONICAL_STATUSES, ConfigError, type CanonicalStatus } from 'waybill';

/** The seed system's PrimarySourcesList: orders from these sources are tracked by the primary trackers. */
export const PRIMARY_SOURCES = ['shopify', 'woocommerce', 'Outbound', 'other', 'Retailer'];

/** Order statuses that are still worth tracking (the seed's TRACKING_STATUS default). */
export const DEFAULT_STATUS_IDS = [4, 5, 6, 7, 8, 9, 11, 14, 16, 51, 26, 25];

/**
 * Canonical status → the shop's status name (looked up in the `status` collection). `null`: the order's
 * status is left alone (nothing physical happened yet, or the shop has no word for it).
 */
export const DEFAULT_STATUS_NAMES: Readonly<Record<CanonicalStatus, string | null>> = {
  info_received: null,
  pending_pickup: 'pending',
  driver_assigned: 'pending',
  picked_up: 'in transit',
  in_transit: 'in transit',
  out_for_delivery: 'out_for_delivery',
  delivery_failed: 'ndr',
  available_for_pickup: null,
  delivered: 'delivered',
  rto_initiated: 'rto',
  rto_in_transit: 'rto in transit',
  rto_delivered: 'rto',
  cancelled: 'booking_cancelled',
  lost: 'lost',
  destroyed: 'destroy',
  exception: null,
  unknown: null,
};

const FieldName = (fallback: string) => Type.String({ minLength: 1, pattern: '^[^$]', default: fallback });

/** Where the facts live in an order document (dotted paths allowed). */
const FieldsSchema = Type.Object(
  {
    orderId: FieldName('order_id'),
    orderStatus: FieldName('order_status'),
    bookedAt: FieldName('isBooked.timestamp'),
    bookingCourier: FieldName('bookingCourier'),
    source: FieldName('source'),
    lastTrackingTime: FieldName('last_tracking_time'),
    courierStatus: FieldName('courier_status'),
    trackingTimestamps: FieldName('tracking_timestamps'),
    statusHistory: FieldName('order_status_map'),
    /** Written by Waybill: the time of the status change it last wrote, so that an older one arriving late is skipped. */
    lastStatusAt: FieldName('waybill_last_status_at'),
  },
  { default: {} },
);

/** One rule mapping matching orders to one Waybill courier. */
const SelectorSchema = Type.Object({
  /** Unique; defaults to the courier's name. Kept on each shipment so the sync can re-check it. */
  name: Type.Optional(Type.String({ minLength: 1 })),
  courier: Type.String({ minLength: 1 }),
  /** Case-insensitive regular expression on the booking courier field; absent: any courier. */
  bookingCourier: Type.Optional(Type.String({ minLength: 1 })),
  /** The field holding the tracking number; must be present and non-empty. */
  trackingNumberField: Type.String({ minLength: 1, pattern: '^[^$]' }),
  /** Fields that must be absent, null or empty (e.g. the B2B LR number for B2C orders). */
  requireAbsent: Type.Optional(Type.Array(Type.String({ minLength: 1, pattern: '^[^$]' }))),
  sourceIn: Type.Optional(Type.Array(Type.String())),
  sourceNotIn: Type.Optional(Type.Array(Type.String())),
  /** Any further MongoDB query conditions, ANDed with the rest (e.g. `{"being_tracked": {"$in": [true, null]}}`). */
  where: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const OrdersConfigSchema = Type.Object({
  /** The shop's MongoDB, not Waybill's store. */
  url: Type.String({ pattern: '^mongodb(\\+srv)?://' }),
  /** Defaults to the database named in the URL path. */
  database: Type.Optional(Type.String({ minLength: 1 })),
  ordersCollection: Type.String({ minLength: 1, default: 'orders' }),
  statusCollection: Type.String({ minLength: 1, default: 'status' }),
  /** Sync schedule (cron, seconds optional); the sync also runs once at start when `syncOnStart`. */
  cron: Type.String({ minLength: 1, default: '*/8 * * * *' }),
  syncOnStart: Type.Boolean({ default: true }),
  /** Orders booked longer ago than this are not tracked (the seed's BUFFER_PERIOD). */
  bufferDays: Type.Number({ exclusiveMinimum: 0, default: 31 }),
  statusIds: Type.Array(Type.Integer(), { minItems: 1, default: DEFAULT_STATUS_IDS }),
  /** Used by the default selectors. */
  primarySources: Type.Array(Type.String(), { default: PRIMARY_SOURCES }),
  selectors: Type.Optional(Type.Array(SelectorSchema, { minItems: 1 })),
  fields: FieldsSchema,
  /** How a shop status name becomes an id: `status` collection fields. */
  statusNameField: FieldName('name'),
  statusIdField: FieldName('status_id'),
  /** What is appended to the status history: the status document's `_id` (as in the seed) or its id field. */
  statusHistoryValueField: FieldName('_id'),
  statusCacheSeconds: Type.Integer({ minimum: 0, default: 300 }),
  /** Canonical status → shop status name (or null); merged over the defaults. */
  statusNames: Type.Record(Type.String(), Type.Union([Type.String({ minLength: 1 }), Type.Null()]), { default: {} }),
  /** Orders read and shipments registered per page (the store takes up to ~1000 at once). */
  pageSize: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
  /** How long a shop-database call may wait for a server; keeps an unreachable shop from stalling tracking. */
  serverSelectionTimeoutMs: Type.Integer({ minimum: 100, default: 5000 }),
});

export type OrdersSelector = Static<typeof SelectorSchema> & { name: string };
export type OrderFields = Static<typeof FieldsSchema>;

/** What the plugin works with: validated, defaults filled, selectors named and compiled. */
export type OrdersConfig = Omit<Static<typeof OrdersConfigSchema>, 'selectors' | 'statusNames' | 'database'> & {
  database: string;
  selectors: OrdersSelector[];
  statusNames: Record<CanonicalStatus, string | null>;
};

/** The seed's five trackers as selectors. */
export function defaultSelectors(primarySources: readonly string[]): OrdersSelector[] {
  const b2c = { trackingNumberField: 'awb_number', requireAbsent: ['delhivery_lr_number'], sourceIn: [...primarySources] };
  return [
    { name: 'delhivery-b2c', courier: 'delhivery-b2c', bookingCourier: 'Delhivery', ...b2c },
    { name: 'delhivery-b2b', courier: 'delhivery-b2b', bookingCourier: 'Delhivery', trackingNumberField: 'delhivery_lr_number', sourceIn: [...primarySources] },
    { name: 'shiprocket', courier: 'shiprocket', bookingCourier: 'Shiprocket', ...b2c },
    { name: 'velocity', courier: 'velocity', bookingCourier: 'velocity', ...b2c },
    {
      name: 'delhivery-fallback',
      courier: 'delhivery-fallback',
      bookingCourier: 'Delhivery',
      trackingNumberField: 'awb_number',
      requireAbsent: ['delhivery_lr_number'],
      sourceNotIn: [...primarySources],
      where: { being_tracked: { $in: [true, null] } },
    },
  ];
}

/** `mongodb://u:p@h/db?x` → `db`; empty when the URL names no database. */
export function databaseFromUrl(url: string): string {
  const afterScheme = url.replace(/^mongodb(\+srv)?:\/\//, '');
  const slash = afterScheme.indexOf('/');
  if (slash < 0) return '';
  return decodeURIComponent(afterScheme.slice(slash + 1).split('?')[0] ?? '');
}

/** The URL with its password replaced, for log lines and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

/**
 * Check what the schema cannot (regular expressions, cron, unique selector names) in options the core has
 * validated, and fill in the derived defaults. Errors are ConfigErrors; `name` says where a value came from.
 */
export function resolveOrdersConfig(raw: Static<typeof OrdersConfigSchema>, name: (pointer: string) => string): OrdersConfig {
  const database = raw.database ?? databaseFromUrl(raw.url);
  if (database === '') throw new ConfigError(`${name('/database')}: no database given and the URL names none`);
  try {
    new Cron(raw.cron, { paused: true });
  } catch (error) {
    throw new ConfigError(`${name('/cron')}: invalid cron expression "${raw.cron}": ${(error as Error).message}`);
  }
  for (const key of Object.keys(raw.statusNames)) {
    if (!(CANONICAL_STATUSES as readonly string[]).includes(key)) throw new ConfigError(`${name(`/statusNames/${key}`)}: "${key}" is not a canonical status`);
  }
  const selectors = (raw.selectors ?? defaultSelectors(raw.primarySources)).map((s) => ({ ...s, name: s.name ?? s.courier }));
  const seen = new Set<string>();
  selectors.forEach((s, i) => {
    if (seen.has(s.name)) throw new ConfigError(`${name(`/selectors/${i}/name`)}: selector name "${s.name}" is used twice (give each a unique name)`);
    seen.add(s.name);
    if (s.bookingCourier === undefined) return;
    try {
      new RegExp(s.bookingCourier, 'i');
    } catch (error) {
      throw new ConfigError(`${name(`/selectors/${i}/bookingCourier`)}: invalid regular expression: ${(error as Error).message}`);
    }
  });
  return { ...raw, database, selectors, statusNames: { ...DEFAULT_STATUS_NAMES, ...raw.statusNames } as Record<CanonicalStatus, string | null> };
}
