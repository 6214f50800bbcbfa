import Type, { type Static } from 'typebox';
import { ConfigError } from '../../config/errors.js';
import { CANONICAL_STATUSES, isCanonicalStatus } from '../statuses.js';
import { validateWithDefaults } from '../../config/validate.js';
import type { StatusTable } from './status-table.js';

const CredentialName = Type.String({ pattern: '^[a-z][a-z0-9_]*$' });
const RefreshInterval = Type.Integer({ minimum: 0, default: 30_000 });

const NoAuth = Type.Object({ kind: Type.Literal('none') });

/** A long-lived key sent on every request, e.g. `Authorization: Token <key>`. */
const HeaderAuth = Type.Object({
  kind: Type.Literal('header'),
  header: Type.String({ minLength: 1 }),
  scheme: Type.Optional(Type.String({ minLength: 1 })),
  credential: CredentialName,
});

/** POST credentials to a login endpoint for a token; refresh when the courier answers 401. */
const LoginAuth = Type.Object({
  kind: Type.Literal('login'),
  path: Type.String({ minLength: 1 }),
  /** Request body field → credential name, e.g. `{ email: 'email', password: 'password' }`. */
  body: Type.Record(Type.String(), CredentialName),
  /** Dot path of the token in the login response, e.g. `token` or `data.jwt`. */
  tokenField: Type.String({ minLength: 1 }),
  header: Type.String({ minLength: 1, default: 'Authorization' }),
  scheme: Type.Optional(Type.String({ minLength: 1 })),
  minRefreshIntervalMs: RefreshInterval,
  /** Refresh proactively after this long, when the courier documents a token lifetime. */
  ttlMs: Type.Optional(Type.Integer({ minimum: 1000 })),
});

/** OAuth2 client-credentials grant; the token's `expires_in` is honoured. */
const OAuth2Auth = Type.Object({
  kind: Type.Literal('oauth2'),
  tokenPath: Type.String({ minLength: 1 }),
  clientIdCredential: CredentialName,
  clientSecretCredential: CredentialName,
  /** How the client authenticates at the token endpoint: in the form body (default), or HTTP Basic (`client_secret_basic`). */
  clientAuth: Type.Optional(Type.Union([Type.Literal('body'), Type.Literal('basic')])),
  scope: Type.Optional(Type.String()),
  /**
   * An optional credential holding a refresh token: when the operator has one, tokens come from the
   * refresh_token grant (a rotated refresh token is kept), else, or when it is refused, from client credentials.
   */
  refreshTokenCredential: Type.Optional(CredentialName),
  minRefreshIntervalMs: RefreshInterval,
});

/** Credentials sent as query parameters of every request (Blue Dart's login id and licence key). */
const QueryAuth = Type.Object({
  kind: Type.Literal('query'),
  /** Query parameter → credential name. */
  params: Type.Record(Type.String({ minLength: 1 }), CredentialName),
});

/** A JWT signed here with a key the courier issued (DoorDash Drive's self-signed tokens), sent as a bearer token. */
const JwtAuth = Type.Object({
  kind: Type.Literal('jwt'),
  issuerCredential: CredentialName,
  keyIdCredential: CredentialName,
  secretCredential: CredentialName,
  /** How the signing secret is written in its credential. */
  secretEncoding: Type.Union([Type.Literal('base64url'), Type.Literal('utf8')], { default: 'base64url' }),
  audience: Type.String({ minLength: 1 }),
  lifetimeSeconds: Type.Integer({ minimum: 60, maximum: 3600, default: 1800 }),
  /** Extra fields of the token's header, e.g. `{ "dd-ver": "DD-JWT-V1" }`. */
  header: Type.Record(Type.String(), Type.String(), { default: {} }),
  minRefreshIntervalMs: RefreshInterval,
});

export const AuthSpecSchema = Type.Union([NoAuth, HeaderAuth, QueryAuth, LoginAuth, OAuth2Auth, JwtAuth]);
export type AuthSpec = Static<typeof AuthSpecSchema>;
export type LoginAuthSpec = Static<typeof LoginAuth>;
export type OAuth2AuthSpec = Static<typeof OAuth2Auth>;
export type JwtAuthSpec = Static<typeof JwtAuth>;

const StatusRuleSchema = Type.Object({
  status: Type.String({ minLength: 1 }),
  type: Type.Optional(Type.String({ minLength: 1 })),
  to: Type.String({ minLength: 1 }),
  substatus: Type.Optional(Type.Unknown()),
  when: Type.Optional(Type.Unknown()),
});

