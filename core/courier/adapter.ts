import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { CourierHttp } from './http-client.js';

/** One shipment the engine asks a courier about. */
export interface TrackRequest {
  trackingNumber: string;
  orderId: string | null;
  reference: string | null;
  metadata: Readonly<Record<string, unknown>>;
}

/** One scan or status event as the courier reported it. */
export interface RawEvent {
  /** ISO-8601 time of the event as reported by the courier. */
  at: string;
  status: string;
  statusType?: string | undefined;
  code?: string | undefined;
  location?: string | undefined;
  description?: string | undefined;
}

export interface FoundResult {
  trackingNumber: string;
  found: true;
  /** The courier's current raw status, as it spells it. */
  status: string;
  /** Status type / direction where the courier has one (Delhivery UD / RT / DL). */
  statusType?: string | undefined;
  /** When the courier says the current status happened (ISO-8601). */
  statusAt?: string | undefined;
  /** The courier's code for the current status (Delhivery's NSL code, …), for status-table rules. */
  code?: string | undefined;
  /** The courier's words about the current status (an instruction, the reason an attempt failed). */
  description?: string | undefined;
  /** Extra fields status-table predicates may consult (pickup date, …). */
  fields?: Record<string, unknown> | undefined;
  events: RawEvent[];
  eta?: string | undefined;
  location?: string | undefined;
  /** The courier's reference for the shipment (usually the shop's order id). */
  reference?: string | undefined;
  /** The courier says there is nothing more to learn: stop tracking, with this reason. */
  stopTracking?: string | undefined;
  /**
   * Other tracking numbers of the same parcel: a return to the shipper under a new number (FedEx's return
   * tracking number, Blue Dart's NewWaybillNo). Waybill tracks each for the same order and links the two.
   */
  links?: readonly { trackingNumber: string; relation: 'return' }[] | undefined;
}

export interface NotFoundResult {
  trackingNumber: string;
  found: false;
  reason: string;
  /** The courier says it will never know this number (invalid, purged): stop tracking. */
  stopTracking?: boolean | undefined;
}

export type TrackResult = FoundResult | NotFoundResult;

/** The latest of the courier's events (by time), e.g. for where the shipment is now. */
export function newestEvent(events: readonly RawEvent[]): RawEvent | undefined {
  return events.reduce<RawEvent | undefined>((newest, e) => (newest === undefined || Date.parse(e.at) > Date.parse(newest.at) ? e : newest), undefined);
}

export interface TrackContext {
  /** HTTP client bound to this courier's base URL, pool, timeouts and auth. */
  http: CourierHttp;
  log: FastifyBaseLogger;
  clock: Clock;
  /** The courier's resolved non-secret settings. */
  settings: Readonly<Record<string, string>>;
}

/** Where the courier's driver is and who they are, from a push courier's position updates. */
export interface DriverPosition {
  /** When the courier reported it (ISO-8601). */
  at: string;
  location?: { lat: number; lng: number } | undefined;
  name?: string | undefined;
  /** Make, model, colour or type, as the courier describes the vehicle. */
  vehicle?: string | undefined;
  /** As the courier shares it (often masked or a relay number). */
  phone?: string | undefined;
}

/** What one webhook delivery says about one shipment: a status report like a poll's, a driver position, or both. */
export interface WebhookEvent {
  /** The courier's id of the delivery, which Waybill tracks as the tracking number. */
  trackingNumber: string;
  /** The shop's order id the payload carries: a delivery Waybill has not seen yet is registered with it. */
  orderId?: string | undefined;
  result?: FoundResult | undefined;
  driver?: DriverPosition | undefined;
}

/** What verifying and reading a webhook may use: the courier's webhook credentials and settings. */
export interface WebhookContext {
  credentials: Readonly<Record<string, string>>;
  settings: Readonly<Record<string, string>>;
  now: Date;
}

/**
 * The code part of a courier plugin. `track` turns one batch into one result per number; it never
 * sleeps, retries or rate-limits on its own: it throws typed CourierErrors and the engine decides. A push
 * courier (mode `push` or `both`) adds `verifyWebhook`, over the exact raw bytes received and in constant
 * time, and `parseWebhook`, which throws `BadWebhook` naming what it cannot read.
 */
export interface CourierAdapter {
  track(batch: readonly TrackRequest[], ctx: TrackContext): Promise<TrackResult[]>;
  verifyWebhook?(raw: Buffer, headers: IncomingHttpHeaders, ctx: WebhookContext): boolean;
  parseWebhook?(raw: Buffer, headers: IncomingHttpHeaders, ctx: WebhookContext): WebhookEvent[];
}

/**
 * The adapter of a courier whose API answers one number per request. Its declaration must say
 * `batchLimit: 1`, so the core never hands it more; a larger batch is a wiring bug, not a courier fault.
 */
export function oneNumberPerRequest(track: (request: TrackRequest, ctx: TrackContext) => Promise<TrackResult>): CourierAdapter {
  return {
    async track(batch, ctx) {
      if (batch.length !== 1) throw new Error(`this courier asks about one number per request (batchLimit: 1); got a batch of ${batch.length}`);
      return [await track(batch[0]!, ctx)];
    },
  };
}
