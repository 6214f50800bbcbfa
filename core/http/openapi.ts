import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { AppConfig } from '../../config/schema.js';
import { ErrorSchema } from './schemas.js';

export const DOCS_PREFIX = '/docs';

type JsonSchema = { [key: string]: unknown };

/**
 * A property with a default is optional to a client (the server fills it in, ajv's `useDefaults`), though
 * the TypeBox type lists it as present for the handler. The document's copy drops it from `required`.
 */
export function withDefaultsOptional<T>(schema: T): T {
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const object = node as JsonSchema;
    const properties = object.properties as Record<string, JsonSchema> | undefined;
    if (properties && Array.isArray(object.required)) {
      object.required = object.required.filter((name: string) => properties[name]?.default === undefined);
      if ((object.required as string[]).length === 0) delete object.required;
    }
    Object.values(object).forEach(visit);
  };
  const copy = JSON.parse(JSON.stringify(schema)) as T;
  visit(copy);
  return copy;
}

/** @fastify/swagger's options: every schema with an `$id` is a component named by it, referenced with `$ref`. */
export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    info: { title: 'Waybill', description: 'Courier tracking: cache-first lookups and run control', version: '0.1.0' },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }],
  },
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  // Route schemas before their query and path become parameters; the components (shared schemas) after.
  transform: ({ schema, url }) => ({ schema: schema && withDefaultsOptional(schema), url }),
  transformObject: (document) => ('openapiObject' in document ? withDefaultsOptional(document.openapiObject) : document.swaggerObject),
};

/** A `$ref` to a schema with an `$id`, which documentRoute shares with `addSchema`. */
export function sharedRef(schema: object): { $ref: string } {
  const id = (schema as JsonSchema).$id;
  if (typeof id !== 'string') throw new TypeError('sharedRef: the schema has no $id');
  return { $ref: `${id}#` };
}

/** A copy of `node` in which every schema with an `$id` below it is a `$ref` to that schema, shared once with `share`. */
function referencingShared(node: unknown, share: (schema: JsonSchema & { $id: string }) => void, isRoot = true): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((item) => referencingShared(item, share, false));
  const object = node as JsonSchema;
  if (!isRoot && typeof object.$id === 'string') {
    share(object as JsonSchema & { $id: string });
    return sharedRef(object);
  }
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, referencingShared(value, share, false)]));
}

/**
 * An onRoute hook. Schemas with an `$id` become shared schemas (`addSchema`) that the route references with
 * `$ref`: one component each in the document, one compiled validator. It also documents the answers every
 * route can give, once: 500 on every route, 401 on every route behind the API key (the others say
 * `security: []`), 400 on every route that validates its input. The `/docs` routes are public when `docs` says so.
 */
export function documentRoute(docs: AppConfig['docs']) {
  return function (this: FastifyInstance, route: RouteOptions): void {
    if (docs === 'public' && (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`))) route.config = { ...route.config, public: true };
    const schema = route.schema;
    if (!schema || schema.hide) return;
    const isPublic = route.config?.public === true;
    if (isPublic) schema.security ??= [];
    const response = (schema.response ??= {}) as Record<string, unknown>;
    // Named as JSON: the error handler answers JSON even where the route answers text (/metrics).
    const error = { content: { 'application/json': { schema: ErrorSchema } } };
    const validates = schema.body !== undefined || schema.querystring !== undefined || schema.params !== undefined;
    if (validates) response[400] ??= error;
    if (!isPublic) response[401] ??= error;
    response[500] ??= error;
    const share = (shared: JsonSchema & { $id: string }) => {
      if (this.getSchema(shared.$id) === undefined) this.addSchema(referencingShared(shared, share));
    };
    // A query, path or header schema stays an object itself (its properties become parameters); what is below it may be shared.
    if (schema.body !== undefined) schema.body = (referencingShared({ body: schema.body }, share) as JsonSchema).body;
    for (const part of ['querystring', 'params', 'headers'] as const) if (schema[part] !== undefined) schema[part] = referencingShared(schema[part], share);
    for (const status of Object.keys(response)) response[status] = (referencingShared({ [status]: response[status] }, share) as JsonSchema)[status];
  };
}
