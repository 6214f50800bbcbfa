import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Schema = { [keyword: string]: unknown };

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

const isNull = (schema: unknown) => typeof schema === 'object' && schema !== null && (schema as Schema).type === 'null' && Object.keys(schema).length === 1;

/** `{ anyOf: [primitive, null] }` as `{ ...primitive, type: [its type, 'null'] }`, or null when it is not that. */
function asTypeList(schema: Schema): Schema | null {
  const options = schema.anyOf;
  if (!Array.isArray(options) || options.length !== 2) return null;
  const value = options.find((option) => !isNull(option)) as Schema | undefined;
  if (!value || !options.some(isNull) || typeof value.type !== 'string' || !PRIMITIVES.has(value.type)) return null;
  const rest = { ...schema };
  delete rest.anyOf;
  return { ...rest, ...value, type: [value.type, 'null'] };
}

/**
 * A copy of a response schema in which every nullable primitive is a list of types. The schemas say
 * nullable as TypeBox does, `anyOf: [T, null]`, and keep saying it so in the OpenAPI document; but
 * fast-json-stringify picks an anyOf branch by asking ajv whether the value is valid against it, format and
 * all, for every field of every answer (a date-time is parsed to be written as it is). With a list of
 * types it checks `typeof`. The answers are the same.
 */
export function nullablesAsTypeLists<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(nullablesAsTypeLists) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) copy[keyword] = nullablesAsTypeLists(value);
  return (asTypeList(copy) ?? copy) as T;
}

const fastJsonStringify = SerializerSelector();

/** Fastify's serializer factory (fast-json-stringify), given the shared and the route schemas through nullablesAsTypeLists. */
export const buildSerializer: typeof fastJsonStringify = (externalSchemas, options) => {
  const shared = externalSchemas && typeof externalSchemas === 'object' ? Object.fromEntries(Object.entries(externalSchemas).map(([id, s]) => [id, nullablesAsTypeLists(s)])) : externalSchemas;
  const compile = fastJsonStringify(shared, options);
  return (route) => compile({ ...route, schema: nullablesAsTypeLists(route.schema) });
};
