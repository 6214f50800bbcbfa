import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { validateWithDefaults } from './validate.js';
import { parseInteger } from './parse.js';
import { parseTrustProxy } from './trust-proxy.js';
import { AppConfigSchema, type ServiceConfig } from './schema.js';
import { parseSlaRules, slaRulesFromEnv } from './sla.js';

type Env = Readonly<Record<string, string | undefined>>;

const COURIER_PREFIX = 'WAYBILL_COURIER_';
const EFFECT_PREFIX = 'WAYBILL_EFFECT_';

const stem = (name: string) => name.toUpperCase().replace(/-/g, '_');

/** The env-variable stem of a courier: `delhivery-b2c` → `WAYBILL_COURIER_DELHIVERY_B2C_`. */
export function courierEnvPrefix(courier: string): string {
  return `${COURIER_PREFIX}${stem(courier)}_`;
}

/** A courier's options as the environment gives them: `{ client_id: 'x' }` → `{ WAYBILL_COURIER_<NAME>_CLIENT_ID: 'x' }`. */
export function courierEnv(courier: string, options: Readonly<Record<string, string>>): Record<string, string> {
  const prefix = courierEnvPrefix(courier);
  return Object.fromEntries(Object.entries(options).map(([name, value]) => [`${prefix}${name.toUpperCase()}`, value]));
}

/** The env-variable stem of an effect: `orders-mongo` → `WAYBILL_EFFECT_ORDERS_MONGO_`. */
export function effectEnvPrefix(effect: string): string {
  return `${EFFECT_PREFIX}${stem(effect)}_`;
}

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`WAYBILL_CONFIG: cannot read "${path}": ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`WAYBILL_CONFIG: "${path}" is not a JSON object: ${(error as Error).message}`);
  }
}

function objectsByName(value: unknown, key: string, path: string | undefined): [string, Record<string, unknown>][] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`config file "${path}" key ${key} must be an object`);
  return Object.entries(value as Record<string, unknown>).map(([name, options]) => {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ConfigError(`config file "${path}" key ${key}.${name} must be an object`);
    return [name, options as Record<string, unknown>];
  });
}

/** File courier options may be numbers or booleans; they are kept as strings and parsed per option. */
function stringifyCourierOptions(value: unknown, path: string | undefined): Record<string, Record<string, string>> {
  return Object.fromEntries(
    objectsByName(value, 'couriers', path).map(([courier, options]) => [courier, Object.fromEntries(Object.entries(options).map(([k, v]) => [k.toLowerCase(), String(v)]))]),
  );
}

const withPrefix = (env: Env, prefix: string) =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith(prefix) && e[1] !== undefined));

/**
 * Environment over optional JSON file (WAYBILL_CONFIG) over defaults. Courier variables are kept raw,
 * keyed by their env suffix, because a courier's name is only known once its plugin registers.
 */
export function loadConfig(env: Env = process.env): ServiceConfig {
  const file = env.WAYBILL_CONFIG ? readFile(env.WAYBILL_CONFIG) : {};
  const merged: Record<string, unknown> = {
    ...file,
    couriers: stringifyCourierOptions(file.couriers, env.WAYBILL_CONFIG),
    effects: Object.fromEntries(objectsByName(file.effects, 'effects', env.WAYBILL_CONFIG)),
  };
  if (env.PORT !== undefined) merged.port = parseInteger(env.PORT, 'PORT');
  if (env.HOST !== undefined) merged.host = env.HOST;
  if (env.WAYBILL_STORE !== undefined) merged.store = env.WAYBILL_STORE;
  if (env.WAYBILL_LOG_LEVEL !== undefined) merged.logLevel = env.WAYBILL_LOG_LEVEL;
  if (env.WAYBILL_LOG_FORMAT !== undefined) merged.logFormat = env.WAYBILL_LOG_FORMAT;
  if (env.WAYBILL_SANDBOX !== undefined) merged.sandbox = env.WAYBILL_SANDBOX;
  if (env.WAYBILL_LEASE_SECONDS !== undefined) merged.leaseSeconds = parseInteger(env.WAYBILL_LEASE_SECONDS, 'WAYBILL_LEASE_SECONDS', 5);
  if (env.WAYBILL_OUTBOX_LEASE_SECONDS !== undefined) merged.outboxLeaseSeconds = parseInteger(env.WAYBILL_OUTBOX_LEASE_SECONDS, 'WAYBILL_OUTBOX_LEASE_SECONDS', 5);
  if (env.WAYBILL_RETENTION_DAYS !== undefined) merged.retentionDays = parseInteger(env.WAYBILL_RETENTION_DAYS, 'WAYBILL_RETENTION_DAYS', 1);
  if (env.WAYBILL_CHECK_LOG_DAYS !== undefined) merged.checkLogDays = parseInteger(env.WAYBILL_CHECK_LOG_DAYS, 'WAYBILL_CHECK_LOG_DAYS', 1);
  if (env.WAYBILL_ATTENTION_AFTER_FAILURES !== undefined) {
    merged.attentionAfterFailures = parseInteger(env.WAYBILL_ATTENTION_AFTER_FAILURES, 'WAYBILL_ATTENTION_AFTER_FAILURES', 1);
  }
  if (env.WAYBILL_SLA_RULES !== undefined) merged.sla = slaRulesFromEnv(env.WAYBILL_SLA_RULES);
  else if (file.sla !== undefined) merged.sla = parseSlaRules(file.sla, `config file "${env.WAYBILL_CONFIG}" key sla`);
  if (env.WAYBILL_DOCS !== undefined) merged.docs = env.WAYBILL_DOCS;
  if (env.WAYBILL_PUBLIC_TRACKING !== undefined) merged.publicTracking = env.WAYBILL_PUBLIC_TRACKING;
  if (env.WAYBILL_PUBLIC_TRACKING_RATE !== undefined) merged.publicTrackingRate = parseInteger(env.WAYBILL_PUBLIC_TRACKING_RATE, 'WAYBILL_PUBLIC_TRACKING_RATE', 1);
  if (env.WAYBILL_REDIS_URL !== undefined) merged.redisUrl = env.WAYBILL_REDIS_URL;
  if (env.WAYBILL_TRUST_PROXY !== undefined) merged.trustProxy = parseTrustProxy(env.WAYBILL_TRUST_PROXY, 'WAYBILL_TRUST_PROXY');
  else if (file.trustProxy !== undefined) merged.trustProxy = parseTrustProxy(file.trustProxy, `config file "${env.WAYBILL_CONFIG}" key trustProxy`);
  if (env.WAYBILL_PLUGINS !== undefined) merged.plugins = env.WAYBILL_PLUGINS.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (env.WAYBILL_API_KEYS !== undefined) {
    merged.apiKeys = env.WAYBILL_API_KEYS.split(',').map((k) => k.trim()).filter((k) => k !== '');
    const short = (merged.apiKeys as string[]).findIndex((k) => k.length < 16);
    if (short >= 0) throw new ConfigError(`WAYBILL_API_KEYS: key #${short + 1} is shorter than 16 characters`);
  }
  const config = validateWithDefaults(AppConfigSchema, merged, 'configuration', sourceOf(env, file));
  return { ...config, courierEnv: withPrefix(env, COURIER_PREFIX), effectEnv: withPrefix(env, EFFECT_PREFIX), unrecognized: unrecognized(env, file) };
}

