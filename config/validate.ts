import type { Static, TSchema } from 'typebox';
import { Check, Clone, Default, Errors } from 'typebox/value';
import { ConfigError } from './errors.js';

/**
 * Fill schema defaults into a copy of `value` and check it; on failure throw a ConfigError whose message
 * starts with `label` and names every offending field by its JSON pointer.
 */
export function validateWithDefaults<T extends TSchema>(
  schema: T,
  value: unknown,
  label: string,
  nameOf: (pointer: string) => string = (pointer) => (pointer === '' ? '(root)' : pointer),
): Static<T> {
  const filled = Default(schema, Clone(value));
  if (Check(schema, filled)) return filled;
  const problems = Errors(schema, filled)
    .slice(0, 5)
    .map((e) => `${nameOf(e.instancePath)} ${e.message}`);
  throw new ConfigError(`${label}: ${problems.join('; ')}`);
}
