import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { pageQuery } from '../limits.js';
import { problem } from '../problem.js';
import { CanonicalStatusSchema, CourierName, ErrorSchema } from '../schemas.js';

const DateTime = Type.String({ format: 'date-time' });

const SlaBreachSchema = Type.Object(
  {
    key: Type.String(),
    rule: Type.String(),
    condition: Type.Union([Type.Literal('in_status'), Type.Literal('no_event'), Type.Literal('check_failing')]),
    hours: Type.Number(),
    shipmentId: Type.String(),
    courier: Type.String(),
    trackingNumber: Type.String(),
    orderId: Type.Union([Type.String(), Type.Null()]),
    status: CanonicalStatusSchema,
    since: DateTime,
    breachedAt: DateTime,
  },
  { $id: 'SlaBreach' },
);

const SlaBreachPageSchema = Type.Object(
  { items: Type.Array(SlaBreachSchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() },
  { $id: 'SlaBreachPage' },
);

/** Open SLA breaches, derived from the shipments as they are now. */
export const slaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/sla/breaches',
    {
      schema: {
        tags: ['sla'],
        operationId: 'listSlaBreaches',
        summary: 'Open SLA breaches: shipments in a configured rule’s condition now',
        description:
          'By rule in configured order, newest shipment first. A breach closes when its shipment leaves the condition and is then no longer listed, ' +
          'so only `open=true` is answered (400 otherwise). `rule` must name a configured rule.',
        querystring: Type.Object({
          open: Type.Boolean({ default: true }),
          courier: Type.Optional(CourierName),
          rule: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          ...pageQuery(),
        }),
        response: { 200: SlaBreachPageSchema, 400: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { open, courier, rule, limit, offset } = request.query;
      if (!open) return reply.code(400).send(problem(400, 'VALIDATION_FAILED', 'querystring/open: closed breaches are not kept; only open=true is answered'));
      if (rule !== undefined && !app.sla.rules.some((r) => r.id === rule)) {
        return reply.code(400).send(problem(400, 'VALIDATION_FAILED', `querystring/rule: no SLA rule "${rule}" (configured: ${app.sla.rules.map((r) => r.id).join(', ') || 'none'})`));
      }
      const breaches = (await app.sla.openBreaches()).filter((b) => (courier === undefined || b.courier === courier) && (rule === undefined || b.rule === rule));
      return { items: breaches.slice(offset, offset + limit), total: breaches.length, limit, offset };
    },
  );
};
