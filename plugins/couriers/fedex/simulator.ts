import { randomBytes, randomUUID } from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { BATCH_LIMIT, TOKEN_PATH, TRACK_PATH } from './declaration.js';
import { INVALID_ERROR, NOT_FOUND_ERROR, errorResultOf, trackResultOf, type FedExPackage } from './sim-track-result.js';

export interface FedExSimulatorOptions {
  clientId: string;
  clientSecret: string;
  /** [doc] "the token expires every 60 minutes": FedEx answers expires_in 3599. */
  tokenTtlSeconds?: number;
  batchLimit?: number;
  now?: () => Date;
}

/** FedEx's error envelope [doc: OpenAPI examples]. */
const errorBody = (code: string, message: string) => ({ transactionId: randomUUID(), errors: [{ code, message }] });

export const EXPIRED_TOKEN = errorBody('NOT.AUTHORIZED.ERROR', 'Access token expired. Please modify your request and try again.');
export const FORBIDDEN = errorBody('FORBIDDEN.ERROR', 'We could not authorize your credentials. Please check your permissions and try again.');
/** [doc] messages of the quotas guide; the error code of a 429 is NOT FOUND in FedEx's material (this one is a stand-in). */
export const DAILY_QUOTA = errorBody('TOO.MANY.REQUESTS', 'Daily transaction quota exceeded. Retry after 12:00AM GMT');
export const WINDOW_LIMIT = errorBody('TOO.MANY.REQUESTS', 'We have received too many requests in a short duration. Please wait a while to try again.');

type Entry = { kind: 'packages'; packages: FedExPackage[] } | { kind: 'error'; error: { code: string; message: string } } | { kind: 'raw'; trackResults: unknown[] };

/**
 * FedEx's Track API served locally: OAuth2 client credentials (form body) for bearer tokens that expire on
 * the simulator's clock, `POST /track/v1/trackingnumbers` with its request shape and 30-number limit, the
 * answer shape of recorded answers, per-number errors inside a 200, and FedEx's error bodies for 401, 403 and
 * 429 (the daily quota and the 10-second window). Other faults through `server.injectFault`.
 */
