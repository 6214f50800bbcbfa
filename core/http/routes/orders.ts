import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { NOT_INITIATED, orderOf, type Order, type OrderShipment } from '../../shipment/order.js';
import { packagesProblem, withPackages } from '../../shipment/packages.js';
import type { Shipment } from '../../store/types.js';
import { MAX_ID_LENGTH, pageQuery } from '../limits.js';
import { problem } from '../problem.js';
import { ErrorSchema, OrderInputSchema, OrderViewSchema, ShipmentSummarySchema } from '../schemas.js';
import { shipmentSummary, viewContextOf, type ViewContext } from '../views.js';

const OrderParams = Type.Object({ orderId: Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH }) });
const OrderShipmentsSchema = Type.Object(
  { orderId: Type.String(), shipments: Type.Array(ShipmentSummarySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() },
  { $id: 'OrderShipments' },
);

function orderView(order: Order, context: ViewContext) {
  const summary = (s: Shipment) => shipmentSummary(s, context);
  const shipment = (s: OrderShipment) =>
    s.kind === 'tracked'
      ? { courier: s.courier, trackingNumber: s.trackingNumber, status: s.status, substatus: s.substatus, packages: s.packages.map(summary), returns: s.returns.map(summary) }
      : { courier: s.courier, trackingNumber: null, status: null, substatus: null, ...NOT_INITIATED, packages: [], returns: [] };
  return {
    orderId: order.orderId,
    status: order.rollup?.status ?? null,
    substatus: order.rollup?.substatus ?? null,
    ...(order.rollup === null ? NOT_INITIATED : {}),
    shipments: order.shipments.map(shipment),
  };
}

/** Orders: several shipments (each of one or more packages) and shipments awaited before their tracking numbers. */
export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, registry, clock } = app.waybill;
  const viewContext = () => viewContextOf(app.waybill);

  const readOrder = async (orderId: string) => {
    const [shipments, awaited] = await Promise.all([store.shipments.listByOrder(orderId), store.awaiting.forOrder(orderId)]);
    return orderOf(orderId, shipments, awaited);
  };

  app.get(
    '/v1/orders/:orderId',
    {
      schema: {
        tags: ['orders'],
        operationId: 'getOrder',
        summary: "An order's status rolled up over its shipments and their packages, from the store",
        description:
          'All packages delivered: delivered. Some delivered: the earliest status of those still moving, substatus partially_delivered. ' +
          'A shipment announced without a tracking number answers code NO_AWB ("Shipment not initiated for this order yet").',
        params: OrderParams,
        response: { 200: OrderViewSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const order = await readOrder(request.params.orderId);
      if (!order) return reply.code(404).send(problem(404, 'ORDER_NOT_FOUND', `Order not found: Waybill tracks no shipment of order ${request.params.orderId}`));
      return orderView(order, viewContext());
    },
  );

  app.post(
    '/v1/orders',
    {
      schema: {
        tags: ['orders'],
        operationId: 'registerOrder',
        summary: "Register an order's shipments together: with their packages, or awaited while the courier has issued no tracking number",
        description:
          'Answers the order as `GET /v1/orders/{orderId}` shows it. A tracking number already tracked for another order is refused ' +
          'with 409 ORDER_ID_CONFLICT, and nothing of the order is written.',
        body: OrderInputSchema,
        response: { 201: OrderViewSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { orderId, shipments } = request.body;
      const refused = shipments
        .map((s, i) => {
          if (registry.get(s.courier) === undefined) {
            return problem(400, 'UNKNOWN_COURIER', `body/shipments/${i}/courier: unknown courier "${s.courier}" (known: ${registry.list().map((c) => c.name).join(', ')})`);
          }
          if (s.trackingNumber === undefined && s.packages) return problem(400, 'VALIDATION_FAILED', `body/shipments/${i}/packages: a shipment without a tracking number has no packages yet`);
          const packages = s.trackingNumber === undefined ? null : packagesProblem({ ...s, trackingNumber: s.trackingNumber });
          return packages ? problem(400, 'VALIDATION_FAILED', `body/shipments/${i}/packages: ${packages}`) : null;
        })
        .find((p) => p !== null);
      if (refused) return reply.code(400).send(refused);
      const now = clock.now();
      const tracked = shipments.flatMap((s) =>
        s.trackingNumber === undefined ? [] : withPackages({ ...s, trackingNumber: s.trackingNumber, orderId, refuseOrderIdChange: true }),
      );
      if (tracked.length) await store.shipments.register(tracked, now);
      for (const s of shipments.filter((s) => s.trackingNumber === undefined)) await store.awaiting.add({ orderId, courier: s.courier, reference: s.reference, metadata: s.metadata }, now);
      return reply.code(201).send(orderView((await readOrder(orderId))!, viewContext()));
    },
  );

  app.get(
    '/v1/orders/:orderId/shipments',
    {
      schema: {
        tags: ['orders'],
        operationId: 'listOrderShipments',
        summary: 'Every tracked number of one order (packages and returns included), as a flat list',
        description: 'From the store, in registration order, a page at a time (`total` counts them all); an empty list for an order Waybill knows no shipment of.',
        params: OrderParams,
        querystring: Type.Object(pageQuery(100)),
        response: { 200: OrderShipmentsSchema },
      },
    },
    async (request) => {
      const context = viewContext();
      const { limit, offset } = request.query;
      const page = await store.shipments.pageByOrder(request.params.orderId, { limit, offset });
      return { orderId: request.params.orderId, shipments: page.items.map((s) => shipmentSummary(s, context)), total: page.total, limit, offset };
    },
  );
};
