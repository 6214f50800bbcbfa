import Type, { type TInteger } from 'typebox';
import { CANONICAL_STATUSES } from '../statuses.js';
import { RUN_COUNTERS, type RunCounter } from '../store/types.js';
import { MAX_ID_LENGTH } from './limits.js';
import { Metadata } from './metadata.js';
import { ERROR_CODES } from './problem.js';

// Every schema with an `$id` is one component of the OpenAPI document (core/http/openapi.ts), referenced by `$ref`.

export const CanonicalStatusSchema = Type.Enum(CANONICAL_STATUSES);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const CourierName = Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 });
export const TrackingNumber = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', minLength: 1, maxLength: 64 });

export const ShipmentInputSchema = Type.Object(
  {
    /** Omitted: detected from the tracking number's format among the enabled couriers (400 when it is not unambiguous). */
    courier: Type.Optional(CourierName),
    trackingNumber: TrackingNumber,
    orderId: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH })),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH })),
    metadata: Type.Optional(Metadata),
    /** The other packages of a multi-package shipment, each tracked under its own number; `trackingNumber` is the master. */
    packages: Type.Optional(Type.Array(TrackingNumber, { minItems: 1, maxItems: 100, uniqueItems: true })),
    /** An explicit update of a known shipment: it may move to another `orderId` (refused with 409 ORDER_ID_CONFLICT otherwise). */
    update: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'ShipmentInput' },
);

export const ShipmentBatchSchema = Type.Object(
  { shipments: Type.Array(ShipmentInputSchema, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false, $id: 'ShipmentBatch' },
);

export const RegisterBodySchema = Type.Union([ShipmentInputSchema, ShipmentBatchSchema]);

export const RegisteredPackageSchema = Type.Object(
  {
    id: Type.String(),
    courier: Type.String(),
    trackingNumber: Type.String(),
    created: Type.Boolean(),
  },
  { $id: 'RegisteredPackage' },
);

export const RegisteredSchema = Type.Object(
  {
    ...RegisteredPackageSchema.properties,
    /** The shipment's other packages, when it has them. */
    packages: Type.Optional(Type.Array(RegisteredPackageSchema)),
    /** True when the request named no courier and Waybill picked it from the tracking number's format. */
    courierDetected: Type.Optional(Type.Boolean()),
    /** Registered, but something the client should know: the courier is disabled, so nothing is tracked yet. */
    warnings: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'Registered' },
);

export const RegisteredBatchSchema = Type.Object({ shipments: Type.Array(RegisteredSchema) }, { $id: 'RegisteredBatch' });

const EventSchema = Type.Object({
  at: DateTime,
  status: Type.String(),
  statusType: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  /** What the courier's status table makes of the event (null: no row, or a row that says no change). */
  canonicalStatus: Nullable(CanonicalStatusSchema),
  substatus: Nullable(Type.String()),
  recordedAt: DateTime,
}, { $id: 'Event' });

const HistorySchema = Type.Object({
  status: CanonicalStatusSchema,
  substatus: Nullable(Type.String()),
  rawStatus: Nullable(Type.String()),
  at: DateTime,
  recordedAt: DateTime,
  source: Type.Union([Type.Literal('registration'), Type.Literal('courier'), Type.Literal('manual'), Type.Literal('correction')]),
  updatedBy: Nullable(Type.String()),
  notes: Nullable(Type.String()),
}, { $id: 'HistoryEntry' });

export const DriverSchema = Type.Object(
  {
    at: DateTime,
    location: Type.Optional(Type.Object({ lat: Type.Number(), lng: Type.Number() })),
    name: Type.Optional(Type.String()),
    vehicle: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
  },
  { $id: 'Driver' },
);

const ShipmentLinkSchema = Type.Object(
  { trackingNumber: Type.String(), relation: Type.Union([Type.Literal('return'), Type.Literal('return_of')]) },
  { $id: 'ShipmentLink' },
);

const ShipmentFields = {
  id: Type.String(),
  courier: Type.String(),
  trackingNumber: Type.String(),
  orderId: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  status: CanonicalStatusSchema,
  substatus: Nullable(Type.String()),
  rawStatus: Nullable(Type.String()),
  statusFirstSeen: Type.Record(Type.String(), DateTime),
  lastEventAt: Nullable(DateTime),
  lastCheckedAt: Nullable(DateTime),
  nextCheckAt: Nullable(DateTime),
  active: Type.Boolean(),
  inactiveReason: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  /** Checks failed in a row; at WAYBILL_ATTENTION_AFTER_FAILURES or more the shipment `requiresAttention`. */
  consecutiveFailures: Type.Integer(),
  requiresAttention: Type.Boolean(),
  eta: Nullable(Type.String()),
  location: Nullable(Type.String()),
  driver: Nullable(DriverSchema),
  /** Other numbers of the same parcel: `return` (its return to the shipper, tracked too), `return_of` (the original). */
  links: Type.Array(ShipmentLinkSchema),
  origin: Type.String(),
  /** Set on the packages of a multi-package shipment other than its master: the master's tracking number. */
  master: Nullable(Type.String()),
  createdAt: DateTime,
  /** Seconds since the courier was last asked (null before the first check). */
  ageSeconds: Nullable(Type.Integer()),
};

export const ShipmentSummarySchema = Type.Object(ShipmentFields, { $id: 'ShipmentSummary' });

export const ShipmentViewSchema = Type.Object(
  {
    ...ShipmentFields,
    events: Type.Array(EventSchema),
    history: Type.Array(HistorySchema),
    source: Type.Union([Type.Literal('cache'), Type.Literal('live')]),
    liveError: Type.Optional(Type.String()),
  },
  { $id: 'ShipmentView' },
);

/** Every error answer. A client branches on `code`, stable across releases; `message` is for people. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    code: Type.Enum(ERROR_CODES),
    message: Type.String(),
    /** COURIER_NOT_DETECTED: the enabled couriers whose tracking-number format matches (none for an unknown format). */
    candidates: Type.Optional(Type.Array(Type.String())),
    /** RUN_IN_PROGRESS: the run in progress. */
    runId: Type.Optional(Type.String()),
    /** INTERNAL: the request's id, under which the service log has what went wrong. */
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'Error' },
);

