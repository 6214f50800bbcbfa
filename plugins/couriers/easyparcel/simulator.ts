import { randomUUID } from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { BATCH_LIMIT, TOKEN_PATH, TRACKING_PATH } from './declaration.js';
import { easyparcelDate, newShipment, notFoundEntry, successEntry, type SimScan, type SimShipment } from './sim-shipments.js';
import { SimTokens } from './sim-tokens.js';

export interface EasyParcelSimulatorOptions {
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  now?: () => Date;
}

/** EasyParcel's answer to too many requests: its envelope with 429 (the headers it sends are not documented). */
export function rateLimited(headers: Record<string, string> = {}): SimResponse {
  return { status: 429, headers, json: { status_code: 429, message: 'Too Many Requests', data: null } };
}

function validationError(errors: string[]): SimResponse {
  return { status: 400, json: { status_code: 400, message: 'Validation failed', data: { errors } } };
}

/** The awb_numbers of a request body, or what is wrong with them (wording of the messages invented). */
function awbNumbers(body: unknown): string[] | string {
  const list = typeof body === 'object' && body !== null ? (body as { awb_numbers?: unknown }).awb_numbers : undefined;
  if (!Array.isArray(list) || list.length === 0) return 'The awb numbers field is required';
  if (list.length > BATCH_LIMIT) return `The awb numbers may not have more than ${BATCH_LIMIT} items`;
  if (!list.every((n) => typeof n === 'string' || typeof n === 'number')) return 'The awb numbers must be strings';
  return list.map(String);
}

/**
 * EasyParcel's 2025-09 Open API served locally: the token endpoint (sim-tokens.ts) and tracking_status with
 * bearer auth, answering each AWB in order (`not_found` entries for unknown ones) in EasyParcel's envelope.
 * `rateLimitNext` answers 429; other faults come from `server.injectFault`.
 */
export class EasyParcelSimulator {
  readonly #shipments = new Map<string, SimShipment>();
  readonly #entries = new Map<string, Record<string, unknown>>();
  #hold: { count: number; waiting: (() => void)[]; reached: () => void } | null = null;
  #limited: SimResponse[] = [];

  private constructor(
    readonly server: SimServer,
    readonly tokens: SimTokens,
    private readonly now: () => Date,
  ) {}

  static async start(o: EasyParcelSimulatorOptions): Promise<EasyParcelSimulator> {
    const now = o.now ?? (() => new Date());
    const tokens = new SimTokens({
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      accessTokenTtlSeconds: o.accessTokenTtlSeconds ?? 36_000,
      refreshTokenTtlSeconds: o.refreshTokenTtlSeconds ?? 31_557_600,
      now,
    });
    let sim: EasyParcelSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new EasyParcelSimulator(server, tokens, now);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    this.release();
    return this.server.close();
  }

  /** A refresh token, as the operator gets one by authorizing the app (the authorization-code flow). */
  issueRefreshToken(token?: string): string {
    return this.tokens.issueRefreshToken(token);
  }

  /** Every issued access token stops working: the next tracking call answers 401. */
  revokeTokens(): void {
    this.tokens.revokeAccessTokens();
  }

  /** Add a scan to an AWB (known from then on), now unless `at` says otherwise; it becomes the current status. */
  scan(awb: string, code: number, text: string, o: { at?: Date; location?: string | null } = {}): void {
    const at = o.at ?? this.now();
    const scan: SimScan = { at: easyparcelDate(at), code, text, location: o.location ?? null };
    const known = this.#shipments.get(awb);
    if (known) known.scans.push(scan);
    else this.#shipments.set(awb, newShipment(at, [scan]));
  }

  /** Serve `entry` as this AWB's entry of `data.results`, exactly as given. */
  setEntry(awb: string, entry: Record<string, unknown>): void {
    this.#entries.set(awb, entry);
  }

  /**
   * Hold tracking requests until `count` of them wait, then resolve (they stay held until `release()`):
   * a test can change the world (the clock) while several requests are in flight with the same token.
   */
  holdTracking(count: number): Promise<void> {
    return new Promise((reached) => {
      this.#hold = { count, waiting: [], reached };
    });
  }

  /** The next tracking request (a held one too, once released) is answered 429 with these headers. */
  rateLimitNext(headers: Record<string, string> = {}): void {
    this.#limited.push(rateLimited(headers));
  }

  release(): void {
    const hold = this.#hold;
    this.#hold = null;
    for (const go of hold?.waiting ?? []) go();
  }

  trackingRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TRACKING_PATH);
  }

  tokenRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TOKEN_PATH);
  }

  async #handle(req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && req.path === TOKEN_PATH) return this.tokens.answer(req);
    if (req.method === 'POST' && req.path === TRACKING_PATH) {
      await this.#held();
      return this.#limited.shift() ?? this.#track(req);
    }
    return { status: 404, json: { status_code: 404, message: `Cannot ${req.method} ${req.path}`, data: null } };
  }

  #held(): Promise<void> {
    const hold = this.#hold;
    if (!hold) return Promise.resolve();
    return new Promise((go) => {
      hold.waiting.push(go);
      if (hold.waiting.length === hold.count) hold.reached();
    });
  }

  #track(req: SimRequest): SimResponse {
    const refused = this.tokens.refuse(req);
    if (refused) return refused;
    const numbers = awbNumbers(req.body);
    if (typeof numbers === 'string') return validationError([numbers]);
    const results = numbers.map((awb) => {
      const shipment = this.#shipments.get(awb);
      return this.#entries.get(awb) ?? (shipment ? successEntry(awb, shipment) : notFoundEntry(awb));
    });
    const ok = results.filter((r) => r.status === 'success').length;
    return {
      json: {
        status_code: 200,
        request_id: `${this.now().getTime()}.${randomUUID()}`,
        message: `${ok} requests success, ${results.length - ok} request error.`,
        data: { results },
      },
    };
  }
}
