import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problem } from '../problem.js';
import { CourierName, ErrorSchema } from '../schemas.js';
import { byCourier, courierUsage } from '../usage.js';

const DAY_MS = 86_400_000;
/** The longest window one request may count (the API-call log is read in full for it). */
export const USAGE_MAX_DAYS = 31;

const Share = Type.Union([Type.Number(), Type.Null()]);
const Counts = { requests: Type.Integer(), rateLimited: Type.Integer(), failed: Type.Integer() };

const CourierUsageSchema = Type.Object(
  {
    courier: Type.String(),
    /** Requests per quota window × windows in an hour (null: the courier is not known now). */
    quotaPerHour: Type.Union([Type.Number(), Type.Null()]),
    dailyBudget: Type.Union([Type.Integer(), Type.Null()]),
    totals: Type.Object(Counts),
    hours: Type.Array(Type.Object({ hour: Type.String({ format: 'date-time' }), ...Counts, quotaShare: Share })),
    days: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), ...Counts, budgetShare: Share })),
  },
  { $id: 'CourierUsage' },
);

const UsageSchema = Type.Object(
  { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }), couriers: Type.Array(CourierUsageSchema) },
  { $id: 'ApiUsage' },
);

export const usageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, registry, clock } = app.waybill;

  app.get(
    '/v1/usage',
    {
      schema: {
        tags: ['couriers'],
        operationId: 'getApiUsage',
        summary: 'Requests sent to each courier per hour and per UTC day, against its declared quota and daily budget',
        description:
          'Counted from the stored API-call log (every instance sharing the store), between `from` (inclusive; default 24 hours before `to`) ' +
          `and \`to\` (exclusive; default now), at most ${USAGE_MAX_DAYS} days apart. \`quotaShare\`: the hour's requests over the declared quota ` +
          'for an hour (requests per window × windows in the hour); `budgetShare`: the day\'s over the daily budget (null without one). ' +
          '`rateLimited`: answered 429; `failed`: no answer, or 400 and above other than 429. Couriers without requests in the window are left out.',
        querystring: Type.Object({
          courier: Type.Optional(CourierName),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: UsageSchema, 400: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier } = request.query;
      const to = request.query.to === undefined ? clock.now() : new Date(request.query.to);
      const from = request.query.from === undefined ? new Date(to.getTime() - DAY_MS) : new Date(request.query.from);
      if (from >= to) return reply.code(400).send(problem(400, 'VALIDATION_FAILED', 'querystring/from must be before querystring/to'));
      if (to.getTime() - from.getTime() > USAGE_MAX_DAYS * DAY_MS) {
        return reply.code(400).send(problem(400, 'VALIDATION_FAILED', `querystring/from must be at most ${USAGE_MAX_DAYS} days before querystring/to`));
      }
      const rows = await store.apiCalls.usage({ courier, from, to });
      const couriers = [...byCourier(rows)].map(([name, hours]) => courierUsage(name, hours, registry.get(name)?.definition.quota));
      return { from: from.toISOString(), to: to.toISOString(), couriers };
    },
  );
};
