import Type, { type Static } from 'typebox';
import { SlaRuleSchema } from './sla.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Service configuration after env and file are merged; courier options stay raw until their plugin registers. */
export const AppConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  host: Type.String({ minLength: 1, default: '127.0.0.1' }),
  store: Type.String({ minLength: 1, default: 'sqlite:./data/waybill.db' }),
  apiKeys: Type.Array(Type.String({ minLength: 16 }), { default: [] }),
  logLevel: Type.Enum(LOG_LEVELS, { default: 'info' }),
  /** `auto`: pino-pretty when stdout is a terminal, JSON lines otherwise. */
  logFormat: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('pretty')], { default: 'auto' }),
  /** `auto`: start the sandbox courier and its simulator when no real courier is configured. */
  sandbox: Type.Union([Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')], { default: 'auto' }),
  /** How long a claimed shipment stays leased to one instance; a crashed instance's work is reclaimed after it. */
  leaseSeconds: Type.Integer({ minimum: 5, maximum: 600, default: 60 }),
  /** How long a side-effect delivery belongs to one instance; a crashed instance's deliveries are retried after it. */
  outboxLeaseSeconds: Type.Integer({ minimum: 5, maximum: 3600, default: 120 }),
  /**
   * Several instances share one limiter per courier (Bottleneck's Redis datastore and an exact sliding
   * window in Redis) when set; without it each process limits its own requests.
   */
  redisUrl: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'redis:// or rediss:// URL' })),
  /** Finished runs with their API calls, and delivered outbox messages, are deleted once older than this. */
  retentionDays: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  /** The audit log of checks is kept this long (it grows with every check, so often shorter than the runs). */
  checkLogDays: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  /** A shipment whose checks failed this many times in a row requires attention (listed, alerted once). */
  attentionAfterFailures: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  /** SLA rules, evaluated every few minutes; a breach is announced to the effects once (core/sla/). */
  sla: Type.Array(SlaRuleSchema, { default: [] }),
  /** Raw per-courier options: courier name → option name (lower snake case) → value. */
  couriers: Type.Record(Type.String(), Type.Record(Type.String(), Type.String()), { default: {} }),
  /** Raw per-effect options from the file: effect name → option name → JSON value (checked by the effect's schema). */
  effects: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), { default: {} }),
  /** Plugin packages to load besides the folders under plugins/ (npm package names or paths). */
  plugins: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  /** `/docs` (the OpenAPI document and its UI): served without an API key, behind it, or not at all. */
  docs: Type.Union([Type.Literal('public'), Type.Literal('protected'), Type.Literal('off')], { default: 'public' }),
  /** `on`: the customer tracking routes (/v1/track/…) answer without an API key, rate limited per client IP. */
  publicTracking: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'off' }),
  /**
   * The reverse proxies in front of the service, whose X-Forwarded-For names the client: a hop count, or
   * their addresses and ranges (`loopback`, `linklocal`, `uniquelocal` too). Unset: the peer address is the
   * client, so behind a proxy every guest would share one rate limit.
   */
  trustProxy: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })])),
  /** Requests an hour one client IP may make to the public customer tracking routes. */
  publicTrackingRate: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10 }),
});

export type AppConfig = Static<typeof AppConfigSchema>;

/** Plugin variables kept raw (by full variable name), since a plugin's options are known only once it registers. */
export interface PluginEnv {
  courierEnv: Record<string, string>;
  effectEnv: Record<string, string>;
}

/**
 * Names given that the service does not read: `WAYBILL_*` variables that are neither service variables nor
 * courier or effect variables, and top-level keys of the config file outside the schema. Reported at start.
 */
export interface Unrecognized {
  unrecognized: { variables: string[]; fileKeys: string[] };
}

/** What `loadConfig` returns and the app is built from. */
export type ServiceConfig = AppConfig & PluginEnv & Unrecognized;
