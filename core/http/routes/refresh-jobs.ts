import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { BulkRefresh, type RefreshJob } from '../../engine/bulk-refresh.js';
import { requestActor } from '../actor.js';
import { MAX_ID_LENGTH } from '../limits.js';
import { problem } from '../problem.js';
import { CanonicalStatusSchema, CourierName, ErrorSchema, TrackingNumber } from '../schemas.js';

/** The most shipments one bulk refresh takes; a filter matching more is refused (narrow it). */
export const BULK_REFRESH_MAX = 5_000;
const LIST_MAX = 1_000;

const RefreshFilterSchema = Type.Object(
  {
    courier: Type.Optional(CourierName),
    status: Type.Optional(CanonicalStatusSchema),
    orderIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH }), { minItems: 1, maxItems: LIST_MAX })),
    trackingNumbers: Type.Optional(Type.Array(TrackingNumber, { minItems: 1, maxItems: LIST_MAX })),
    /** Only shipments never checked or last checked before this time. */
    notCheckedSince: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false, minProperties: 1, $id: 'RefreshFilter' },
);

const RefreshJobSchema = Type.Object(
  {
    id: Type.String(),
    state: Type.Union([Type.Literal('running'), Type.Literal('finished'), Type.Literal('stopped')]),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    total: Type.Integer(),
    done: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    failed: Type.Integer(),
    failures: Type.Array(Type.Object({ courier: Type.String(), trackingNumber: Type.String(), error: Type.String() })),
  },
  { $id: 'RefreshJob' },
);

const jobView = (job: RefreshJob) => ({ ...job, failures: [...job.failures], createdAt: job.createdAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null });

/** Bulk refresh: the active shipments a filter matches, checked live at manual priority, as a job whose progress can be read. */
export const refreshJobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, registry, engine, clock } = app.waybill;
  const jobs = new BulkRefresh({ engine, registry, clock });
  app.addHook('onClose', async () => jobs.close());

  app.post(
    '/v1/shipments/refresh',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'refreshShipments',
        summary: 'Ask the couriers now about every active shipment a filter matches, as a job',
        description:
          `Every field given must match (\`orderIds\` and \`trackingNumbers\`: any of them; \`trackingNumbers\` only with \`courier\`). Each shipment is checked as \`?refresh=true\` checks one, ` +
          `at manual priority, one request per shipment. 202 with the job; 400 when the filter matches more than ${BULK_REFRESH_MAX} shipments ` +
          'or names an unknown courier. Jobs live in the memory of the instance that took them (`GET /v1/refresh-jobs/{id}` there).',
        body: RefreshFilterSchema,
        response: { 202: RefreshJobSchema, 400: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier, status, orderIds, trackingNumbers, notCheckedSince } = request.body;
      if (courier !== undefined && !registry.get(courier)) return reply.code(400).send(problem(400, 'UNKNOWN_COURIER', `body/courier: unknown courier "${courier}"`));
      if (trackingNumbers !== undefined && courier === undefined) {
        return reply.code(400).send(problem(400, 'VALIDATION_FAILED', 'body/courier is required with body/trackingNumbers (a tracking number is unique per courier)'));
      }
      const filter = { courier, status, orderIds, trackingNumbers, notCheckedSince: notCheckedSince === undefined ? undefined : new Date(notCheckedSince), active: true };
      const matched = await store.shipments.list(filter, { limit: BULK_REFRESH_MAX, offset: 0 });
      if (matched.total > BULK_REFRESH_MAX) {
        const message = `body: the filter matches ${matched.total} active shipments, more than the ${BULK_REFRESH_MAX} one refresh takes; narrow courier, status, orderIds, trackingNumbers or notCheckedSince`;
        return reply.code(400).send(problem(400, 'VALIDATION_FAILED', message));
      }
      return reply.code(202).send(jobView(jobs.start(matched.items, requestActor(request))));
    },
  );

  app.get(
    '/v1/refresh-jobs/:id',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'getRefreshJob',
        summary: "A bulk refresh's progress: total, done, updated, unchanged, failed",
        description: 'Of a job this instance took (the last 100); 404 REFRESH_JOB_NOT_FOUND otherwise, also after a restart.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: RefreshJobSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.id);
      return job ? jobView(job) : reply.code(404).send(problem(404, 'REFRESH_JOB_NOT_FOUND', `no refresh job ${request.params.id} on this instance`));
    },
  );
};
