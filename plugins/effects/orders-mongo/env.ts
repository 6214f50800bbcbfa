import { parseBoolean, parseInteger, parseNumber } from '../../../config/parse.js';
import { ConfigError } from '../../../core/errors.js';
import { resolveOrdersConfig, type OrdersConfig, type OrdersOptions } from './config.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Option (top-level JSON pointer segment) → the variable that sets it. */
const VARIABLES: Record<string, string> = {
  url: 'WAYBILL_ORDERS_URL',
  database: 'WAYBILL_ORDERS_DATABASE',
  ordersCollection: 'WAYBILL_ORDERS_COLLECTION',
  statusCollection: 'WAYBILL_ORDERS_STATUS_COLLECTION',
  cron: 'WAYBILL_ORDERS_CRON',
  syncOnStart: 'WAYBILL_ORDERS_SYNC_ON_START',
  bufferDays: 'WAYBILL_ORDERS_BUFFER_DAYS',
  statusIds: 'WAYBILL_ORDERS_STATUS_IDS',
  primarySources: 'WAYBILL_ORDERS_PRIMARY_SOURCES',
  selectors: 'WAYBILL_ORDERS_SELECTORS',
  fields: 'WAYBILL_ORDERS_FIELDS',
  statusNameField: 'WAYBILL_ORDERS_STATUS_NAME_FIELD',
  statusIdField: 'WAYBILL_ORDERS_STATUS_ID_FIELD',
  statusHistoryValueField: 'WAYBILL_ORDERS_STATUS_HISTORY_VALUE_FIELD',
  statusCacheSeconds: 'WAYBILL_ORDERS_STATUS_CACHE_SECONDS',
  statusNames: 'WAYBILL_ORDERS_STATUS_NAMES',
  pageSize: 'WAYBILL_ORDERS_PAGE_SIZE',
  serverSelectionTimeoutMs: 'WAYBILL_ORDERS_SERVER_SELECTION_TIMEOUT_MS',
};

/** `/selectors/0/courier` → `WAYBILL_ORDERS_SELECTORS (selectors/0/courier)`. */
function variableFor(pointer: string): string {
  const option = pointer.split('/')[1] ?? '';
  const variable = VARIABLES[option];
  return variable ? `${variable} (${pointer.slice(1)})` : pointer || '(root)';
}

function list(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
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

/**
 * The orders plugin's configuration from `WAYBILL_ORDERS_*` variables, validated, or null when
 * WAYBILL_ORDERS_URL is not set (the plugin is then not wanted). Errors name the variable and never
 * repeat the URL.
 */
export function ordersConfigFromEnv(env: Env = process.env): OrdersConfig | null {
  const url = env.WAYBILL_ORDERS_URL?.trim();
  if (!url) return null;
  const options: Record<string, unknown> = { url };
  const text = (option: string) => {
    const value = env[VARIABLES[option]!];
    if (value !== undefined && value.trim() !== '') options[option] = value.trim();
  };
  for (const option of ['database', 'ordersCollection', 'statusCollection', 'cron', 'statusNameField', 'statusIdField', 'statusHistoryValueField']) text(option);
  const read = (option: string, parse: (value: string, variable: string) => unknown) => {
    const variable = VARIABLES[option]!;
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') options[option] = parse(value, variable);
  };
  read('syncOnStart', parseBoolean);
  read('bufferDays', parseNumber);
  read('statusCacheSeconds', (v, n) => parseInteger(v, n, 0));
  read('pageSize', (v, n) => parseInteger(v, n, 1));
  read('serverSelectionTimeoutMs', (v, n) => parseInteger(v, n, 100));
  read('statusIds', (v, n) => list(v).map((id) => parseInteger(id, n)));
  read('primarySources', list);
  read('selectors', (v, n) => json(v, n, 'array'));
  read('fields', (v, n) => json(v, n, 'object'));
  read('statusNames', (v, n) => json(v, n, 'object'));
  return resolveOrdersConfig(options as OrdersOptions, variableFor);
}
