import type { Clock } from '../clock.js';
import type { RawEvent } from '../courier/adapter.js';
import type { CourierPlugin } from '../courier/plugin.js';
import type { NumbersOf } from './fixtures.js';
import type { CourierSimulator } from './harness.js';
import type { SimRequest } from './sim-server.js';

/** A raw status as the courier documents it; `type` where the courier has a status type / direction. */
export type DocumentedStatus = string | { status: string; type?: string | undefined };

export interface CourierContractOptions<S extends CourierSimulator> {
  plugin: CourierPlugin;
  /** Starts a fresh simulator of the courier on the kit's clock (a simulator that checks token times needs it); the kit closes it. */
  simulator: (clock: Clock) => Promise<S>;
  /**
   * The plugin's `fixtures/` folder: recorded or authored exchanges (see core/testing/fixtures.ts). The kit
   * serves each tracking exchange to the adapter, checks it asked exactly that request, and that every
   * status in the answer has a row.
   */
  fixtures?: string | URL;
  /** Credential values by credential name. */
  credentials?: Record<string, string>;
  /** Other WAYBILL_COURIER_<NAME>_<OPTION> values by option name. */
  options?: Record<string, string>;
  /** Make `count` tracking numbers known to the simulator and return them (ideally in a non-terminal status). */
  known(sim: S, count: number): string[] | Promise<string[]>;
  /** A tracking number the courier does not know. */
  unknown: string;
  /** Which requests are tracking calls (not logins). */
  isTrackRequest(req: SimRequest): boolean;
  /** The tracking numbers a tracking request asks about. */
  trackingNumbersOf: NumbersOf;
  /** Every raw status the courier documents. */
  documentedStatuses: readonly DocumentedStatus[];
  /**
   * Scans the courier writes in someone else's words rather than its status vocabulary (an aggregator
   * passing on the carrier's code or text): the kit does not ask the table to know them. Every other scan
   * in a fixture must have a row, since the engine reads each event through the table.
   */
  freeTextScan?: (event: RawEvent) => boolean;
  /** For login / OAuth2 couriers: which requests fetch a token, and how to invalidate the issued tokens. */
  tokens?: { isTokenRequest(req: SimRequest): boolean; revoke(sim: S): void };
  /** Order id to register with a number, for couriers that match references against it. */
  orderIdFor?: (trackingNumber: string) => string;
  /** Push couriers (mode `push` or `both`): how the kit sends their webhooks. */
  push?: PushContractOptions;
}

export interface PushContractOptions {
  /** The plugin's `fixtures/webhooks/` folder (see core/testing/webhook-fixtures.ts). */
  webhooks: string | URL;
  /** Files of that folder that tell one delivery's life, in the order it happens. */
  story: readonly string[];
  /** A file of that folder that only reports the driver's position, if the courier sends such pings. */
  locationPing?: string;
  /** The tracking number (the courier's delivery id) the story is about. */
  trackingNumber: string;
  /** Headers that sign or authorize `raw` as the courier does, with the kit's webhook credentials. */
  sign(raw: Buffer): Record<string, string>;
  /** The courier signs the body itself (an HMAC): a signature over other bytes must be refused. */
  signatureCoversBody: boolean;
}
