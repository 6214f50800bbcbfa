import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { TOKEN_PATH, TRACKING_PREFIX } from './declaration.js';
import { detailAnswer, summaryAnswer, type ServedScan } from './sim-answer.js';
import { NOT_FOUND_MESSAGE, apiError, bearerChallenge } from './sim-bodies.js';
import { STORIES, type Scan, type StoryName } from './sim-stories.js';
import { TokenIssuer, type TokenCheck } from './sim-tokens.js';

export interface UspsSimulatorOptions {
  clientId: string;
  clientSecret: string;
  /** The simulator's clock (token lifetimes, quota windows, scan times); share the app's in tests. */
  now?: () => Date;
  /** Default 28,799 s, as a live answer shows. */
  tokenLifetimeSeconds?: number;
  /** `expires_in` / `issued_at` as strings, as USPS's README examples show them (default: numbers, as live). */
  numbersAsStrings?: boolean;
  scopes?: readonly string[];
  /** Tracking requests an hour before 429 (USPS's default for the v3 APIs is 60); none when unset. */
  hourlyQuota?: number;
  /** False: the app is not (yet) authorized for the Tracking API, and USPS answers 403. */
  trackingAccess?: boolean;
}

const USPS_SCOPES = ['addresses', 'tracking', 'prices', 'labels', 'service-delivery-standards', 'locations'];
const HOUR_MS = 3_600_000;
const VALID_NUMBER = /^[A-Za-z0-9]{10,40}$/;

interface Piece {
  story: readonly Scan[];
  served: ServedScan[];
}

/**
 * USPS's Tracking API v3 served locally: the OAuth 2.0 token endpoint (client credentials as a form or JSON;
 * tokens that live `expires_in` seconds by the simulator's clock), GET tracking with bearer auth (401 with
 * USPS's body when the token is missing, unknown, expired or lacks the scope), 400 for a malformed number, 404
 * with USPS's body for an unknown one, 403 for an app without Tracking access, an hourly quota answered 429
 * with `Retry-After`, and scripted pieces
 * that walk a story one scan per `advance`. Other faults through `server.injectFault`.
 */
