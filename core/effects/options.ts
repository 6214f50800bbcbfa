import type { Static, TObject, TSchema } from 'typebox';
import { ConfigError } from '../../config/errors.js';
import { effectEnvPrefix } from '../../config/load.js';
import { parseBoolean } from '../../config/parse.js';
import { validateWithDefaults } from '../../config/validate.js';
import type { EffectDeclaration } from './plugin.js';

/** `ordersCollection` → `ORDERS_COLLECTION`: an option's name in an environment variable. */
export function optionVariableName(option: string): string {
  return option.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export type ResolvedEffect<S extends TObject> =
  | { enabled: true; options: Static<S>; sourceOf: (pointer: string) => string; unknownOptions: string[] }
  | { enabled: false; reason: string; unknownOptions: string[] };

type JsonSchema = TSchema & { type?: string | string[]; items?: JsonSchema; anyOf?: JsonSchema[] };

/** The JSON types a schema accepts (a union accepts its members'). */
function typesOf(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  return schema.type === undefined ? [] : [schema.type].flat();
}

/**
 * An environment variable's text as the option's schema wants it: numbers and booleans parsed, arrays as
 * JSON or a comma-separated list (items parsed by the item schema), objects as JSON. Errors name the variable.
 */
function fromText(text: string, schema: JsonSchema | undefined, variable: string): unknown {
  const types = typesOf(schema);
  const value = text.trim();
  if (types.includes('string') || types.length === 0) return text;
  if (types.includes('boolean')) return parseBoolean(value, variable);
  if (types.includes('integer') || types.includes('number')) return number(value, variable);
  if (types.includes('array')) {
    const scalarItems = typesOf(schema?.items).every((type) => ['string', 'number', 'integer', 'boolean'].includes(type));
    if (value.startsWith('[') || !scalarItems) return json(value, variable, 'array');
    return value.split(',').map((item) => item.trim()).filter((item) => item !== '').map((item) => fromText(item, schema?.items, variable));
  }
  return json(value, variable, 'object');
}

/** Ranges and integer-ness are the schema's to check; this only reads the number. */
function number(value: string, variable: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) throw new ConfigError(`${variable}: expected a number, got "${value}"`);
  return n;
}

function json(value: string, variable: string, shape: 'array' | 'object'): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new ConfigError(`${variable}: not valid JSON: ${(error as Error).message}`);
  }
  const ok = shape === 'array' ? Array.isArray(parsed) : parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  if (!ok) throw new ConfigError(`${variable}: expected a JSON ${shape}`);
  return parsed;
}

/** Where an effect option may be given: its variable and its config-file key (`enabled` included). */
export function effectOptionSources(declaration: EffectDeclaration): string[] {
  const prefix = effectEnvPrefix(declaration.name);
  return ['enabled', ...Object.keys(declaration.options.properties)].flatMap((option) => [`${prefix}${optionVariableName(option)}`, `config file effects.${declaration.name}.${option}`]);
}

/**
 * An effect's options from the config file (`effects.<name>.<option>`) and `WAYBILL_EFFECT_<NAME>_<OPTION>`
 * variables (which win), validated against its declared schema. An effect is enabled when every option it
 * `requires` is given and `ENABLED` is not false; errors name the variable or file key a value came from.
 */
export function resolveEffect<S extends TObject>(
  declaration: EffectDeclaration<S>,
  fileOptions: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string>>,
): ResolvedEffect<S> {
  const prefix = effectEnvPrefix(declaration.name);
  const properties = declaration.options.properties as Record<string, JsonSchema>;
  const byVariable = new Map(Object.keys(properties).map((option) => [optionVariableName(option), option]));
  const given: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  const unknownOptions: string[] = [];
  let enabled = true;
  for (const [option, value] of Object.entries(fileOptions)) {
    const source = `config file effects.${declaration.name}.${option}`;
    if (option === 'enabled') enabled = parseBoolean(String(value), source);
    else if (option in properties) (given[option] = value), sources.set(option, source);
    else unknownOptions.push(source);
  }
  for (const [variable, text] of Object.entries(env)) {
    if (!variable.startsWith(prefix)) continue;
    const suffix = variable.slice(prefix.length);
    const option = byVariable.get(suffix);
    if (suffix === 'ENABLED') enabled = parseBoolean(text, variable);
    else if (option) (given[option] = fromText(text, properties[option], variable)), sources.set(option, variable);
    else unknownOptions.push(variable);
  }
  const missing = declaration.requires.filter((option) => given[option] === undefined || given[option] === '');
  if (!enabled) return { enabled: false, reason: 'disabled by configuration', unknownOptions };
  if (missing.length > 0) return { enabled: false, reason: `not configured: set ${missing.map((o) => `${prefix}${optionVariableName(o)}`).join(', ')}`, unknownOptions };
  const sourceOf = (pointer: string) => {
    const option = pointer.split('/')[1] ?? '';
    const source = sources.get(option) ?? (option ? `${prefix}${optionVariableName(option)}` : `effect "${declaration.name}"`);
    return `${source} (${pointer.slice(1) || '(root)'})`;
  };
  const options = validateWithDefaults(declaration.options, given, `effect "${declaration.name}"`, sourceOf);
  return { enabled: true, options, sourceOf, unknownOptions };
}
