import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { validateWithDefaults } from '../core/validate.js';
import { parseInteger } from './parse.js';
import { AppConfigSchema, type AppConfig } from './schema.js';

type Env = Readonly<Record<string, string | undefined>>;

const COURIER_PREFIX = 'WAYBILL_COURIER_';

/** The env-variable stem of a courier: `delhivery-b2c` → `WAYBILL_COURIER_DELHIVERY_B2C_`. */
export function courierEnvPrefix(courier: string): string {
  return `${COURIER_PREFIX}${courier.toUpperCase().replace(/-/g, '_')}_`;
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

/** File courier options may be numbers or booleans; they are kept as strings and parsed per option. */
function stringifyCourierOptions(value: unknown, path: string | undefined): Record<string, Record<string, string>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') throw new ConfigError(`config file "${path}" key couriers must be an object`);
  const out: Record<string, Record<string, string>> = {};
  for (const [courier, options] of Object.entries(value as Record<string, unknown>)) {
    if (options === null || typeof options !== 'object') throw new ConfigError(`config file "${path}" key couriers.${courier} must be an object`);
    out[courier] = Object.fromEntries(Object.entries(options as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]));
  }
  return out;
}

/**
 * Environment over optional JSON file (WAYBILL_CONFIG) over defaults. Courier variables are kept raw,
 * keyed by their env suffix, because a courier's name is only known once its plugin registers.
 */
export function loadConfig(env: Env = process.env): AppConfig & { courierEnv: Record<string, string> } {
  const file = env.WAYBILL_CONFIG ? readFile(env.WAYBILL_CONFIG) : {};
  const merged: Record<string, unknown> = { ...file, couriers: stringifyCourierOptions(file.couriers, env.WAYBILL_CONFIG) };
  if (env.PORT !== undefined) merged.port = parseInteger(env.PORT, 'PORT');
  if (env.HOST !== undefined) merged.host = env.HOST;
  if (env.WAYBILL_STORE !== undefined) merged.store = env.WAYBILL_STORE;
  if (env.WAYBILL_LOG_LEVEL !== undefined) merged.logLevel = env.WAYBILL_LOG_LEVEL;
  if (env.WAYBILL_SANDBOX !== undefined) merged.sandbox = env.WAYBILL_SANDBOX;
  if (env.WAYBILL_LEASE_SECONDS !== undefined) merged.leaseSeconds = parseInteger(env.WAYBILL_LEASE_SECONDS, 'WAYBILL_LEASE_SECONDS', 5);
  if (env.WAYBILL_API_KEYS !== undefined) {
    merged.apiKeys = env.WAYBILL_API_KEYS.split(',').map((k) => k.trim()).filter((k) => k !== '');
    const short = (merged.apiKeys as string[]).findIndex((k) => k.length < 16);
    if (short >= 0) throw new ConfigError(`WAYBILL_API_KEYS: key #${short + 1} is shorter than 16 characters`);
  }
  const config = validateWithDefaults(AppConfigSchema, merged, 'configuration', sourceOf(env, file));
  const courierEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[0].startsWith(COURIER_PREFIX) && e[1] !== undefined),
  );
  return { ...config, courierEnv };
}

const VARIABLES: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  store: 'WAYBILL_STORE',
  apiKeys: 'WAYBILL_API_KEYS',
  logLevel: 'WAYBILL_LOG_LEVEL',
  sandbox: 'WAYBILL_SANDBOX',
  leaseSeconds: 'WAYBILL_LEASE_SECONDS',
};

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
