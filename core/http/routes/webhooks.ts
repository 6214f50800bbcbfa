import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { WebhookEvent } from '../../courier/adapter.js';
import { BadWebhook } from '../../errors.js';
import { problem } from '../problem.js';
import { CourierName, ErrorSchema } from '../schemas.js';

const MAX_BODY_BYTES = 1024 * 1024;

const WebhookAcceptedSchema = Type.Object(
  {
    accepted: Type.Literal(true),
    events: Type.Integer(),
    /** Deliveries Waybill had not seen before. */
    registered: Type.Integer(),
    /** Events that moved a status or substatus. */
    changed: Type.Integer(),
    unmapped: Type.Array(Type.String()),
  },
  { $id: 'WebhookAccepted' },
);

/**
 * `POST /v1/webhooks/:courier`: a push courier tells Waybill what happened. The courier cannot send
 * Waybill's API key, so the route is authenticated by the courier's own scheme only (its adapter's
 * `verifyWebhook`, over the exact bytes received: the body is kept raw, never parsed and re-serialized).
 * Refused: 401, nothing written; unreadable: 400 naming why; accepted: 200 at once, even when nothing changed.
 */
export const webhookRoutes: FastifyPluginAsync = async (app) => {
  const { registry, webhooks, clock } = app.waybill;
  // In this plugin's scope only: every body arrives as the bytes the courier signed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

  app.post<{ Params: { courier: string } }>(
    '/v1/webhooks/:courier',
    {
      config: { public: true },
      schema: {
        tags: ['webhooks'],
        operationId: 'receiveWebhook',
        summary: "A push courier's webhook, authenticated by the courier's own signature or secret (no API key)",
        description:
          'The body is read as the exact bytes the courier signed, in whatever content type it sends. 401 WEBHOOK_REFUSED: nothing written; ' +
          '400 WEBHOOK_UNREADABLE naming why; 404 COURIER_NOT_FOUND or NO_WEBHOOKS; 200 at once, even when nothing changed.',
        params: Type.Object({ courier: CourierName }),
        security: [],
        response: { 200: WebhookAcceptedSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { courier } = request.params;
      const entry = registry.get(courier);
      if (!entry) return reply.code(404).send(problem(404, 'COURIER_NOT_FOUND', `unknown courier "${courier}"`));
      if (!entry.webhook) {
        const why = entry.definition.mode === 'poll' ? 'it is polled, not a push courier' : (entry.disabledReason ?? 'its webhook credentials are not configured');
        return reply.code(404).send(problem(404, 'NO_WEBHOOKS', `courier ${courier} receives no webhooks: ${why}`));
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const context = { ...entry.webhook.context, now: clock.now() };
      if (!entry.webhook.adapter.verifyWebhook(raw, request.headers, context)) {
        webhooks.count(courier, 'refused');
        request.log.warn({ courier }, 'webhook refused: its signature or credential does not match');
        return reply.code(401).send(problem(401, 'WEBHOOK_REFUSED', `the webhook is not signed or authorized as courier ${courier} signs its webhooks`));
      }
      let events: WebhookEvent[];
      try {
        events = entry.webhook.adapter.parseWebhook(raw, request.headers, context);
      } catch (error) {
        if (!(error instanceof BadWebhook)) throw error;
        webhooks.count(courier, 'unreadable');
        return reply.code(400).send(problem(400, 'WEBHOOK_UNREADABLE', `courier ${courier}: ${error.message}`));
      }
      const outcome = await webhooks.receive(entry, events);
      webhooks.count(courier, 'accepted');
      return reply.code(200).send({ accepted: true, ...outcome });
    },
  );
};
