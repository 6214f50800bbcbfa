import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Delivery } from '../../store/types.js';
import { problem } from '../problem.js';
import { ErrorSchema } from '../schemas.js';

const DeliveryState = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]);
const EffectName = Type.String({ minLength: 1, maxLength: 128 });

const DeliverySchema = Type.Object({
  id: Type.String(),
  effect: Type.String(),
  dedupKey: Type.String(),
  orderKey: Type.Union([Type.String(), Type.Null()]),
  state: DeliveryState,
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  nextAttemptAt: Type.String({ format: 'date-time' }),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** What the message is about: `shipment.status_changed`, `run.finished` or `notice`. */
  type: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
}, { $id: 'Delivery' });

const DeliveryPageSchema = Type.Object(
  { items: Type.Array(DeliverySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() },
  { $id: 'DeliveryPage' },
);
const RedriveInputSchema = Type.Object({ effect: EffectName }, { additionalProperties: false, $id: 'RedriveInput' });
const RedriveResultSchema = Type.Object({ effect: Type.String(), redriven: Type.Integer() }, { $id: 'RedriveResult' });

const view = (d: Delivery) => ({ ...d, type: typeof d.payload.type === 'string' ? d.payload.type : null });

/** The side-effect outbox as an operator sees it: what is pending, delivered, and dead; dead letters redriven. */
export const deliveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, clock, outbox } = app.waybill;

  app.get(
    '/v1/deliveries',
    {
      schema: {
        tags: ['effects'],
        operationId: 'listDeliveries',
        summary: 'Side-effect deliveries, newest first; state=dead lists the dead letters with their last error',
        description: 'The durable outbox as an operator sees it: pending, delivered and dead messages of every effect, paged.',
        querystring: Type.Object({
          state: Type.Optional(DeliveryState),
          effect: Type.Optional(EffectName),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: DeliveryPageSchema },
      },
    },
    async (request) => {
      const { state, effect, limit, offset } = request.query;
      const page = await store.outbox.list({ state, effect }, { limit, offset });
      return { items: page.items.map(view), total: page.total, limit, offset };
    },
  );

  app.post(
    '/v1/deliveries/:id/redrive',
    {
      schema: {
        tags: ['effects'],
        operationId: 'redriveDelivery',
        summary: 'Deliver a dead letter again, from its first attempt',
        description: 'Only a dead letter is redriven: 409 NOT_A_DEAD_LETTER for one still pending or delivered, 404 DELIVERY_NOT_FOUND for an unknown id.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: DeliverySchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const found = await store.outbox.get(id);
      if (!found) return reply.code(404).send(problem(404, 'DELIVERY_NOT_FOUND', `no delivery ${id}`));
      if (found.state !== 'dead') return reply.code(409).send(problem(409, 'NOT_A_DEAD_LETTER', `delivery ${id} is ${found.state}, not dead: only dead letters are redriven`));
      await store.outbox.redrive({ ids: [id] }, clock.now());
      request.log.info({ delivery: id, effect: found.effect }, 'dead letter redriven');
      void outbox.drain().catch((error: unknown) => request.log.error({ err: error }, 'outbox pass crashed'));
      return view((await store.outbox.get(id))!);
    },
  );

  app.post(
    '/v1/deliveries/redrive',
    {
      schema: {
        tags: ['effects'],
        operationId: 'redriveDeliveries',
        summary: 'Deliver every dead letter of one effect again',
        description: 'Each from its first attempt; `redriven` counts them (0 when the effect has none).',
        body: RedriveInputSchema,
        response: { 200: RedriveResultSchema },
      },
    },
    async (request) => {
      const { effect } = request.body;
      const redriven = await store.outbox.redrive({ effect }, clock.now());
      request.log.info({ effect, redriven }, 'dead letters redriven');
      if (redriven > 0) void outbox.drain().catch((error: unknown) => request.log.error({ err: error }, 'outbox pass crashed'));
      return { effect, redriven };
    },
  );
};