export class FedExSimulator {
  readonly #tokens = new Map<string, number>();
  readonly #entries = new Map<string, Entry>();
  #expireAfter: { count: number; thenHold: number } | null = null;
  #hold: { count: number; waiting: (() => void)[] } | null = null;
  #quotaUntil = Number.NEGATIVE_INFINITY;

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<FedExSimulatorOptions>,
  ) {}

  static async start(options: FedExSimulatorOptions): Promise<FedExSimulator> {
    const full: Required<FedExSimulatorOptions> = { tokenTtlSeconds: 3599, batchLimit: BATCH_LIMIT, now: () => new Date(), ...options };
    let sim: FedExSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new FedExSimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  tokenRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TOKEN_PATH);
  }

  trackingRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TRACK_PATH);
  }

  /** Serve a package under `trackingNumber`; several are duplicates of a reused number (oldest first, any order). */
  setPackage(trackingNumber: string, ...packages: FedExPackage[]): void {
    this.#entries.set(trackingNumber, { kind: 'packages', packages });
  }

  /** Serve these `trackResults` as they are (recorded or damaged shapes). */
  setTrackResults(trackingNumber: string, trackResults: unknown[]): void {
    this.#entries.set(trackingNumber, { kind: 'raw', trackResults });
  }

  /** Answer this number with FedEx's "invalid" per-number error; unknown numbers get "not found". */
  setInvalid(trackingNumber: string): void {
    this.#entries.set(trackingNumber, { kind: 'error', error: INVALID_ERROR });
  }

  /** Every token issued so far has expired at FedEx (its 60 minutes are over, or FedEx ended it early). */
  expireTokens(): void {
    for (const token of this.#tokens.keys()) this.#tokens.set(token, Number.NEGATIVE_INFINITY);
  }

  /**
   * The tokens issued so far expire once `count` more tracking requests have been answered (expiry in the
   * middle of a run); the `thenHold` requests after that are answered together (see holdTracking).
   */
  expireTokensAfter(count: number, thenHold = 0): void {
    this.#expireAfter = { count, thenHold };
  }

  /** Answer the next `count` tracking requests only once all of them have arrived (concurrency tests). */
  holdTracking(count: number): void {
    this.#hold = { count, waiting: [] };
  }

  /** The day's quota is used: every tracking request gets FedEx's daily-quota 429 until 00:00 GMT (no Retry-After is documented). */
  exhaustDailyQuota(): void {
    const now = this.options.now();
    this.#quotaUntil = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  }

  /** The next tracking request gets the 10-second window's 429, with these headers (none by default). */
  throttle(headers: Record<string, string> = {}): void {
    this.server.injectFault({ kind: 'status', status: 429, headers, body: JSON.stringify(WINDOW_LIMIT) }, { match: (r) => r.path === TRACK_PATH });
  }

  /** The next tracking request gets FedEx's 403 (a project without the Track API). */
  forbid(): void {
    this.server.injectFault({ kind: 'status', status: 403, body: JSON.stringify(FORBIDDEN) }, { match: (r) => r.path === TRACK_PATH });
  }

  async #handle(req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && req.path === TOKEN_PATH) return this.#token(req);
    if (req.method === 'POST' && req.path === TRACK_PATH) {
      const answer = this.#track(req); // decided on arrival, with the token the request carried
      await this.#waitForHeld();
      const expiry = this.#expireAfter;
      if (answer.status === undefined && expiry !== null && --expiry.count <= 0) {
        this.#expireAfter = null;
        this.expireTokens();
        if (expiry.thenHold > 0) this.holdTracking(expiry.thenHold);
      }
      return answer;
    }
    return { status: 404, json: errorBody('NOT.FOUND.ERROR', 'The resource you requested is no longer available. Please modify your request and try again.') };
  }

  #token(req: SimRequest): SimResponse {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') || form.grant_type !== 'client_credentials') {
      return { status: 400, json: errorBody('BAD.REQUEST.ERROR', 'The given grant_type is not supported. Please modify your request and try again.') };
    }
    if (form.client_id !== this.options.clientId || form.client_secret !== this.options.clientSecret) {
      return { status: 401, json: errorBody('NOT.AUTHORIZED.ERROR', 'The given client credentials were not valid. Please modify your request and try again.') };
    }
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(token, this.options.now().getTime() + this.options.tokenTtlSeconds * 1000);
    return { json: { access_token: token, token_type: 'bearer', expires_in: this.options.tokenTtlSeconds, scope: 'CXS-TP' } };
  }

  #authorized(header: string | undefined): boolean {
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : this.#tokens.get(token);
    return expiresAt !== undefined && this.options.now().getTime() < expiresAt;
  }

  #track(req: SimRequest): SimResponse {
    if (!this.#authorized(req.headers.authorization)) return { status: 401, json: EXPIRED_TOKEN };
    if (this.options.now().getTime() < this.#quotaUntil) return { status: 429, json: DAILY_QUOTA };
    const info = (req.body as { trackingInfo?: unknown } | undefined)?.trackingInfo;
    if (!Array.isArray(info) || info.length === 0) return { status: 400, json: errorBody('TRACKING.TRACKINGNUMBER.EMPTY', 'Please provide tracking number.') };
    if (info.length > this.options.batchLimit) {
      // The code FedEx uses for too many numbers is NOT FOUND; this stand-in follows its naming.
      return { status: 400, json: errorBody('TRACKING.TRACKINGINFO.LIMITEXCEEDED', `A maximum of ${this.options.batchLimit} tracking numbers is allowed per request.`) };
    }
    const numbers = info.map((i) => (i as { trackingNumberInfo?: { trackingNumber?: unknown } })?.trackingNumberInfo?.trackingNumber);
    return { json: { transactionId: randomUUID(), output: { completeTrackResults: numbers.map((n) => this.#complete(n)) } } };
  }

  #complete(number: unknown) {
    if (typeof number !== 'string' || number.trim() === '') {
      return { trackingNumber: '', trackResults: [errorResultOf('', { code: 'TRACKING.TRACKINGNUMBER.EMPTY', message: 'Please provide tracking number.' })] };
    }
    const entry = this.#entries.get(number);
    const trackResults =
      entry === undefined
        ? [errorResultOf(number, NOT_FOUND_ERROR)]
        : entry.kind === 'error'
          ? [errorResultOf(number, entry.error)]
          : entry.kind === 'raw'
            ? entry.trackResults
            : entry.packages.map((p) => trackResultOf(number, p));
    return { trackingNumber: number, trackResults };
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