export const RunCountsSchema = Type.Object(Object.fromEntries(RUN_COUNTERS.map((counter) => [counter, Type.Integer()])) as Record<RunCounter, TInteger>, { $id: 'RunCounts' });

export const RunSchema = Type.Object({
  id: Type.String(),
  courier: Type.String(),
  trigger: Type.String(),
  state: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('paused'), Type.Literal('skipped'), Type.Literal('abandoned')]),
  startedAt: DateTime,
  finishedAt: Nullable(DateTime),
  /** The last sign of life of the instance running it; a run whose heartbeat stops is closed as abandoned. */
  heartbeatAt: DateTime,
  counts: RunCountsSchema,
  error: Type.Optional(Type.String()),
  pausedUntil: Type.Optional(DateTime),
  /** Raw statuses the run met that have no row in the courier's table. */
  unmappedStatuses: Type.Array(Type.String()),
}, { $id: 'Run' });

export const CourierSummarySchema = Type.Object({
  name: Type.String(),
  displayName: Type.String(),
  mode: Type.String(),
  enabled: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  /** Asked by runs and live checks. */
  polled: Type.Boolean(),
  /** Heard by webhook (`POST /v1/webhooks/:courier`). */
  webhooks: Type.Boolean(),
  pollingOffReason: Type.Union([Type.String(), Type.Null()]),
  baseUrl: Type.String(),
  auth: Type.String(),
  batchSize: Type.Integer(),
  concurrency: Type.Integer(),
  quota: Type.Object({ requests: Type.Integer(), windowSeconds: Type.Number(), daily: Type.Optional(Type.Integer()) }),
  minTimeMs: Type.Integer(),
  schedule: Type.Object({ cron: Type.String(), runOnStart: Type.Boolean(), maxPerRun: Type.Integer() }),
  paused: Type.Boolean(),
  pausedUntil: Type.Union([Type.String(), Type.Null()]),
  pauseReason: Type.Union([Type.String(), Type.Null()]),
  runningRunId: Type.Union([Type.String(), Type.Null()]),
  lastRun: Type.Union([RunSchema, Type.Null()]),
  nextRunAt: Type.Union([Type.String(), Type.Null()]),
}, { $id: 'CourierSummary' });

const NotInitiated = {
  code: Type.Optional(Type.Literal('NO_AWB')),
  message: Type.Optional(Type.String()),
};

export const OrderShipmentSchema = Type.Object({
  courier: Type.String(),
  /** Null for a shipment announced before its tracking number exists (then `code` is NO_AWB). */
  trackingNumber: Nullable(Type.String()),
  /** The roll-up of its packages' statuses. */
  status: Nullable(CanonicalStatusSchema),
  substatus: Nullable(Type.String()),
  ...NotInitiated,
  /** Its packages, the master first (one for a single-package shipment). */
  packages: Type.Array(ShipmentSummarySchema),
  /** Returns to the shipper under new numbers, tracked for the same order. */
  returns: Type.Array(ShipmentSummarySchema),
}, { $id: 'OrderShipment' });

export const OrderViewSchema = Type.Object({
  orderId: Type.String(),
  /** The roll-up over its shipments: null while none has a tracking number (then `code` is NO_AWB). */
  status: Nullable(CanonicalStatusSchema),
  substatus: Nullable(Type.String()),
  ...NotInitiated,
  shipments: Type.Array(OrderShipmentSchema),
}, { $id: 'OrderView' });

export const OrderInputSchema = Type.Object(
  {
    orderId: Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH }),
    shipments: Type.Array(
      Type.Object(
        {
          courier: CourierName,
          /** Omitted while the courier has issued none: the shipment is awaited (NO_AWB). */
          trackingNumber: Type.Optional(TrackingNumber),
          packages: Type.Optional(Type.Array(TrackingNumber, { minItems: 1, maxItems: 100, uniqueItems: true })),
          reference: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH })),
          metadata: Type.Optional(Metadata),
        },
        { additionalProperties: false, $id: 'OrderShipmentInput' },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false, $id: 'OrderInput' },
);
