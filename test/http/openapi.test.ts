import { join } from 'node:path';
import t from 'tap';
import { withDefaultsOptional } from '../../core/http/openapi.js';
import { ERROR_CODES } from '../../core/http/problem.js';
import { createStore } from '../../core/store/create.js';
import fedex from '../../plugins/couriers/fedex/index.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import usps from '../../plugins/couriers/usps/index.js';
import { startTestApp, tempDir } from '../helpers/app.js';

type Json = { [key: string]: unknown };
const KEY = 'k'.repeat(20);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every schema node under `node` with its JSON pointer. */
function* schemaNodes(node: unknown, pointer: string): Generator<[Json, string]> {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaNodes(item, `${pointer}/${i}`);
    return;
  }
  yield [node as Json, pointer];
  for (const [key, value] of Object.entries(node)) yield* schemaNodes(value, `${pointer}/${key}`);
}

const isInlineObject = (node: Json) => node.type === 'object' && typeof node.properties === 'object' && Object.keys(node.properties as object).length > 0;

async function documentOf(env: Record<string, string> = {}) {
  const { app } = await startTestApp(t, { couriers: [sandbox, fedex, usps], env });
  return { app, doc: (await app.inject({ method: 'GET', url: '/docs/json' })).json() as Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } } };
}

t.test('the whole document is one a client can be generated from', async (t) => {
  const { doc } = await documentOf();
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ path, method, op })));
  t.ok(operations.length >= 20, `${operations.length} operations`);
  const ids = new Set<string>();
  for (const { path, method, op } of operations) {
    const where = `${method.toUpperCase()} ${path}`;
    t.match(op.operationId, /^[a-z][a-zA-Z0-9]*$/, `${where} has a camelCase operationId`);
    t.notOk(ids.has(op.operationId as string), `${where}: operationId ${String(op.operationId)} is unique`);
    ids.add(op.operationId as string);
    t.ok(typeof op.description === 'string' && op.description.length > 20, `${where} has a description`);
    const responses = op.responses as Record<string, Json>;
    t.ok(responses['500'], `${where} documents 500`);
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    if (!isPublic) t.ok(responses['401'], `${where} documents 401`);
    if (op.requestBody || (Array.isArray(op.parameters) && op.parameters.length > 0)) t.ok(responses['400'], `${where} documents 400`);
    for (const [status, response] of Object.entries(responses)) {
      // 503 is a health probe's own answer ("unavailable" and why), not an error of the API.
      if (Number(status) >= 400 && status !== '503') t.same(response.content, { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }, `${where} ${status} is the Error component`);
    }
    for (const parameter of (op.parameters ?? []) as Json[]) {
      const schema = parameter.schema as Json;
      if (schema.default !== undefined) t.not(parameter.required, true, `${where}: ${String(parameter.name)} has a default, so it is not required`);
    }
  }
  t.same(doc.paths['/health']?.get?.security, [], '/health is documented without the bearer requirement');

  const seen = new Map<string, string>();
  for (const [node, pointer] of schemaNodes({ paths: doc.paths, components: doc.components.schemas }, '')) {
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/components/schemas/', '');
      t.ok(doc.components.schemas[name], `${pointer}: $ref ${node.$ref} exists`);
    }
    if (Array.isArray(node.required) && typeof node.properties === 'object') {
      const withDefault = (node.required as string[]).filter((name) => (node.properties as Record<string, Json>)[name]?.default !== undefined);
      t.same(withDefault, [], `${pointer}: no property with a default is required`);
    }
    if (pointer.startsWith('/paths') && pointer.includes('/content/') && isInlineObject(node)) t.fail(`${pointer}: an inline object body or response should be a component`);
    if (isInlineObject(node)) {
      const key = JSON.stringify(node);
      if (seen.has(key)) t.fail(`${pointer}: the same inline object as ${seen.get(key)}: it should be one component`);
      seen.set(key, pointer);
    }
  }
  const error = doc.components.schemas.Error!;
  t.match(error, { required: ['statusCode', 'error', 'code', 'message'] });
  t.same((error.properties as Record<string, Json>).code!.enum, [...ERROR_CODES], 'every error code is documented');
  for (const name of ['ShipmentView', 'ShipmentSummary', 'Registered', 'Run', 'CourierSummary', 'OrderView', 'OrderInput', 'Delivery']) t.ok(doc.components.schemas[name], `component ${name}`);
});

