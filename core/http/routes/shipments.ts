import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaValidationError } from 'fastify';
import Type from 'typebox';
import { decideManualUpdate } from '../../shipment/manual.js';
import { packagesProblem, withPackages, type ShipmentWithPackages } from '../../shipment/packages.js';
import { isTerminal } from '../../statuses.js';
import {
  CanonicalStatusSchema,
  CourierName,
  DriverSchema,
  ErrorSchema,
  RegisterBodySchema,
  RegisteredSchema,
  ShipmentBatchSchema,
  ShipmentInputSchema,
  ShipmentSummarySchema,
  ShipmentViewSchema,
  TrackingNumber,
} from '../schemas.js';
import { branchErrors, validationMessage } from '../validation.js';
import { shipmentSummary, shipmentView } from '../views.js';

const ShipmentParams = Type.Object({ courier: CourierName, trackingNumber: TrackingNumber });

/** A body with a `shipments` key is a batch: its errors are the batch branch's alone, else the single one's. */
function registrationProblem(body: unknown, errors: readonly FastifySchemaValidationError[]): string {
  const isBatch = typeof body === 'object' && body !== null && 'shipments' in body;
  const branch = RegisterBodySchema.anyOf.indexOf(isBatch ? ShipmentBatchSchema : ShipmentInputSchema);
  return validationMessage(branchErrors(errors, branch), 'body');
}

export const shipmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, registry, engine, effects, clock } = app.waybill;

  app.post(
    '/v1/shipments',
    {
      schema: {
        tags: ['shipments'],
        summary: 'Register one shipment, or up to 1,000 at once (idempotent on courier + tracking number); `packages` registers a multi-package shipment',
        body: RegisterBodySchema,
        response: {
          201: Type.Union([RegisteredSchema, Type.Object({ shipments: Type.Array(RegisteredSchema) })]),
          400: ErrorSchema,
        },
      },
      errorHandler: (error, request, reply) => {
        if (error.validationContext !== 'body' || !error.validation) throw error;
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: registrationProblem(request.body, error.validation) });
      },
    },
    async (request, reply) => {
      const batch = 'shipments' in request.body;
      const inputs: ShipmentWithPackages[] = 'shipments' in request.body ? request.body.shipments : [request.body];
      const unknown = inputs.findIndex((s) => registry.get(s.courier) === undefined);
      if (unknown >= 0) {
        const field = batch ? `body/shipments/${unknown}/courier` : 'body/courier';
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `${field}: unknown courier "${inputs[unknown]!.courier}" (known: ${registry.list().map((c) => c.name).join(', ')})`,
        });
      }
      const bad = inputs.findIndex((s) => packagesProblem(s) !== null);
      if (bad >= 0) {
        const field = batch ? `body/shipments/${bad}/packages` : 'body/packages';
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `${field}: ${packagesProblem(inputs[bad]!)}` });
      }
      const expanded = inputs.map(withPackages);
      const outcomes = await store.shipments.register(expanded.flat(), clock.now());
      let next = 0;
      const registered = expanded.map((group) => {
        const [master, ...packages] = outcomes.slice(next, (next += group.length));
        return packages.length ? { ...master!, packages } : master!;
      });
      return reply.code(201).send(batch ? { shipments: registered } : registered[0]!);
    },
  );

  app.get(
    '/v1/shipments',
    {
      schema: {
        tags: ['shipments'],
        summary: 'List shipments, filtered by courier and status, newest first',
        querystring: Type.Object({
          courier: Type.Optional(CourierName),
          status: Type.Optional(CanonicalStatusSchema),
          active: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(ShipmentSummarySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
        },
      },
    },
    async (request) => {
      const { courier, status, active, limit, offset } = request.query;
      const page = await store.shipments.list({ courier, status, active }, { limit, offset });
      const now = clock.now();
      return { items: page.items.map((s) => shipmentSummary(s, now)), total: page.total, limit, offset };
    },
  );

  app.get(
    '/v1/shipments/:courier/:trackingNumber',
    {
      schema: {
        tags: ['shipments'],
        summary: 'Tracking lookup from the store; ?refresh=true asks the courier now and falls back to the store',
        params: ShipmentParams,
        querystring: Type.Object({ refresh: Type.Boolean({ default: false }) }),
        response: { 200: ShipmentViewSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier, trackingNumber } = request.params;
      const entry = registry.get(courier);
      const stored = entry ? await store.shipments.get(courier, trackingNumber) : null;
      if (!entry || !stored) {
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: entry
            ? `no shipment ${trackingNumber} is tracked for courier ${courier}; register it with POST /v1/shipments`
            : `unknown courier "${courier}"`,
        });
      }
      let shipment = stored;
      let liveError: string | null = null;
      if (request.query.refresh) {
        const live = await engine.checkLive(entry, trackingNumber);
        shipment = live.shipment ?? stored;
        liveError = live.liveError;
      }
      const [events, history] = await Promise.all([store.shipments.events(shipment.id), store.shipments.history(shipment.id)]);
      const source = request.query.refresh && liveError === null ? 'live' : 'cache';
      return shipmentView(shipment, events, history, source, clock.now(), liveError);
    },
  );

  app.get(
    '/v1/shipments/:courier/:trackingNumber/location',
    {
      schema: {
        tags: ['shipments'],
        summary: "A push courier's latest driver position and details (null until the courier sends one)",
        params: ShipmentParams,
        response: {
          200: Type.Object({ courier: Type.String(), trackingNumber: Type.String(), status: CanonicalStatusSchema, driver: Type.Union([DriverSchema, Type.Null()]) }),
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { courier, trackingNumber } = request.params;
      const shipment = await store.shipments.get(courier, trackingNumber);
      if (!shipment) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no shipment ${trackingNumber} is tracked for courier ${courier}` });
      return { courier, trackingNumber, status: shipment.status, driver: shipment.driver };
    },
  );

  app.put(
    '/v1/shipments/:courier/:trackingNumber/status',
    {
      schema: {
        tags: ['shipments'],
        summary: 'Set the status by hand; recorded in the history with who made it. Repeating the status changes nothing.',
        description:
          'Moving a shipment out of a terminal status (delivered, rto_delivered, cancelled, lost, destroyed) is a correction: ' +
          'send `correction: true`, or the update is refused with 409 naming the current status.',
        params: ShipmentParams,
        body: Type.Object(
          {
            status: CanonicalStatusSchema,
            updatedBy: Type.String({ minLength: 1, maxLength: 128 }),
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
            correction: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
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
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no shipment ${trackingNumber} is tracked for courier ${courier}` });
      }
      if (refusedFrom !== null) {
        return reply.code(409).send({
          statusCode: 409,
          error: 'Conflict',
          message: `shipment ${trackingNumber} is ${refusedFrom}, a terminal status: moving it to ${status} is a correction; send "correction": true to make it`,
        });
      }
      const shipment = outcome.written ? outcome.shipment : (await store.shipments.get(courier, trackingNumber))!;
      if (outcome.written) request.log.info({ courier, trackingNumber, status, updatedBy, correction: correction === true, terminal: isTerminal(status) }, 'manual status update');
      const [events, history] = await Promise.all([store.shipments.events(shipment.id), store.shipments.history(shipment.id)]);
      return shipmentView(shipment, events, history, 'cache', now);
    },
  );
};
