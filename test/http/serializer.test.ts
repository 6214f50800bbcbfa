import t from 'tap';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { buildSerializer, nullablesAsTypeLists } from '../../core/http/serializer.js';
import { ShipmentViewSchema } from '../../core/http/schemas.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import { startTestApp } from '../helpers/app.js';

const KEY = 'k'.repeat(20);

t.test('a nullable primitive becomes a list of types; nullable objects, refs and enums stay as they are', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }], description: 'when' },
      count: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
      driver: { anyOf: [{ $ref: 'Driver' }, { type: 'null' }] },
      status: { anyOf: [{ enum: ['a', 'b'] }, { type: 'null' }] },
      either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      list: { type: 'array', items: { anyOf: [{ type: 'boolean' }, { type: 'null' }] } },
    },
  };
  t.same(nullablesAsTypeLists(schema).properties, {
    at: { type: ['string', 'null'], format: 'date-time', description: 'when' },
    count: { type: ['integer', 'null'] },
    driver: schema.properties.driver,
    status: schema.properties.status,
    either: schema.properties.either,
    list: { type: 'array', items: { type: ['boolean', 'null'] } },
  });
  t.same(schema.properties.at, { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }], description: 'when' }, 'the route schema itself is not changed');
});

t.test("a shipment view is written as fast-json-stringify writes it from the schemas as they are", async (t) => {
  const { app } = await startTestApp(t, { couriers: [sandbox] });
  await app.inject({ method: 'POST', url: '/v1/shipments', headers: { authorization: `Bearer ${KEY}` }, payload: { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'O-1' } });
  const answer = await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-DELIVERED-1', headers: { authorization: `Bearer ${KEY}` } });
  t.equal(answer.statusCode, 200);
  const view = answer.json();
  t.match(view, { orderId: 'O-1', reference: null, lastCheckedAt: null, nextCheckAt: String, history: [{ substatus: null, notes: null }] });
  view.events = [
    { at: '2026-03-01T10:00:00.000Z', status: 'SORTED', canonicalStatus: null, substatus: null, recordedAt: '2026-03-01T10:05:00.000Z' },
    { at: '2026-03-01T11:00:00.000Z', status: 'OUT', code: 'OFD', canonicalStatus: 'out_for_delivery', substatus: 'first_attempt', recordedAt: '2026-03-01T11:05:00.000Z' },
  ];
  view.lastCheckedAt = '2026-03-01T11:05:00.000Z';
  const route = { method: 'GET', url: '/v1/shipments/:courier/:trackingNumber', httpStatus: '200', schema: ShipmentViewSchema };
  const ours = buildSerializer({}, {})(route);
  const stock = SerializerSelector()({}, {})(route);
  t.equal(ours(view), stock(view), 'the same text as with anyOf');
  t.strictSame(JSON.parse(ours(view)), view, 'every value kept, nulls and date-times alike');
});