t.test('a property with a default is not required in the document, at any depth', async (t) => {
  const schema = { type: 'object', properties: { page: { type: 'object', properties: { limit: { default: 50 }, q: {} }, required: ['limit', 'q'] } }, required: ['page'] };
  t.same(withDefaultsOptional(schema), { type: 'object', properties: { page: { type: 'object', properties: { limit: { default: 50 }, q: {} }, required: ['q'] } }, required: ['page'] });
  t.same(schema.properties.page.required, ['limit', 'q'], 'the route schema itself is left as it is');
});

t.test('every error the app itself answers carries a stable code', async (t) => {
  const dir = tempDir(t);
  const store = await createStore(`sqlite:${join(dir, 'broken.db')}`);
  store.shipments.list = async () => {
    throw new Error('disk on fire at /var/secret/path');
  };
  const { app } = await startTestApp(t, { couriers: [sandbox], store, env: { WAYBILL_API_KEYS: KEY } });
  const auth = { authorization: `Bearer ${KEY}` };
  t.match((await app.inject({ method: 'GET', url: '/v1/couriers' })).json(), { statusCode: 401, code: 'UNAUTHORIZED' });
  t.match((await app.inject({ method: 'GET', url: '/v1/nowhere', headers: auth })).json(), { statusCode: 404, code: 'NOT_FOUND', message: 'no route GET /v1/nowhere' });
  t.match((await app.inject({ method: 'GET', url: '/v1/runs?limit=0', headers: auth })).json(), { statusCode: 400, code: 'VALIDATION_FAILED', message: /querystring\/limit/ });
  t.match((await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-1', headers: auth })).json(), { statusCode: 404, code: 'SHIPMENT_NOT_FOUND' });
  t.match((await app.inject({ method: 'GET', url: '/v1/couriers/nosuch', headers: auth })).json(), { statusCode: 404, code: 'COURIER_NOT_FOUND' });
  const broken = await app.inject({ method: 'POST', url: '/v1/shipments', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"courier": ' });
  t.match(broken.json(), { statusCode: 400, code: 'BAD_REQUEST' }, 'a body that is not JSON');
  const internal = await app.inject({ method: 'GET', url: '/v1/shipments', headers: auth });
  t.equal(internal.statusCode, 500);
  t.match(internal.json(), { statusCode: 500, code: 'INTERNAL', error: 'Internal Server Error' });
  t.notMatch(internal.body, /disk on fire|secret/, 'what went wrong stays in the log');
});

t.test('/docs: public by default even with API keys, behind the key, or off (WAYBILL_DOCS)', async (t) => {
  const withKeys = { WAYBILL_API_KEYS: KEY };
  const { app: open } = await startTestApp(t, { couriers: [sandbox], env: withKeys });
  t.equal((await open.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200, 'public: the document');
  t.equal((await open.inject({ method: 'GET', url: '/docs' })).statusCode, 200, 'public: the UI');
  t.equal((await open.inject({ method: 'GET', url: '/v1/couriers' })).statusCode, 401, 'the API itself still needs the key');

  const { app: locked } = await startTestApp(t, { couriers: [sandbox], env: { ...withKeys, WAYBILL_DOCS: 'protected' } });
  t.equal((await locked.inject({ method: 'GET', url: '/docs/json' })).statusCode, 401, 'protected: needs the key');
  t.equal((await locked.inject({ method: 'GET', url: '/docs/json', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200, 'protected: served with it');

  const { app: off } = await startTestApp(t, { couriers: [sandbox], env: { WAYBILL_DOCS: 'off' } });
  t.match((await off.inject({ method: 'GET', url: '/docs/json' })).json(), { statusCode: 404, code: 'NOT_FOUND' }, 'off: not served');
  await t.rejects(startTestApp(t, { couriers: [sandbox], env: { WAYBILL_DOCS: 'secret' } }), /WAYBILL_DOCS \(docs\)/);
});
