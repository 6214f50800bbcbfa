/**
 * `waybill`: the service and everything a courier or effect plugin is written against. Plugins import
 * from here (and tests from `waybill/testing`), never a core file by its path.
 */

// The service
export { buildApp, loggerOptions, REDACTED_PATHS, type AppOptions } from './app.js';
export { buildAppFromEnv, type AppFromEnvOverrides } from './app-from-env.js';
export { loadConfig } from '../config/load.js';
export type { AppConfig, ServiceConfig } from '../config/schema.js';
export type { Waybill } from './plugins/core.js';
export { discoverPlugins, type Plugins, type WaybillPlugin } from './plugins/discover.js';

// Time
export { ManualClock, systemClock, type Clock } from './clock.js';
export { LocalTime } from './courier/local-time.js';

// Courier plugins
export { defineCourier, type CourierPlugin, type LocalCourier } from './courier/plugin.js';
export type { AuthSpec, CourierDeclaration, CourierDefinition } from './courier/definition.js';
export {
  newestEvent,
  oneNumberPerRequest,
  type CourierAdapter,
  type DriverPosition,
  type FoundResult,
  type NotFoundResult,
  type RawEvent,
  type TrackContext,
  type TrackRequest,
  type TrackResult,
  type WebhookContext,
  type WebhookEvent,
} from './courier/adapter.js';
export { hmacSha256Hex, safeEqual, verifyHmacSha256Hex } from './courier/signature.js';
export { webhookJson } from './courier/webhook-body.js';
export type { CourierHttp } from './courier/http-client.js';
export type { CourierResponse, SendOptions } from './courier/transport.js';
export { expectArray, expectObject, isObject, keyedByNumber, text, type Json } from './courier/shape.js';
export { NO_CHANGE, type MappingContext, type NoChange, type StatusRule, type StatusTable } from './courier/status-table.js';
export { StatusMapper, type Mapping } from './courier/status-mapper.js';
export { normalizeStatus } from './courier/normalize.js';
export { AuthExpired, BadResponse, BadWebhook, CourierError, Forbidden, LoginRefused, Permanent, RateLimited, Transient } from './errors.js';
export type { CourierRegistry, CourierEntry } from './courier/registry.js';

// Effect plugins
export { defineEffect, type EffectDeclaration, type EffectPlugin, type EffectSetup } from './effects/plugin.js';
export { Undeliverable, type AttentionAlert, type CheckNotice, type CheckObserver, type EffectContext, type EffectMessage, type Notice, type RunReport, type SideEffect, type StatusChange } from './effects/contract.js';
export { retryDelayMs, type OutboxDispatcher } from './effects/dispatcher.js';
export type { EffectRouter } from './effects/router.js';

// Configuration
export { ConfigError } from '../config/errors.js';
export { parseBoolean, parseInteger, parseNumber, parseUrl } from '../config/parse.js';

// The model
export { CANONICAL_STATUSES, STATUS_INFO, isCanonicalStatus, isTerminal, type CanonicalStatus } from './statuses.js';
export type { ApiCallStore, CourierStateStore, OutboxStore, RunStore, ShipmentStore, Store } from './store/port.js';
export {
  RUN_COUNTERS,
  emptyCounts,
  type ApiCallRecord,
  type CheckOutcome,
  type Delivery,
  type HistoryEntry,
  type Run,
  type RunCounts,
  type Shipment,
  type ShipmentFilter,
  type ShipmentInput,
  type StoredEvent,
} from './store/types.js';
