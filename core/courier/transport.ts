import { Pool } from 'undici';
import type { Clock } from '../clock.js';
import { AuthExpired, BadResponse, Forbidden, Permanent, RateLimited, Transient } from '../errors.js';
import { excerpt, redactSecrets } from './redact.js';
import { resumeTimeFromHeaders, retryAfterHeader } from './retry-after.js';

export interface HttpCall {
  courier: string;
  method: string;
  /** Path without the query string: queries may carry tracking numbers or keys. */
  path: string;
  status: number | null;
  durationMs: number;
  error?: string | undefined;
}

export type CallObserver = (call: HttpCall) => void;

export interface SendOptions {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string> | undefined;
  json?: unknown;
  form?: Record<string, string> | undefined;
  headers?: Record<string, string> | undefined;
  /** Statuses the caller wants to read itself instead of having them turned into errors (e.g. 404). */
  passStatuses?: readonly number[] | undefined;
  /** `text`: the body as the courier sent it (XML), for the adapter to parse; default JSON. */
  responseType?: 'json' | 'text' | undefined;
}

export interface CourierResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface TransportOptions {
  courier: string;
  baseUrl: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  rateLimitDefaultMs: number;
  clock: Clock;
  /** Values never to appear in an error message. */
  secrets: readonly string[];
  connections?: number;
}

const ISSUED_TOKENS_KEPT = 4;

/** One undici pool per courier: timeouts, JSON bodies and HTTP statuses turned into typed errors. */
export class CourierTransport {
  readonly #pool: Pool;
  readonly #base: URL;
  /** Tokens the courier issued lately: as secret as the credentials, and a courier may echo them back. */
  readonly #issuedTokens: string[] = [];
  /** Values as secret as the credentials they are made of (an encoded client id and secret), kept for good. */
  readonly #derivedSecrets: string[] = [];

  constructor(readonly options: TransportOptions) {
    this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.#pool = new Pool(this.#base.origin, {
      connections: options.connections ?? 16,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
    });
  }

  /** Keep `token` out of every error message from now on (the last few tokens are remembered). */
  rememberDerivedSecret(value: string): void {
    if (!this.#derivedSecrets.includes(value)) this.#derivedSecrets.push(value);
  }

  rememberIssuedToken(token: string): void {
    this.#issuedTokens.unshift(token);
    this.#issuedTokens.length = Math.min(this.#issuedTokens.length, ISSUED_TOKENS_KEPT);
  }

  get origin(): string {
    return this.#base.origin;
  }

  async send<T = unknown>(opts: SendOptions, observe?: CallObserver): Promise<CourierResponse<T>> {
    const { courier } = this.options;
    const method = opts.method ?? 'GET';
    const url = new URL(opts.path.replace(/^\//, ''), this.#base);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: opts.responseType === 'text' ? '*/*' : 'application/json', ...opts.headers };
    let body: string | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    } else if (opts.form !== undefined) {
      body = new URLSearchParams(opts.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const started = performance.now();
    const record = (status: number | null, error?: string) =>
      observe?.({ courier, method, path: url.pathname, status, durationMs: Math.round(performance.now() - started), error });

    let status: number;
    let responseHeaders: CourierResponse['headers'];
    let text: string;
    try {
      const res = await this.#pool.request({
        method,
        path: url.pathname + url.search,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      status = res.statusCode;
      responseHeaders = res.headers;
      try {
        text = await res.body.text();
      } catch (error) {
        record(status, 'truncated body');
        throw new BadResponse('truncated', `${courier}: ${method} ${url.pathname} body was cut off (${describe(error)})`, courier);
      }
    } catch (error) {
      if (error instanceof BadResponse) throw error;
      const reason = describe(error);
      record(null, reason);
      throw new Transient(`${courier}: ${method} ${url.pathname} failed: ${reason}`, courier);
    }
    record(status);
    this.#raiseForStatus(status, responseHeaders, text, method, url.pathname, opts.passStatuses);
    // A status the caller reads itself may come with any body (a gateway's HTML, nothing): it gets the text.
    const passed = status >= 300 || status < 200;
    const type = opts.responseType ?? (passed ? 'lenient' : 'json');
    return { status, headers: responseHeaders, body: this.#parse(text, status, method, url.pathname, type) as T };
  }

  #raiseForStatus(
    status: number,
    headers: CourierResponse['headers'],
    text: string,
    method: string,
    path: string,
    pass: readonly number[] | undefined,
  ): void {
    if ((status >= 200 && status < 300) || pass?.includes(status)) return;
    const { courier } = this.options;
    const where = `${courier}: ${method} ${path} answered ${status}`;
    if (status === 429) {
      const resumeAt = resumeTimeFromHeaders(headers, this.options.clock.now(), this.options.rateLimitDefaultMs);
      throw new RateLimited(resumeAt, `${where}; resume at ${resumeAt.toISOString()}`, courier, excerpt(this.redact(text), 500));
    }
    // Service unavailable with a time to come back (RFC 9110 §10.2.3): the courier asks for a pause, as with a 429.
    const comeBack = status === 503 ? retryAfterHeader(headers, this.options.clock.now()) : null;
    if (comeBack) throw new RateLimited(comeBack, `${where} (service unavailable); resume at ${comeBack.toISOString()}`, courier);
    if (status === 401) throw new AuthExpired(where, courier);
    if (status === 403) throw new Forbidden(where, courier);
    if (status === 408 || status === 425 || status >= 500) throw new Transient(where, courier);
    throw new Permanent(`${where}: ${this.#safeExcerpt(text)}`, courier);
  }

  #parse(text: string, status: number, method: string, path: string, type: 'json' | 'text' | 'lenient'): unknown {
    const { courier } = this.options;
    if (type === 'lenient') return lenientJson(text);
    if (text.trim() === '') {
      if (status === 204) return null;
      throw new BadResponse('truncated', `${courier}: ${method} ${path} answered ${status} with an empty body`, courier);
    }
    if (type === 'text') return text;
    try {
      return JSON.parse(text);
    } catch (error) {
      const truncated = error instanceof SyntaxError && /end of (JSON )?input|Unterminated/i.test(error.message);
      const problem = truncated ? 'truncated' : 'malformed';
      throw new BadResponse(
        problem,
        `${courier}: ${method} ${path} answered ${status} with a ${truncated ? 'truncated' : 'non-JSON'} body: ${this.#safeExcerpt(text)}`,
        courier,
      );
    }
  }

  /** `text` without any credential or recently issued token in it. */
  redact(text: string): string {
    return redactSecrets(text, [...this.options.secrets, ...this.#derivedSecrets, ...this.#issuedTokens]);
  }

  #safeExcerpt(text: string): string {
    return excerpt(this.redact(text), 120);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const code = (error as { code?: string }).code;
    return code ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}

/** JSON when the text is JSON, else the text itself (empty: null). */
function lenientJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
