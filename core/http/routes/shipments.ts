import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { decideManualUpdate } from '../../shipment/manual.js';
import { withPackages } from '../../shipment/packages.js';
import { isTerminal } from '../../statuses.js';
import { sharedRef } from '../openapi.js';
import { pageQuery } from '../limits.js';
import { problem } from '../problem.js';
import { resolveRegistrations } from '../registration-couriers.js';
import {
  CanonicalStatusSchema,
  CourierName,
  DriverSchema,
  ErrorSchema,
  RegisterBodySchema,
  RegisteredBatchSchema,
  RegisteredSchema,
  ShipmentBatchSchema,
  ShipmentInputSchema,
  ShipmentSummarySchema,
  ShipmentViewSchema,
  TrackingNumber,
} from '../schemas.js';
import { validationMessage } from '../validation.js';
import { requestActor } from '../actor.js';
import { shipmentSummary, shipmentView, viewContextOf } from '../views.js';

const ShipmentParams = Type.Object({ courier: CourierName, trackingNumber: TrackingNumber });

const ShipmentPageSchema = Type.Object(
  { items: Type.Array(ShipmentSummarySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() },
  { $id: 'ShipmentPage' },
);

const ShipmentLocationSchema = Type.Object(
  { courier: Type.String(), trackingNumber: Type.String(), status: CanonicalStatusSchema, driver: Type.Union([DriverSchema, Type.Null()]) },
  { $id: 'ShipmentLocation' },
);

const ManualStatusInputSchema = Type.Object(
  {
    status: CanonicalStatusSchema,
    updatedBy: Type.String({ minLength: 1, maxLength: 128 }),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
    correction: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'ManualStatusInput' },
);

const shipmentNotFound = (courier: string, trackingNumber: string, hint = '') =>
  problem(404, 'SHIPMENT_NOT_FOUND', `no shipment ${trackingNumber} is tracked for courier ${courier}${hint}`);

/**
 * A body with a `shipments` key is a batch: it is checked against the batch schema alone (else the single
 * one), so the message names what is wrong with the shape the client meant, not every branch's complaints.
 */
const BATCH_SCHEMA_REF = sharedRef(ShipmentBatchSchema);
const SINGLE_SCHEMA_REF = sharedRef(ShipmentInputSchema);

function registrationProblem(request: FastifyRequest): string {
  const isBatch = typeof request.body === 'object' && request.body !== null && 'shipments' in request.body;
  const validate = request.compileValidationSchema(isBatch ? BATCH_SCHEMA_REF : SINGLE_SCHEMA_REF, 'body');
  validate(request.body);
  return validationMessage(validate.errors ?? [], 'body');
}

export const shipmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, registry, engine, effects, clock, config } = app.waybill;

  app.post(
    '/v1/shipments',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'registerShipments',
        summary: 'Register one shipment, or up to 1,000 at once (idempotent on courier + tracking number); `packages` registers a multi-package shipment',
        description:
          'Without `courier`, the courier is detected from the tracking number among the enabled couriers that declare their format ' +
          '(`courierDetected: true`); a number matching several formats, or none, is refused with 400 COURIER_NOT_DETECTED and its `candidates`. ' +
          'A courier that is disabled still takes the shipment, with `warnings` saying it is not tracked yet. ' +
          'Registering a known number for another order is refused with 409 ORDER_ID_CONFLICT unless the shipment says `update: true`. ' +
          'A rejected batch writes nothing.',
        body: RegisterBodySchema,
        response: {
          201: Type.Union([RegisteredSchema, RegisteredBatchSchema]),
          400: ErrorSchema,
          409: ErrorSchema,
        },
      },
      errorHandler: (error, request, reply) => {
        if (error.validationContext !== 'body' || !error.validation) throw error;
        return reply.code(400).send(problem(400, 'VALIDATION_FAILED', registrationProblem(request)));
      },
    },
    async (request, reply) => {
      const batch = 'shipments' in request.body;
      const requests = 'shipments' in request.body ? request.body.shipments : [request.body];
      const resolution = resolveRegistrations(requests, registry, (i) => (batch ? `body/shipments/${i}` : 'body'));
      if ('problem' in resolution) return reply.code(400).send(resolution.problem);
      const expanded = resolution.resolved.map(({ input }) => withPackages(input));
      const outcomes = await store.shipments.register(expanded.flat(), clock.now());
      let next = 0;
      const registered = expanded.map((group, i) => {
        const [master, ...packages] = outcomes.slice(next, (next += group.length));
        const { courierDetected, warnings } = resolution.resolved[i]!;
        return { ...master!, ...(packages.length ? { packages } : {}), ...(courierDetected ? { courierDetected } : {}), ...(warnings.length ? { warnings } : {}) };
      });
      return reply.code(201).send(batch ? { shipments: registered } : registered[0]!);
    },
  );

  app.get(
    '/v1/shipments',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'listShipments',
        summary: 'List shipments, filtered by courier, status and whether they require attention, newest first',
        description:
          'From the store; `total` counts every shipment the filter matches, `limit` and `offset` page through them. ' +
          '`attention=true`: the shipments whose last WAYBILL_ATTENTION_AFTER_FAILURES checks or more all failed (`false`: the others).',
        querystring: Type.Object({
          courier: Type.Optional(CourierName),
          status: Type.Optional(CanonicalStatusSchema),
          active: Type.Optional(Type.Boolean()),
          attention: Type.Optional(Type.Boolean()),
          ...pageQuery(),
        }),
        response: { 200: ShipmentPageSchema },
      },
    },
    async (request) => {
      const { courier, status, active, attention, limit, offset } = request.query;
      const threshold = config.attentionAfterFailures;
      const failures = attention === undefined ? undefined : attention ? { atLeast: threshold } : { below: threshold };
      const page = await store.shipments.list({ courier, status, active, failures }, { limit, offset });
      const context = viewContextOf(app.waybill);
      return { items: page.items.map((s) => shipmentSummary(s, context)), total: page.total, limit, offset };
    },
  );

  app.get(
    '/v1/shipments/:courier/:trackingNumber',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'getShipment',
        summary: 'Tracking lookup from the store; ?refresh=true asks the courier now and falls back to the store',
        description:
          'Status, events and history as stored (`source: "cache"`). With `refresh=true` the courier is asked through its limiter ' +
          '(`source: "live"`); when that fails the stored shipment is answered with `liveError`. 404 SHIPMENT_NOT_FOUND or COURIER_NOT_FOUND.',
        params: ShipmentParams,
        querystring: Type.Object({ refresh: Type.Boolean({ default: false }) }),
        response: { 200: ShipmentViewSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier, trackingNumber } = request.params;
      const entry = registry.get(courier);
      if (!entry) return reply.code(404).send(problem(404, 'COURIER_NOT_FOUND', `unknown courier "${courier}"`));
      const notFound = () => reply.code(404).send(shipmentNotFound(courier, trackingNumber, '; register it with POST /v1/shipments'));
      if (!request.query.refresh) {
        const record = await store.shipments.lookup(courier, trackingNumber);
        return record ? shipmentView(record.shipment, record.events, record.history, 'cache', viewContextOf(app.waybill)) : notFound();
      }
      if (!(await store.shipments.get(courier, trackingNumber))) return notFound();
      const { liveError } = await engine.checkLive(entry, trackingNumber, { trigger: 'manual', by: requestActor(request) });
      // Read after the check: what it wrote, or what was stored when it failed.
      const record = await store.shipments.lookup(courier, trackingNumber);
      if (!record) return notFound();
      return shipmentView(record.shipment, record.events, record.history, liveError === null ? 'live' : 'cache', viewContextOf(app.waybill), liveError);
    },
  );

  app.get(
    '/v1/shipments/:courier/:trackingNumber/location',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'getShipmentLocation',
        summary: "A push courier's latest driver position and details (null until the courier sends one)",
        description: 'From the store: the last position and driver a push courier reported by webhook or poll.',
        params: ShipmentParams,
        response: { 200: ShipmentLocationSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier, trackingNumber } = request.params;
      const shipment = await store.shipments.get(courier, trackingNumber);
      if (!shipment) return reply.code(404).send(shipmentNotFound(courier, trackingNumber));
      return { courier, trackingNumber, status: shipment.status, driver: shipment.driver };
    },
  );

  app.put(
    '/v1/shipments/:courier/:trackingNumber/status',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'setShipmentStatus',
        summary: 'Set the status by hand; recorded in the history with who made it. Repeating the status changes nothing.',
        description:
          'Moving a shipment out of a terminal status (delivered, rto_delivered, cancelled, lost, destroyed) is a correction: ' +
          'send `correction: true`, or the update is refused with 409 TERMINAL_STATUS naming the current status.',
        params: ShipmentParams,
        body: ManualStatusInputSchema,
        response: { 200: ShipmentViewSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier, trackingNumber } = request.params;
      const existing = await store.shipments.get(courier, trackingNumber);
      const now = clock.now();
      const { status, updatedBy, notes, correction } = request.body;
      const update = { status, updatedBy, notes: notes ?? null, at: now, correction };
      let refusedFrom: string | null = null;
      const outcome = existing
        ? await store.shipments.update(existing.id, { now }, (current) => {
            const decision = decideManualUpdate(current, update, (change) => effects.forStatusChange(change));
            refusedFrom = decision.kind === 'refused' ? decision.current : null;
            return decision.kind === 'apply' ? decision.update : null;
          })
        : null;
      if (!outcome || (!outcome.written && outcome.reason === 'missing')) {
        return reply.code(404).send(shipmentNotFound(courier, trackingNumber));
      }
      if (refusedFrom !== null) {
        return reply
          .code(409)
          .send(problem(409, 'TERMINAL_STATUS', `shipment ${trackingNumber} is ${refusedFrom}, a terminal status: moving it to ${status} is a correction; send "correction": true to make it`));
      }
      if (outcome.written) request.log.info({ courier, trackingNumber, status, updatedBy, correction: correction === true, terminal: isTerminal(status) }, 'manual status update');
      const { shipment, events, history } = (await store.shipments.lookup(courier, trackingNumber))!;
      return shipmentView(shipment, events, history, 'cache', viewContextOf(app.waybill));
    },
  );
};
