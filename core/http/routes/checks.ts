import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CHECK_TRIGGERS, type CheckRecord } from '../../store/check-log.js';
import { pageQuery } from '../limits.js';
import { problem } from '../problem.js';
import { CanonicalStatusSchema, CourierName, ErrorSchema, TrackingNumber } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const CheckSchema = Type.Object(
  {
    courier: Type.String(),
    trackingNumber: Type.String(),
    trigger: Type.Enum(CHECK_TRIGGERS),
    /** The API key's name (`key-<n>`, `anonymous` without keys), or `system`. */
    triggeredBy: Type.String(),
    runId: Nullable(Type.String()),
    success: Type.Boolean(),
    httpStatus: Nullable(Type.Integer()),
    responseTimeMs: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    statusChanged: Type.Boolean(),
    previousStatus: CanonicalStatusSchema,
    newStatus: CanonicalStatusSchema,
    eventsAdded: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
  },
  { $id: 'Check' },
);

const CheckPageSchema = Type.Object(
  { items: Type.Array(CheckSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() },
  { $id: 'CheckPage' },
);

const checkView = ({ shipmentId: _, at, ...check }: CheckRecord) => ({ ...check, statusChanged: check.previousStatus !== check.newStatus, at: at.toISOString() });

/** The check audit log: every check of every shipment, what asked for it, what the courier said and what changed. */
export const checkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.waybill;

  app.get(
    '/v1/shipments/:courier/:trackingNumber/checks',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'listShipmentChecks',
        summary: "A shipment's checks, newest first: what triggered each, who, the courier's answer and what changed",
        description:
          'From the audit log, kept WAYBILL_CHECK_LOG_DAYS days. `trigger`: scheduled, retry (after a token refresh or a split batch), ' +
          'manual (`?refresh=true`), webhook or bulk; `triggeredBy`: the API key\'s name or `system`. 404 SHIPMENT_NOT_FOUND.',
        params: Type.Object({ courier: CourierName, trackingNumber: TrackingNumber }),
        querystring: Type.Object(pageQuery()),
        response: { 200: CheckPageSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier, trackingNumber } = request.params;
      const shipment = await store.shipments.get(courier, trackingNumber);
      if (!shipment) return reply.code(404).send(problem(404, 'SHIPMENT_NOT_FOUND', `no shipment ${trackingNumber} is tracked for courier ${courier}`));
      const { limit, offset } = request.query;
      const page = await store.checks.list({ shipmentId: shipment.id }, { limit, offset });
      return { items: page.items.map(checkView), total: page.total, limit, offset };
    },
  );

  app.get(
    '/v1/checks',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'listChecks',
        summary: 'Checks of every shipment, newest first, filtered by courier and time',
        description: 'From the audit log, kept WAYBILL_CHECK_LOG_DAYS days; `since`: checks at or after this time.',
        querystring: Type.Object({ courier: Type.Optional(CourierName), since: Type.Optional(Type.String({ format: 'date-time' })), ...pageQuery() }),
        response: { 200: CheckPageSchema },
      },
    },
    async (request) => {
      const { courier, since, limit, offset } = request.query;
      const page = await store.checks.list({ courier, since: since === undefined ? undefined : new Date(since) }, { limit, offset });
      return { items: page.items.map(checkView), total: page.total, limit, offset };
    },
  );
};
