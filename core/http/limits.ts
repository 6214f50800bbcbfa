import Type from 'typebox';

/** The longest order id or reference the API takes, in a body and in a path alike. */
export const MAX_ID_LENGTH = 128;
/**
 * Fastify's limit on one path parameter, counted before percent-decoding: an id of MAX_ID_LENGTH
 * characters each sent as up to 4 UTF-8 bytes of 3 characters (`%E2%82%AC`) still fits, so no id the
 * API accepts in a body is refused with 414 in a path.
 */
export const MAX_PATH_PARAM_LENGTH = MAX_ID_LENGTH * 12;

/** A shipment's metadata, serialized as JSON. */
export const METADATA_MAX_BYTES = 16 * 1024;
/** Objects and arrays inside one another in metadata (the metadata object itself is level 1). */
export const METADATA_MAX_DEPTH = 32;

export const PAGE_SIZE_MAX = 500;
export const PAGE_OFFSET_MAX = 1_000_000;

const FINITE = 'x-finite';

/**
 * ajv skips `minimum` and `maximum` for a number that is not finite, and coerces the query text
 * `Infinity` to one: this keyword refuses it.
 */
export const finiteNumberKeyword = {
  keyword: FINITE,
  schemaType: 'boolean' as const,
  errors: true,
  validate: function finite(_schema: boolean, value: unknown): boolean {
    if (typeof value !== 'number' || Number.isFinite(value)) return true;
    (finite as typeof finite & { errors?: object[] }).errors = [{ keyword: FINITE, message: 'must be a finite number', params: {} }];
    return false;
  },
};

/** `limit` and `offset` of a list: integers with maxima (a query string is coerced; `1e20` and `Infinity` are refused). */
export const pageQuery = (defaultLimit = 50) => ({
  limit: Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: defaultLimit, [FINITE]: true }),
  offset: Type.Integer({ minimum: 0, maximum: PAGE_OFFSET_MAX, default: 0, [FINITE]: true }),
});