export const CourierDefinitionSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
  displayName: Type.String({ minLength: 1 }),
  mode: Type.Union([Type.Literal('poll'), Type.Literal('push'), Type.Literal('both')], { default: 'poll' }),
  enabled: Type.Boolean({ default: true }),
  batchSize: Type.Integer({ minimum: 1, maximum: 1000 }),
  /** The most numbers one request may carry, as the courier documents it: a larger batch size is refused at start. */
  batchLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  quota: Type.Object({
    requests: Type.Integer({ minimum: 1 }),
    windowSeconds: Type.Number({ exclusiveMinimum: 0 }),
    daily: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  /** Requests in flight at once (the old system's "workers"). */
  concurrency: Type.Integer({ minimum: 1, maximum: 200 }),
  /** Minimum time between two calls of one worker, when the courier asks for spacing. */
  spacingMs: Type.Integer({ minimum: 0, default: 0 }),
  schedule: Type.Object({
    cron: Type.String({ minLength: 9 }),
    runOnStart: Type.Boolean({ default: true }),
    maxPerRun: Type.Integer({ minimum: 1 }),
  }),
  auth: AuthSpecSchema,
  /** Names of the secrets polling needs, read from WAYBILL_COURIER_<NAME>_<CREDENTIAL>. */
  credentials: Type.Array(CredentialName, { default: [] }),
  /**
   * Push couriers (mode `push` or `both`): the secrets that authenticate the courier's webhooks. Webhooks are
   * received once these are set; polling (mode `both`) only once `credentials` are set too.
   */
  webhook: Type.Optional(Type.Object({ credentials: Type.Array(CredentialName, { minItems: 1 }) })),
  /** Secrets the courier can use when given but does not need (an OAuth2 refresh token). */
  optionalCredentials: Type.Array(CredentialName, { default: [] }),
  /** Non-secret settings the adapter reads, with their defaults (WAYBILL_COURIER_<NAME>_<SETTING>). */
  settings: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), Type.String(), { default: {} }),
  endpoints: Type.Object({
    baseUrl: Type.String({ pattern: '^https?://[^\\s]+$' }),
    /** Where login and OAuth2 token requests go, when the courier serves them from another host. */
    authUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
    connectTimeoutMs: Type.Integer({ minimum: 100, default: 10_000 }),
    requestTimeoutMs: Type.Integer({ minimum: 100, default: 30_000 }),
  }),
  statuses: Type.Array(StatusRuleSchema, { minItems: 1 }),
  cooldowns: Type.Object(
    {
      forbiddenMs: Type.Integer({ minimum: 0, default: 8 * 60_000 }),
      rateLimitDefaultMs: Type.Integer({ minimum: 0, default: 5 * 60_000 }),
      /** After the login refuses the credentials: retrying sooner could lock the account. */
      loginRefusedMs: Type.Integer({ minimum: 0, default: 60 * 60_000 }),
    },
    { default: {} },
  ),
  polling: Type.Object(
    {
      /** Minutes between checks per canonical status, overriding the core defaults; other keys are refused. */
      intervals: Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0 }), { default: {} }),
      maxAgeDays: Type.Number({ exclusiveMinimum: 0, default: 60 }),
      failureBackoffBaseSeconds: Type.Number({ exclusiveMinimum: 0, default: 60 }),
      failureBackoffMaxMinutes: Type.Number({ exclusiveMinimum: 0, default: 6 * 60 }),
    },
    { default: {} },
  ),
  /**
   * The courier's documented tracking-number format, a regular expression matched against the whole number
   * (`\d{12}|\d{15}`): a shipment registered without a courier goes to the one enabled courier whose format
   * it matches. A courier whose numbers have no documented format, but are digits another courier's format
   * could match, declares `\d+`, so such a number is never attributed to the other courier alone.
   */
  trackingNumberPattern: Type.Optional(Type.String({ minLength: 1 })),
  /** When set, a result whose reference does not match the order id (modulo these suffixes) is rejected. */
  referenceMatch: Type.Optional(Type.Object({ suffixes: Type.Array(Type.String({ minLength: 1 })) })),
});

type DefinitionData = Static<typeof CourierDefinitionSchema>;

/** A courier declaration as a plugin writes it (defaults may be omitted). */
export type CourierDeclaration = Omit<
  Partial<DefinitionData>,
  'statuses' | 'name' | 'displayName' | 'batchSize' | 'quota' | 'concurrency' | 'schedule' | 'auth' | 'endpoints' | 'polling' | 'cooldowns'
> &
  Pick<DefinitionData, 'name' | 'displayName' | 'batchSize' | 'quota' | 'concurrency' | 'auth'> & {
    schedule: Omit<DefinitionData['schedule'], 'runOnStart'> & { runOnStart?: boolean };
    endpoints: { baseUrl: string; authUrl?: string; connectTimeoutMs?: number; requestTimeoutMs?: number };
    statuses: StatusTable;
    polling?: Partial<DefinitionData['polling']>;
    cooldowns?: Partial<DefinitionData['cooldowns']>;
  };

/** A validated declaration with every default filled in. */
export type CourierDefinition = Omit<DefinitionData, 'statuses'> & { statuses: StatusTable };

export function validateDefinition(declaration: unknown, plugin: string): CourierDefinition {
  refuseUnknownIntervalStatuses(declaration, plugin);
  const statuses = (declaration as { statuses?: StatusTable } | null)?.statuses;
  const valid = validateWithDefaults(CourierDefinitionSchema, declaration, `courier plugin "${plugin}"`);
  if (valid.mode !== 'poll' && valid.webhook === undefined) {
    throw new ConfigError(`courier plugin "${plugin}": /webhook is required for mode ${valid.mode} (the credentials that authenticate its webhooks)`);
  }
  if (valid.trackingNumberPattern !== undefined) refuseBadPattern(valid.trackingNumberPattern, plugin);
  // The table is kept by reference: its rows may carry predicate functions that cloning would lose.
  return { ...valid, statuses: statuses ?? [] };
}

function refuseBadPattern(pattern: string, plugin: string): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new ConfigError(`courier plugin "${plugin}": /trackingNumberPattern is not a regular expression: ${(error as Error).message}`);
  }
}

/** A misspelt status in `polling.intervals` would otherwise be ignored and its status polled at the default rate. */
function refuseUnknownIntervalStatuses(declaration: unknown, plugin: string): void {
  const intervals = (declaration as { polling?: { intervals?: unknown } } | null)?.polling?.intervals;
  if (intervals === null || typeof intervals !== 'object') return;
  const unknown = Object.keys(intervals).filter((key) => !isCanonicalStatus(key));
  if (unknown.length === 0) return;
  const problems = unknown.map((key) => `/polling/intervals/${key} is not a canonical status`);
  throw new ConfigError(`courier plugin "${plugin}": ${problems.join('; ')} (canonical statuses: ${CANONICAL_STATUSES.join(', ')})`);
}
