import { randomBytes } from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { statusForCode } from './codes.js';

const PREFIX = '/v1/external';
export const NOT_FOUND_ERROR = 'Aahh! There is no activities found in our DB. Please have some patience it will be updated soon.';

/** One entry of `shipment_track_activities`, as Shiprocket sends it (times in IST, no zone). */
export interface SimActivity {
  date: string;
  status?: string;
  activity?: string;
  location?: string;
  'sr-status'?: string;
  'sr-status-label'?: string;
}

/** What the simulator answers for one AWB. Activities are newest first, as Shiprocket orders them. */
export interface SimShipment {
  currentStatus?: string | null;
  shipmentStatus?: number | null;
  activities?: SimActivity[];
  etd?: string | null;
  /** 0 serves Shiprocket's "no activities found" entry for this AWB. */
  trackStatus?: 0 | 1;
}

export interface ShiprocketSimulatorOptions {
  email: string;
  password: string;
  batchLimit?: number;
  /** How an AWB Shiprocket does not know is answered: left out of the map, or present with track_status 0. */
  unknownAwbs?: 'omit' | 'track_status_0';
}

/** An activity for numeric code `code` at `date` ("YYYY-MM-DD HH:mm:ss", IST), labelled as Shiprocket labels it. */
export function scan(code: number, date: string, extra: Partial<SimActivity> = {}): SimActivity {
  const label = statusForCode(code).toUpperCase();
  return { date, status: `C${code}`, activity: label, location: 'Bengaluru Hub', 'sr-status': String(code), 'sr-status-label': label, ...extra };
}

/**
 * Shiprocket's tracking API served locally: POST /v1/external/auth/login (email + password of an API user →
 * JWT-like token), POST /v1/external/courier/track/awbs (≤ 50 AWBs, answer keyed by AWB), 401 for unknown or
 * revoked tokens, Shiprocket's 500 for a body without an `awbs` array. Faults are injected through `server`.
 */
export class ShiprocketSimulator {
  readonly #tokens = new Set<string>();
  readonly #shipments = new Map<string, SimShipment>();
  #logins = 0;

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<ShiprocketSimulatorOptions>,
  ) {}

  static async start(options: ShiprocketSimulatorOptions): Promise<ShiprocketSimulator> {
    const full: Required<ShiprocketSimulatorOptions> = { batchLimit: 50, unknownAwbs: 'omit', ...options };
    let sim: ShiprocketSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new ShiprocketSimulator(server, full);
    return sim;
  }

  /** The base URL to configure (WAYBILL_COURIER_SHIPROCKET_BASE_URL), like https://apiv2.shiprocket.in/v1/external. */
  get url(): string {
    return `${this.server.url}${PREFIX}`;
  }

  /** Successful logins so far. */
  get logins(): number {
    return this.#logins;
  }

  /** Recorded tracking requests (including refused ones). */
  get trackRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === `${PREFIX}/courier/track/awbs`);
  }

  setShipment(awb: string, shipment: SimShipment): void {
    this.#shipments.set(awb, shipment);
  }

  /** Invalidate every issued token: the next tracking call answers 401. */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  #handle(req: SimRequest): SimResponse {
    if (req.method === 'POST' && req.path === `${PREFIX}/auth/login`) return this.#login(req);
    if (req.method === 'POST' && req.path === `${PREFIX}/courier/track/awbs`) return this.#track(req);
    return { status: 404, json: { message: '404 Not Found', status_code: 404 } };
  }

  #login(req: SimRequest): SimResponse {
    const body = (req.body ?? {}) as { email?: unknown; password?: unknown };
    if (body.email !== this.options.email || body.password !== this.options.password) {
      return { status: 401, json: { message: 'Invalid email and password combination', status_code: 401 } };
    }
    this.#logins += 1;
    const token = `eyJ${randomBytes(24).toString('base64url')}`;
    this.#tokens.add(token);
    return { json: { id: 1, first_name: 'API', last_name: 'User', email: body.email, company_id: 1, created_at: '2024-01-01 10:00:00', token } };
  }

  #track(req: SimRequest): SimResponse {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.#tokens.has(token)) return { status: 401, json: { message: 'Token has expired', status_code: 401 } };
    const awbs = (req.body as { awbs?: unknown } | undefined)?.awbs;
    if (!Array.isArray(awbs) || !awbs.every((a) => typeof a === 'string')) {
      return { status: 500, json: { message: 'Invalid argument supplied for foreach()', status_code: 500 } };
    }
    if (awbs.length > this.options.batchLimit) {
      return {
        status: 422,
        json: { message: `The awbs may not have more than ${this.options.batchLimit} items.`, errors: { awbs: ['too many'] }, status_code: 422 },
      };
    }
    const answer: Record<string, unknown> = {};
    for (const awb of awbs as string[]) {
      const shipment = this.#shipments.get(awb);
      if (shipment && shipment.trackStatus !== 0) answer[awb] = { tracking_data: trackingData(awb, shipment) };
      else if (shipment || this.options.unknownAwbs === 'track_status_0') answer[awb] = { tracking_data: { track_status: 0, error: NOT_FOUND_ERROR } };
    }
    return { json: answer };
  }
}

function trackingData(awb: string, s: SimShipment): Record<string, unknown> {
  return {
    track_status: 1,
    shipment_status: s.shipmentStatus ?? null,
    shipment_track: [
      {
        id: 1,
        awb_code: awb,
        courier_company_id: 51,
        shipment_id: 1,
        order_id: 1,
        pickup_date: null,
        delivered_date: null,
        weight: '0.50',
        packages: 1,
        current_status: s.currentStatus ?? null,
        delivered_to: 'Mumbai',
        destination: 'Mumbai',
        consignee_name: '',
        origin: 'Bengaluru',
        courier_agent_details: null,
        courier_name: 'Xpressbees Surface',
        edd: null,
      },
    ],
    shipment_track_activities: s.activities ?? [],
    track_url: `https://shiprocket.co//tracking/${awb}`,
    etd: s.etd ?? null,
  };
}
