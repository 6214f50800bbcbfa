import { AuthExpired } from '../errors.js';
import type { AuthProvider } from './auth.js';
import type { CallObserver, CourierResponse, CourierTransport, SendOptions } from './transport.js';

/** Raised to the engine with the token generation that failed, so refreshes are single-flight. */
export class AuthRejected extends AuthExpired {
  constructor(
    readonly generation: number,
    cause: AuthExpired,
  ) {
    super(cause.message, cause.courier);
  }
}

/**
 * Resolves when the courier's quota lets one more API request go out (token requests are not counted),
 * with the function to call once its answer or failure is in.
 */
export type QuotaGate = () => Promise<() => void>;

/** What an adapter sees: an authenticated JSON client bound to its courier's base URL. */
export class CourierHttp {
  constructor(
    private readonly transport: CourierTransport,
    readonly auth: AuthProvider,
    private readonly quota: QuotaGate,
    private readonly observe?: CallObserver,
  ) {}

  /** The same client, reporting each call to `observe` (the engine counts requests per run this way). */
  observed(observe: CallObserver): CourierHttp {
    return new CourierHttp(this.transport, this.auth, this.quota, observe);
  }

  async request<T = unknown>(opts: SendOptions): Promise<CourierResponse<T>> {
    const { headers, query, generation } = await this.auth.headers(this.observe);
    const answered = await this.quota();
    try {
      return await this.transport.send<T>({ ...opts, headers: { ...opts.headers, ...headers }, ...(query ? { query: { ...opts.query, ...query } } : {}) }, this.observe);
    } catch (error) {
      if (error instanceof AuthExpired) throw new AuthRejected(generation, error);
      throw error;
    } finally {
      answered();
    }
  }

  async get<T = unknown>(path: string, query?: Record<string, string>, extra?: Partial<SendOptions>): Promise<CourierResponse<T>> {
    return this.request<T>({ ...extra, method: 'GET', path, query });
  }

  async post<T = unknown>(path: string, json: unknown, extra?: Partial<SendOptions>): Promise<CourierResponse<T>> {
    return this.request<T>({ ...extra, method: 'POST', path, json });
  }

  /** `text` without any credential or token of this courier: for courier words that are about to be stored. */
  redact(text: string): string {
    return this.transport.redact(text);
  }

  /** Ask the auth provider for a fresh token after `error`; false when none can be had now. */
  async refreshAfter(error: AuthRejected): Promise<boolean> {
    return this.auth.refresh(error.generation, this.observe);
  }
}
