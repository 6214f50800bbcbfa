import { Cron } from 'croner';
import { courierEnvPrefix } from '../../config/load.js';
import { ConfigError } from '../../config/errors.js';
import { parseBoolean, parseInteger, parseNumber, parseUrl } from '../../config/parse.js';
import { validateDefinition, type CourierDeclaration, type CourierDefinition } from './definition.js';

type Draft = Record<string, unknown> & {
  endpoints: Record<string, unknown>;
  schedule: Record<string, unknown>;
  quota: Record<string, unknown>;
  polling?: Record<string, unknown>;
};

/** Options every courier accepts, by their lower-snake name (env: WAYBILL_COURIER_<NAME>_<UPPER NAME>). */
const OPTIONS: Record<string, (draft: Draft, value: string, name: string) => void> = {
  base_url: (d, v, n) => (d.endpoints.baseUrl = parseUrl(v, n)),
  auth_url: (d, v, n) => (d.endpoints.authUrl = parseUrl(v, n)),
  enabled: (d, v, n) => (d.enabled = parseBoolean(v, n)),
  cron: (d, v, n) => (d.schedule.cron = parseCron(v, n)),
  run_on_start: (d, v, n) => (d.schedule.runOnStart = parseBoolean(v, n)),
  max_per_run: (d, v, n) => (d.schedule.maxPerRun = parseInteger(v, n, 1)),
  batch_size: (d, v, n) => (d.batchSize = parseInteger(v, n, 1)),
  concurrency: (d, v, n) => (d.concurrency = parseInteger(v, n, 1)),
  workers: (d, v, n) => (d.concurrency = parseInteger(v, n, 1)),
  spacing_ms: (d, v, n) => (d.spacingMs = parseInteger(v, n)),
  quota_requests: (d, v, n) => (d.quota.requests = parseInteger(v, n, 1)),
  quota_window_seconds: (d, v, n) => (d.quota.windowSeconds = parseNumber(v, n)),
  daily_budget: (d, v, n) => (d.quota.daily = parseInteger(v, n, 1)),
  connect_timeout_ms: (d, v, n) => (d.endpoints.connectTimeoutMs = parseInteger(v, n, 100)),
  request_timeout_ms: (d, v, n) => (d.endpoints.requestTimeoutMs = parseInteger(v, n, 100)),
  max_age_days: (d, v, n) => ((d.polling ??= {}).maxAgeDays = parseNumber(v, n)),
};

/** Every option a courier reads, by its lower-snake name: the common ones, its secrets and its settings. */
export function courierOptionNames(declaration: CourierDeclaration): string[] {
  const secrets = [...(declaration.credentials ?? []), ...(declaration.webhook?.credentials ?? []), ...(declaration.optionalCredentials ?? [])];
  return [...Object.keys(OPTIONS), ...secrets, ...Object.keys(declaration.settings ?? {})];
}

/** Where a courier option may be given: its variable and its config-file key. */
export function courierOptionSources(declaration: CourierDeclaration): string[] {
  const prefix = courierEnvPrefix(declaration.name);
  return courierOptionNames(declaration).flatMap((option) => [`${prefix}${option.toUpperCase()}`, `config file couriers.${declaration.name}.${option}`]);
}

function parseCron(value: string, name: string): string {
  try {
    new Cron(value, { paused: true });
    return value;
  } catch (error) {
    throw new ConfigError(`${name}: not a valid cron expression ("${value}"): ${(error as Error).message}`);
  }
}

export interface ResolvedCourier {
  definition: CourierDefinition;
  credentials: Record<string, string>;
  settings: Record<string, string>;
  /** Env variables of polling credentials with no value: the courier cannot be polled without them. */
  missingCredentials: string[];
  /** Env variables of webhook credentials with no value: its webhooks cannot be received without them. */
  missingWebhookCredentials: string[];
  /** Options that were given but mean nothing to this courier. */
  unknownOptions: string[];
}

/**
 * Apply a courier's configuration (file options under `couriers.<name>`, then WAYBILL_COURIER_<NAME>_*
 * variables) to its declaration and validate the result. Errors name the variable or the plugin field.
 */
export function resolveCourier(
  declaration: CourierDeclaration,
  fileOptions: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>>,
  /** Values that win over both (a local simulator's base URL and credentials). */
  overrides: Readonly<Record<string, string>> = {},
): ResolvedCourier {
  const prefix = courierEnvPrefix(declaration.name);
  const given = new Map<string, { value: string; source: string }>();
  for (const [key, value] of Object.entries(fileOptions)) given.set(key, { value, source: `config file couriers.${declaration.name}.${key}` });
  for (const [variable, value] of Object.entries(env)) {
    if (variable.startsWith(prefix)) given.set(variable.slice(prefix.length).toLowerCase(), { value, source: variable });
  }
  for (const [key, value] of Object.entries(overrides)) given.set(key, { value, source: `courier ${declaration.name}'s local simulator: ${key}` });

  const draft = structuredCloneDeclaration(declaration);
  const credentialNames = declaration.credentials ?? [];
  const webhookCredentialNames = declaration.webhook?.credentials ?? [];
  const secretNames = [...credentialNames, ...webhookCredentialNames, ...(declaration.optionalCredentials ?? [])];
  const settings: Record<string, string> = { ...(declaration.settings ?? {}) };
  const credentials: Record<string, string> = {};
  const unknownOptions: string[] = [];
  for (const [option, { value, source }] of given) {
    const apply = OPTIONS[option];
    if (apply) apply(draft, value, source);
    else if (secretNames.includes(option)) credentials[option] = value;
    else if (option in settings) settings[option] = value;
    else unknownOptions.push(source);
  }
  const definition = validateDefinition({ ...draft, settings }, declaration.name);
  parseCron(definition.schedule.cron, `courier plugin "${declaration.name}": /schedule/cron`);
  if (definition.batchLimit !== undefined && definition.batchSize > definition.batchLimit) {
    const source = given.get('batch_size')?.source ?? `courier plugin "${declaration.name}": /batchSize`;
    throw new ConfigError(`${source}: ${definition.batchSize} is more than ${declaration.displayName} accepts in one request (${definition.batchLimit})`);
  }
  const missing = (names: readonly string[]) => names.filter((c) => !credentials[c]).map((c) => `${prefix}${c.toUpperCase()}`);
  return { definition, credentials, settings, missingCredentials: missing(credentialNames), missingWebhookCredentials: missing(webhookCredentialNames), unknownOptions };
}

/** Copy the data parts of a declaration; the status table (which may hold predicates) is shared. */
function structuredCloneDeclaration(declaration: CourierDeclaration): Draft {
  return {
    ...declaration,
    endpoints: { ...declaration.endpoints },
    schedule: { ...declaration.schedule },
    quota: { ...declaration.quota },
    ...(declaration.polling ? { polling: { ...declaration.polling } } : {}),
  } as Draft;
}
