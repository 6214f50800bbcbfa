import { randomBytes } from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { IST } from '../../shared/ist.js';
import { TRACK_PATH } from './adapter.js';

export const LOGIN_PATH = '/ums/login';
const TOKEN_VALIDITY_MS = 24 * 3_600_000;

export interface B2bBox {
  wbn: string;
  status?: string;
  location?: string;
  /** IST wall-clock time, no zone, as Delhivery writes it. */
  scanTimestamp?: string;
  pickupDate?: string;
}

export interface B2bLrScript {
  status: string;
  boxes?: B2bBox[];
}

export interface B2bSimulatorOptions {
  username: string;
  password: string;
  /** How an unknown LR is answered (undocumented): HTTP 404, or 200 with `success: false`. */
  unknownLr?: 'http-404' | 'success-false';
  now?: () => Date;
}

/** Delhivery's LTL API, served locally: JWT login (valid 24 h), one LR per track call, scripted LRs. */
export class DelhiveryB2bSimulator {
  readonly #lrs = new Map<string, B2bLrScript>();
  readonly #tokens = new Map<string, number>();

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<B2bSimulatorOptions>,
  ) {}

  static async start(options: B2bSimulatorOptions): Promise<DelhiveryB2bSimulator> {
    const full: Required<B2bSimulatorOptions> = { unknownLr: 'http-404', now: () => new Date(), ...options };
    let sim: DelhiveryB2bSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new DelhiveryB2bSimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  get logins(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === LOGIN_PATH);
  }

  get trackRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TRACK_PATH);
  }

  setLr(lr: string, script: B2bLrScript): void {
    this.#lrs.set(lr, script);
  }

  /** Invalidate every issued JWT (like GET /ums/logout): the next track call answers 401. */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  #handle(req: SimRequest): SimResponse {
    if (req.method === 'POST' && req.path === LOGIN_PATH) return this.#login(req);
    if (req.method === 'GET' && req.path === TRACK_PATH) return this.#track(req);
    return { status: 404, json: { success: false, message: `no route ${req.method} ${req.path}` } };
  }

  #login(req: SimRequest): SimResponse {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (body.username !== this.options.username || body.password !== this.options.password) {
      return { status: 401, json: { success: false, message: 'Invalid username or password' } };
    }
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(12).toString('base64url')}.${randomBytes(12).toString('base64url')}`;
    this.#tokens.set(jwt, this.options.now().getTime());
    return { json: { success: true, data: { jwt } } };
  }

  #track(req: SimRequest): SimResponse {
    const jwt = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const issuedAt = jwt ? this.#tokens.get(jwt) : undefined;
    if (issuedAt === undefined || this.options.now().getTime() - issuedAt >= TOKEN_VALIDITY_MS) {
      return { status: 401, json: { success: false, message: 'Token is invalid or expired' } };
    }
    const lr = req.query.lrnum;
    if (!lr) return { status: 400, json: { success: false, message: 'lrnum or track_id is required' } };
    const script = this.#lrs.get(lr);
    if (!script) {
      const answer = { success: false, message: `No data found for LR ${lr}` };
      return this.options.unknownLr === 'http-404' ? { status: 404, json: answer } : { json: answer };
    }
    const at = IST.wallClock(this.options.now());
    const boxes = script.boxes ?? [{ wbn: `${lr}01` }];
    return {
      json: {
        success: true,
        data: {
          lrnum: lr,
          status: script.status,
          mcount: boxes.length,
          wbns: boxes.map((b) => ({
            wbn: b.wbn,
            status: b.status ?? script.status,
            location: b.location ?? 'Bhiwandi_Mankoli_HB (Maharashtra)',
            pickup_date: b.pickupDate ?? at.slice(0, 10),
            scan_timestamp: b.scanTimestamp ?? at,
          })),
        },
      },
    };
  }
}
