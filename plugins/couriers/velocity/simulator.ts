import { randomBytes, randomUUID } from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { API_BATCH_LIMIT, LOGIN_PATH, TRACKING_PATH } from './declaration.js';
import { IST } from '../../shared/ist.js';

export interface VelocitySimulatorOptions {
  username: string;
  password: string;
  /** Dashboard-issued API keys, accepted on every call (never revoked by a login). */
  apiKeys?: string[];
  batchLimit?: number;
  tokenTtlMs?: number;
  /** Consecutive refused logins after which the account is locked ([doc]: 5). */
  lockoutAfter?: number;
  now?: () => Date;
}

export interface VelocityActivity {
  date: string;
  activity: string;
  location?: string;
}

/** A scripted AWB, served in the documented found shape. */
export interface VelocityShipment {
  /** `tracking_data.shipment_status`; null to make the client fall back to `current_status`. */
  shipmentStatus: string | null;
  /** `shipment_track[0].current_status`; defaults to shipmentStatus. */
  currentStatus?: string | null;
  /** Newest first, zone-less IST dates, as in the docs. */
  activities?: VelocityActivity[];
  pickupDate?: string | null;
  deliveredDate?: string | null;
}

/** The two undocumented not-found shapes besides "no entry at all", modelled on the Shiprocket API Velocity mirrors. */
export const NOT_FOUND_ENTRIES = {
  trackStatusZero: { tracking_data: { track_status: 0, shipment_status: null, shipment_track: [], shipment_track_activities: [], track_url: null } },
  errorString: { tracking_data: { track_status: 0, error: 'No tracking details found for this AWB' } },
} as const;

const DAY_MS = 86_400_000;

/**
 * Velocity's tracking API, served locally: username/password login for a 24 h token (each login revokes
 * every earlier token), a raw `Authorization` header, the batch tracking endpoint keyed by AWB, the
 * 50-AWB limit, and scripted entries per AWB. Faults are injected through `server`.
 */
export class VelocitySimulator {
  /** Only the latest login's token is valid: Velocity revokes all earlier ones. */
  #token: { value: string; expiresAt: number } | null = null;
  readonly #entries = new Map<string, unknown>();
  #refusedLogins = 0;
  #logins = 0;
  #hold: { count: number; waiting: (() => void)[] } | null = null;

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<VelocitySimulatorOptions>,
  ) {}

  static async start(options: VelocitySimulatorOptions): Promise<VelocitySimulator> {
    const full: Required<VelocitySimulatorOptions> = {
      apiKeys: [],
      batchLimit: API_BATCH_LIMIT,
      tokenTtlMs: DAY_MS,
      lockoutAfter: 5,
      now: () => new Date(),
      ...options,
    };
    let sim: VelocitySimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new VelocitySimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  /** Successful logins so far (each one revoked the token before it). */
  get logins(): number {
    return this.#logins;
  }

  loginRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === LOGIN_PATH);
  }

  trackingRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TRACKING_PATH);
  }

  setShipment(awb: string, shipment: VelocityShipment): void {
    this.#entries.set(awb, foundEntry(awb, shipment));
  }

  /** Serve `entry` as-is under the AWB's key (for undocumented shapes); `removeEntry` leaves it out. */
  setEntry(awb: string, entry: unknown): void {
    this.#entries.set(awb, entry);
  }

  removeEntry(awb: string): void {
    this.#entries.delete(awb);
  }

  /** Invalidate the current token, as a login by someone else with the same account does. */
  revokeTokens(): void {
    this.#token = null;
  }

  /** Answer the next `count` tracking requests only once all of them have arrived (concurrency tests). */
  holdTracking(count: number): void {
    this.#hold = { count, waiting: [] };
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  async #handle(req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && req.path === LOGIN_PATH) return this.#login(req);
    if (req.method === 'POST' && req.path === TRACKING_PATH) {
      const answer = this.#track(req); // decided on arrival, with the token the request carried
      await this.#waitForHeld();
      return answer;
    }
    return { status: 404, json: { error: `no route ${req.method} ${req.path}` } };
  }

  #login(req: SimRequest): SimResponse {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (this.#refusedLogins >= this.options.lockoutAfter) return { status: 401, json: { error: 'Account temporarily locked', status: 401 } };
    if (body.username !== this.options.username || body.password !== this.options.password) {
      this.#refusedLogins += 1;
      return { status: 401, json: { error: 'Invalid credentials', status: 401 } };
    }
    this.#refusedLogins = 0;
    this.#logins += 1;
    const expiresAt = this.options.now().getTime() + this.options.tokenTtlMs;
    this.#token = { value: randomBytes(16).toString('base64url'), expiresAt };
    return { json: { token: this.#token.value, expires_at: IST.wallClock(new Date(expiresAt)).slice(0, 19) } };
  }

  #authorized(header: string | undefined): boolean {
    if (header === undefined) return false;
    if (this.options.apiKeys.includes(header)) return true;
    const token = this.#token;
    return token !== null && header === token.value && this.options.now().getTime() < token.expiresAt;
  }

  #track(req: SimRequest): SimResponse {
    if (!this.#authorized(req.headers.authorization)) return { status: 401, json: { error: 'Unauthorized' } };
    const awbs = (req.body as { awbs?: unknown } | undefined)?.awbs;
    if (!Array.isArray(awbs) || awbs.length === 0 || !awbs.every((a) => typeof a === 'string')) {
      return { status: 400, json: { error: 'awbs must be a non-empty array of strings' } };
    }
    if (awbs.length > this.options.batchLimit) {
      return { status: 400, json: { error: `A maximum of ${this.options.batchLimit} AWBs is allowed per request` } };
    }
    const result: Record<string, unknown> = {};
    for (const awb of awbs as string[]) {
      if (this.#entries.has(awb)) result[awb] = this.#entries.get(awb);
    }
    return { json: { result } };
  }

  async #waitForHeld(): Promise<void> {
    const hold = this.#hold;
    if (hold === null) return;
    await new Promise<void>((resolve) => {
      hold.waiting.push(resolve);
      if (hold.waiting.length >= hold.count) {
        this.#hold = null;
        for (const release of hold.waiting) release();
      }
    });
  }
}

function foundEntry(awb: string, s: VelocityShipment) {
  const currentStatus = s.currentStatus === undefined ? s.shipmentStatus : s.currentStatus;
  const activities = (s.activities ?? []).map((a) => ({ date: a.date, activity: a.activity, location: a.location ?? 'Bengaluru' }));
  return {
    tracking_data: {
      track_status: null,
      shipment_status: s.shipmentStatus,
      shipment_track: [
        {
          id: randomUUID(),
          awb_code: awb,
          courier_company_id: 'CARKX7WW6UNS8',
          shipment_id: `SHI${awb.slice(-9).toUpperCase()}`,
          order_id: `ORD${awb.slice(-9).toUpperCase()}`,
          pickup_date: s.pickupDate ?? null,
          delivered_date: s.deliveredDate ?? null,
          weight: 0.3,
          packages: 1,
          current_status: currentStatus,
          delivered_to: s.deliveredDate ? 'Bengaluru' : null,
          destination: 'Bengaluru',
          consignee_name: 'Arun Nayak',
          origin: 'Bangalore',
          courier_agent_details: null,
        },
      ],
      shipment_track_activities: activities,
      track_url: `https://shipfastt.in/track/${awb}`,
    },
  };
}