export class UspsSimulator {
  readonly tokens: TokenIssuer;
  readonly #pieces = new Map<string, Piece>();
  #window: { start: number; count: number } | null = null;
  #hold: { count: number; waiting: (() => void)[]; onRelease: () => void } | null = null;

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<Omit<UspsSimulatorOptions, 'hourlyQuota'>> & { hourlyQuota: number | undefined },
  ) {
    this.tokens = new TokenIssuer({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      lifetimeSeconds: options.tokenLifetimeSeconds,
      numbersAsStrings: options.numbersAsStrings,
      scopes: options.scopes,
      now: options.now,
    });
  }

  static async start(options: UspsSimulatorOptions): Promise<UspsSimulator> {
    const full = { now: () => new Date(), tokenLifetimeSeconds: 28_799, numbersAsStrings: false, scopes: USPS_SCOPES, hourlyQuota: undefined, trackingAccess: true, ...options };
    let sim: UspsSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new UspsSimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** A piece USPS knows, at the first `steps` scans of its story (a minute apart, the last one now). */
  ship(trackingNumber: string, story: StoryName, steps = 1): void {
    const now = this.options.now().getTime();
    const scans = STORIES[story].slice(0, Math.max(1, steps));
    this.#pieces.set(trackingNumber, { story: STORIES[story], served: scans.map((scan, i) => ({ scan, at: new Date(now - (scans.length - 1 - i) * 60_000) })) });
  }

  /** The piece's next scan, now (the last one repeats nothing). Returns its `status` text. */
  advance(trackingNumber: string): string {
    const piece = this.#piece(trackingNumber);
    const next = piece.story[piece.served.length];
    if (next) piece.served.push({ scan: next, at: this.options.now() });
    return this.status(trackingNumber);
  }

  /** The piece's current `status` text. */
  status(trackingNumber: string): string {
    const newest = this.#piece(trackingNumber).served.at(-1)!.scan;
    return newest.status ?? newest.eventType;
  }

  /** Every issued token reaches the end of its lifetime now: calls with one get USPS's 401. */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  /**
   * Hold the next `count` tracking requests until all of them have arrived (requests in flight at once), then
   * run `onRelease` (e.g. `expireTokens`) and answer them.
   */
  holdTracking(count: number, onRelease: () => void = () => {}): void {
    this.#hold = { count, waiting: [], onRelease };
  }

  tokenRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TOKEN_PATH);
  }

  trackingRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path.startsWith(TRACKING_PREFIX));
  }

  #piece(trackingNumber: string): Piece {
    const piece = this.#pieces.get(trackingNumber);
    if (!piece) throw new Error(`the simulator has no piece ${trackingNumber}`);
    return piece;
  }

  async #handle(req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && req.path === TOKEN_PATH) return this.tokens.answer(req);
    if (req.method === 'GET' && req.path.startsWith(TRACKING_PREFIX)) {
      await this.#held();
      return this.#track(decodeURIComponent(req.path.slice(TRACKING_PREFIX.length)), req);
    }
    // The API gateway's own answer for a path it has no proxy for (not USPS's error body).
    return { status: 404, json: { fault: { faultstring: `Unable to identify proxy for host: apis and url: ${req.path}`, detail: { errorcode: 'messaging.adaptors.http.flow.ApplicationNotFound' } } } };
  }

  async #held(): Promise<void> {
    const hold = this.#hold;
    if (!hold) return;
    await new Promise<void>((resolve) => {
      hold.waiting.push(resolve);
      if (hold.waiting.length < hold.count) return;
      this.#hold = null;
      hold.onRelease();
      for (const release of hold.waiting) release();
    });
  }

  #track(trackingNumber: string, req: SimRequest): SimResponse {
    const auth = this.tokens.check(req.headers.authorization, 'tracking');
    if (auth !== 'valid') return unauthorized(auth);
    if (!this.options.trackingAccess) return { status: 403, json: apiError(403, 'Forbidden', { title: 'Forbidden', detail: 'The application is not authorized to access the Tracking API.' }) };
    const limited = this.#overQuota();
    if (limited) return limited;
    if (!VALID_NUMBER.test(trackingNumber)) {
      return { status: 400, json: apiError(400, 'Invalid tracking number.', { title: 'Bad Request', detail: `The tracking number "${trackingNumber}" is not a valid USPS tracking number.`, parameter: 'trackingNumber' }) };
    }
    const piece = this.#pieces.get(trackingNumber);
    if (!piece) return { status: 404, json: apiError(404, NOT_FOUND_MESSAGE, { title: 'Not Found', detail: NOT_FOUND_MESSAGE }) };
    return { json: req.query.expand?.toUpperCase() === 'DETAIL' ? detailAnswer(trackingNumber, piece.served) : summaryAnswer(trackingNumber, piece.served) };
  }

  /** The hourly quota, counted from the first request of each window. */
  #overQuota(): SimResponse | null {
    const quota = this.options.hourlyQuota;
    if (quota === undefined) return null;
    const now = this.options.now().getTime();
    if (this.#window === null || now >= this.#window.start + HOUR_MS) this.#window = { start: now, count: 0 };
    if (this.#window.count < quota) {
      this.#window.count += 1;
      return null;
    }
    const seconds = Math.ceil((this.#window.start + HOUR_MS - now) / 1000);
    return {
      status: 429,
      headers: { 'Retry-After': String(seconds) },
      json: apiError(429, 'Too Many Requests. Too many requests have been received from client in a short amount of time.', { title: 'Too Many Requests', detail: `The quota of ${quota} requests an hour is used up.` }),
    };
  }
}

const UNAUTHORIZED: Record<Exclude<TokenCheck, 'valid'>, string> = {
  missing: 'An access token is required.',
  unknown: 'The access token is invalid.',
  expired: 'The access token has expired.',
  // What USPS answered a token without the tracking scope (USPS/api-examples#56).
  out_of_scope: 'The client application identifier is invalid.',
};

function unauthorized(check: Exclude<TokenCheck, 'valid'>): SimResponse {
  const tokenError = check === 'missing' ? undefined : 'invalid_token';
  return { status: 401, headers: { 'WWW-Authenticate': bearerChallenge(tokenError) }, json: apiError(401, UNAUTHORIZED[check], { title: 'Unauthorized', detail: UNAUTHORIZED[check] }) };
}
