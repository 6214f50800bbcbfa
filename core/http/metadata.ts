import Type from 'typebox';
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH } from './limits.js';

const KEYWORD = 'x-bounded-json';

/** How deeply objects and arrays nest in `value`, counting no further than `limit + 1` (never a deep recursion). */
function depthWithin(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthWithin(child, limit - 1));
  return 1 + deepest;
}

/**
 * The ajv keyword behind `Metadata`: the value nests at most METADATA_MAX_DEPTH levels and serializes to at
 * most METADATA_MAX_BYTES. The store serializes metadata, so deeper nesting would overflow its stack.
 */
export const boundedJsonKeyword = {
  keyword: KEYWORD,
  schemaType: 'boolean' as const,
  errors: true,
  validate: function bounded(_schema: boolean, value: unknown): boolean {
    const self = bounded as typeof bounded & { errors?: { keyword: string; message: string; params: object }[] };
    if (depthWithin(value, METADATA_MAX_DEPTH) > METADATA_MAX_DEPTH) {
      self.errors = [{ keyword: KEYWORD, message: `must nest at most ${METADATA_MAX_DEPTH} levels of objects and arrays`, params: {} }];
      return false;
    }
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > METADATA_MAX_BYTES) {
      self.errors = [{ keyword: KEYWORD, message: `must serialize to at most ${METADATA_MAX_BYTES} bytes of JSON (it is ${bytes})`, params: {} }];
      return false;
    }
    return true;
  },
};

export const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: `Free-form JSON kept with the shipment: at most ${METADATA_MAX_BYTES / 1024} KiB serialized, ${METADATA_MAX_DEPTH} levels deep.`,
  [KEYWORD]: true,
});