function unrecognized(env: Env, file: Record<string, unknown>): ServiceConfig['unrecognized'] {
  const variables = Object.keys(env).filter(
    (name) => name.startsWith('WAYBILL_') && !name.startsWith(COURIER_PREFIX) && !name.startsWith(EFFECT_PREFIX) && !SERVICE_VARIABLES.includes(name) && !CLI_VARIABLES.includes(name),
  );
  return { variables, fileKeys: Object.keys(file).filter((key) => !(key in AppConfigSchema.properties)) };
}

const VARIABLES: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  store: 'WAYBILL_STORE',
  apiKeys: 'WAYBILL_API_KEYS',
  logLevel: 'WAYBILL_LOG_LEVEL',
  logFormat: 'WAYBILL_LOG_FORMAT',
  sandbox: 'WAYBILL_SANDBOX',
  leaseSeconds: 'WAYBILL_LEASE_SECONDS',
  outboxLeaseSeconds: 'WAYBILL_OUTBOX_LEASE_SECONDS',
  retentionDays: 'WAYBILL_RETENTION_DAYS',
  checkLogDays: 'WAYBILL_CHECK_LOG_DAYS',
  attentionAfterFailures: 'WAYBILL_ATTENTION_AFTER_FAILURES',
  plugins: 'WAYBILL_PLUGINS',
  sla: 'WAYBILL_SLA_RULES',
  docs: 'WAYBILL_DOCS',
  publicTracking: 'WAYBILL_PUBLIC_TRACKING',
  publicTrackingRate: 'WAYBILL_PUBLIC_TRACKING_RATE',
  redisUrl: 'WAYBILL_REDIS_URL',
  trustProxy: 'WAYBILL_TRUST_PROXY',
};

/** Every variable the service itself reads (courier and effect variables aside). */
export const SERVICE_VARIABLES: readonly string[] = ['WAYBILL_CONFIG', ...Object.values(VARIABLES)];

/** Read by the CLI (core/cli), not the service; a shell or container may set both, so they are never reported. */
export const CLI_VARIABLES: readonly string[] = ['WAYBILL_URL', 'WAYBILL_API_KEY'];

/**
 * Name a bad value by where it came from: `/logLevel` → `WAYBILL_LOG_LEVEL (logLevel)` when the variable is
 * set, else `config file "./waybill.json" key logLevel` when the file holds it.
 */
function sourceOf(env: Env, file: Record<string, unknown>): (pointer: string) => string {
  return (pointer) => {
    const field = pointer.split('/')[1] ?? '';
    const variable = VARIABLES[field];
    if (variable && env[variable] !== undefined) return `${variable} (${pointer.slice(1)})`;
    if (env.WAYBILL_CONFIG && field in file) return `config file "${env.WAYBILL_CONFIG}" key ${pointer.slice(1).replaceAll('/', '.')}`;
    return pointer || '(root)';
  };
}
