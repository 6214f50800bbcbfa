import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyContextConfig } from 'fastify';
import Type from 'typebox';
import type { ShipmentRecord } from '../../store/types.js';
import { MAX_ID_LENGTH } from '../limits.js';
import { problem } from '../problem.js';
import { CourierName, ErrorSchema, TrackingNumber } from '../schemas.js';
import { customerView } from '../track/customer-view.js';
import { sendCacheable } from '../track/http-cache.js';
import { destinationPostcode, normalizePostcode } from '../track/postcode.js';
import { CustomerOrderTrackingSchema, CustomerTrackingSchema, NotModifiedSchema } from '../track/schemas.js';

// One answer for "no such number" and "wrong postcode", so a guest cannot probe which orders exist.
const notFound = () => problem(404, 'SHIPMENT_NOT_FOUND', 'no tracking matches what was given');

/**
 * The customer tracking routes: the privacy-filtered view of a shipment, from the store only. With
 * WAYBILL_PUBLIC_TRACKING=on they answer without an API key and are rate limited per client IP
 * (WAYBILL_PUBLIC_TRACKING_RATE an hour); off, they are behind the API key like every route.
 */
export const trackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store, registry, clock } = app.waybill;
  const isPublic = config.publicTracking === 'on';
  // Registered in this plugin only: one counter per client IP over both routes, none elsewhere in the API.
  if (isPublic) await app.register(rateLimit, { max: config.publicTrackingRate, timeWindow: '1 hour' });
  const routeConfig: FastifyContextConfig = { public: isPublic };
  const access = isPublic
    ? `Served without an API key (WAYBILL_PUBLIC_TRACKING=on), ${config.publicTrackingRate} requests an hour per client IP, then 429 with Retry-After.`
    : 'Behind the API key (WAYBILL_PUBLIC_TRACKING=off).';

  const viewOf = ({ shipment, events, history }: ShipmentRecord) => customerView(shipment, events, history, clock.now());

  app.get(
    '/v1/track/:trackingNumber',
    {
      config: routeConfig,
      schema: {
        tags: ['customer'],
        operationId: 'trackShipment',
        summary: 'What a customer may see of a shipment: status, ETA, a timeline of canonical statuses at city level',
        description:
          'The courier is found among the tracked shipments with this number; when several couriers track it, `courier` says which ' +
          '(400 COURIER_NOT_DETECTED with the `candidates` otherwise). No names, phone numbers, addresses, metadata or courier internals. ' +
          `From the store only (\`source\`: cached or unavailable, \`ageSeconds\`); Cache-Control and a weak ETag, 304 on a matching If-None-Match. ${access}`,
        params: Type.Object({ trackingNumber: TrackingNumber }),
        querystring: Type.Object({ courier: Type.Optional(CourierName) }),
        response: { 200: CustomerTrackingSchema, 304: NotModifiedSchema, 400: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { trackingNumber } = request.params;
      const couriers = request.query.courier ? [request.query.courier] : registry.list().map((entry) => entry.name);
      const found = (await Promise.all(couriers.map((courier) => store.shipments.lookup(courier, trackingNumber)))).filter((r) => r !== null);
      if (found.length === 0) return reply.code(404).send(notFound());
      if (found.length > 1) {
        const candidates = found.map((r) => r.shipment.courier);
        return reply.code(400).send(problem(400, 'COURIER_NOT_DETECTED', `querystring/courier: ${trackingNumber} is tracked at several couriers (${candidates.join(', ')}): name one`, { candidates }));
      }
      return sendCacheable(request, reply, viewOf(found[0]!));
    },
  );

  app.get(
    '/v1/track/orders/:orderId',
    {
      config: routeConfig,
      schema: {
        tags: ['customer'],
        operationId: 'trackOrder',
        summary: "What a customer may see of an order's shipments, given the order id and the destination postcode",
        description:
          "The postcode is the second factor: it must match the shipment's `metadata.destination.postcode`, else `metadata.postcode` " +
          '(compared without case, spaces or dashes); only the shipments that match are answered. A wrong postcode and an unknown order ' +
          `are the same 404 SHIPMENT_NOT_FOUND. The same privacy filter, caching and data-source flags as GET /v1/track/{trackingNumber}. ${access}`,
        params: Type.Object({ orderId: Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH }) }),
        querystring: Type.Object({ postcode: Type.String({ minLength: 2, maxLength: 16, pattern: '^[A-Za-z0-9][A-Za-z0-9 -]*$' }) }),
        response: { 200: CustomerOrderTrackingSchema, 304: NotModifiedSchema, 400: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { orderId } = request.params;
      const postcode = normalizePostcode(request.query.postcode);
      const matching = (await store.shipments.listByOrder(orderId)).filter((s) => destinationPostcode(s.metadata) === postcode);
      if (matching.length === 0) return reply.code(404).send(notFound());
      const records = await Promise.all(matching.map((s) => store.shipments.lookup(s.courier, s.trackingNumber)));
      return sendCacheable(request, reply, { orderId, shipments: records.filter((r) => r !== null).map(viewOf) });
    },
  );
};
