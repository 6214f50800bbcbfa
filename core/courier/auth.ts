import type { Clock } from '../clock.js';
import { AuthExpired, BadResponse, LoginRefused, Permanent } from '../errors.js';
import type { AuthSpec, LoginAuthSpec, OAuth2AuthSpec } from './definition.js';
import { jwtFetcher } from './jwt-auth.js';
import type { CallObserver, CourierTransport } from './transport.js';

export interface AuthProvider {
  /** Headers (and query parameters) to send; fetches a token first when there is none or it has expired. */
  headers(observe?: CallObserver): Promise<{ headers: Record<string, string>; query?: Record<string, string>; generation: number }>;
  /**
   * Called after a 401 from a request made with token `generation`. Single-flight: concurrent callers
   * share one refresh. Returns false when no new token can be had (static key, or the last refresh was
   * less than the minimum interval ago), so the caller gives up instead of hammering the login.
   */
  refresh(generation: number, observe?: CallObserver): Promise<boolean>;
}

class NoAuth implements AuthProvider {
  async headers() {
    return { headers: {}, generation: 0 };
  }
  async refresh() {
    return false;
  }
}

class StaticHeaderAuth implements AuthProvider {
  constructor(readonly header: Record<string, string>) {}
  async headers() {
    return { headers: this.header, generation: 0 };
  }
  async refresh() {
    return false;
  }
}

class QueryAuth implements AuthProvider {
  constructor(readonly query: Record<string, string>) {}
  async headers() {
    return { headers: {}, query: this.query, generation: 0 };
  }
  async refresh() {
    return false;
  }
}

interface Token {
  value: string;
  expiresAt: number | null;
}

type TokenFetcher = (observe?: CallObserver) => Promise<Token>;

/** A token obtained from the courier, refreshed on 401 at most once per minimum interval. */
class TokenAuth implements AuthProvider {
  #token: Token | null = null;
  #generation = 0;
  #inflight: Promise<void> | null = null;
  /** Last refresh forced by a 401 (the first token of the process is not a refresh). */
  #lastRefreshAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly fetchToken: TokenFetcher,
    private readonly header: string,
    private readonly scheme: string | undefined,
    private readonly minIntervalMs: number,
    private readonly clock: Clock,
  ) {}

  async headers(observe?: CallObserver) {
    const now = this.clock.now().getTime();
    if (this.#token === null || (this.#token.expiresAt !== null && this.#token.expiresAt <= now)) {
      await this.#obtain(observe);
    }
    const value = this.#token!.value;
    return { headers: { [this.header]: this.scheme ? `${this.scheme} ${value}` : value }, generation: this.#generation };
  }

  async refresh(generation: number, observe?: CallObserver): Promise<boolean> {
    if (generation !== this.#generation) return true; // someone already replaced the token that failed
    if (this.#inflight) {
      await this.#inflight;
      return true;
    }
    if (this.clock.now().getTime() - this.#lastRefreshAt < this.minIntervalMs) return false;
    this.#lastRefreshAt = this.clock.now().getTime();
    await this.#obtain(observe);
    return true;
  }

  #obtain(observe?: CallObserver): Promise<void> {
    if (this.#inflight === null) {
      this.#inflight = this.fetchToken(observe)
        .then((token) => {
          this.#token = token;
          this.#generation += 1;
        })
        .finally(() => {
          this.#inflight = null;
        });
    }
    return this.#inflight;
  }
}

function readPath(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The courier's API, and where its tokens come from (the same transport unless the courier has an auth host). */
export interface Transports {
  api: CourierTransport;
  token: CourierTransport;
}

/** An issued token is kept out of every error of both transports: the API may echo it as much as the token host. */
function remember({ api, token }: Transports, issued: string): void {
  api.rememberIssuedToken(issued);
  if (token !== api) token.rememberIssuedToken(issued);
}

function loginFetcher(spec: LoginAuthSpec, credentials: Record<string, string>, transports: Transports, clock: Clock): TokenFetcher {
  const transport = transports.token;
  const courier = transport.options.courier;
  return async (observe) => {
    const body = Object.fromEntries(Object.entries(spec.body).map(([field, name]) => [field, credentials[name] ?? '']));
    const res = await transport.send({ method: 'POST', path: spec.path, json: body }, observe).catch(refused(courier, 'login was refused (check the credentials)'));
    const token = readPath(res.body, spec.tokenField);
    if (typeof token !== 'string' || token === '') {
      throw new BadResponse('unexpected_shape', `${courier}: login response has no token at "${spec.tokenField}"`, courier);
    }
    remember(transports, token);
    return { value: token, expiresAt: spec.ttlMs ? clock.now().getTime() + beforeExpiry(spec.ttlMs) : null };
  };
}

/**
 * A login that answers 401 or another 4xx refused the credentials: that is an authentication failure of the
 * courier, never a fault of the shipments whose batch happened to trigger the login.
 */
function refused(courier: string, what: string) {
  return (error: unknown): never => {
    if (error instanceof AuthExpired || error instanceof Permanent) throw new LoginRefused(`${courier}: ${what}: ${error.message}`, courier);
    throw error;
  };
}

/** Refresh a minute before the documented expiry (at most halfway) so a run does not meet an expired token. */
const EXPIRY_MARGIN_MS = 60_000;
const beforeExpiry = (lifetimeMs: number) => Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2);

/** `expires_in` in seconds, as a number or a numeric string (USPS has sent both). */
function lifetimeMs(expiresIn: unknown): number | null {
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn.trim()) ? Number(expiresIn) : expiresIn;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

function oauth2Fetcher(spec: OAuth2AuthSpec, credentials: Record<string, string>, transports: Transports, clock: Clock): TokenFetcher {
  const transport = transports.token;
  const courier = transport.options.courier;
  const [clientId, clientSecret] = [credentials[spec.clientIdCredential] ?? '', credentials[spec.clientSecretCredential] ?? ''];
  // The refresh token the operator gave, then whichever one the token endpoint rotated it to.
  let refreshToken = spec.refreshTokenCredential ? credentials[spec.refreshTokenCredential] || undefined : undefined;
  const basic = spec.clientAuth === 'basic' ? Buffer.from(`${clientId}:${clientSecret}`).toString('base64') : undefined;
  // The encoded pair is as secret as the secret: a courier echoing the header must not put it in an error.
  if (basic) for (const transport of new Set([transports.api, transports.token])) transport.rememberDerivedSecret(basic);
  const request = (grant: Record<string, string>, observe?: CallObserver) => {
    const form: Record<string, string> = { ...grant, ...(basic ? {} : { client_id: clientId, client_secret: clientSecret }), ...(spec.scope ? { scope: spec.scope } : {}) };
    const headers = basic ? { authorization: `Basic ${basic}` } : undefined;
    return transport.send({ method: 'POST', path: spec.tokenPath, form, ...(headers ? { headers } : {}) }, observe);
  };
  return async (observe) => {
    let res;
    if (refreshToken) {
      res = await request({ grant_type: 'refresh_token', refresh_token: refreshToken }, observe).catch((error: unknown) => {
        // A refused refresh token (expired, revoked) is not the end: client credentials may still be accepted.
        if (!(error instanceof AuthExpired || error instanceof Permanent)) throw error;
        refreshToken = undefined;
        return null;
      });
    }
    res ??= await request({ grant_type: 'client_credentials' }, observe).catch(refused(courier, 'token endpoint refused the client credentials'));
    const body = res.body as { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new BadResponse('unexpected_shape', `${courier}: token response has no access_token`, courier);
    }
    remember(transports, body.access_token);
    if (typeof body.refresh_token === 'string' && body.refresh_token !== '' && spec.refreshTokenCredential) {
      refreshToken = body.refresh_token;
      remember(transports, body.refresh_token);
    }
    const expiresIn = lifetimeMs(body.expires_in);
    return { value: body.access_token, expiresAt: expiresIn === null ? null : clock.now().getTime() + beforeExpiry(expiresIn) };
  };
}

export function createAuthProvider(spec: AuthSpec, credentials: Record<string, string>, transports: Transports, clock: Clock): AuthProvider {
  switch (spec.kind) {
    case 'none':
      return new NoAuth();
    case 'header': {
      const key = credentials[spec.credential] ?? '';
      return new StaticHeaderAuth({ [spec.header]: spec.scheme ? `${spec.scheme} ${key}` : key });
    }
    case 'query':
      return new QueryAuth(Object.fromEntries(Object.entries(spec.params).map(([param, credential]) => [param, credentials[credential] ?? ''])));
    case 'login':
      return new TokenAuth(loginFetcher(spec, credentials, transports, clock), spec.header, spec.scheme, spec.minRefreshIntervalMs, clock);
    case 'oauth2':
      return new TokenAuth(oauth2Fetcher(spec, credentials, transports, clock), 'Authorization', 'Bearer', spec.minRefreshIntervalMs, clock);
    case 'jwt': {
      const sign = jwtFetcher(spec, credentials, clock);
      const fetcher: TokenFetcher = async () => {
        const token = await sign();
        // The courier may echo the Authorization header back in an error body: the token is kept out of errors.
        remember(transports, token.value);
        return token;
      };
      return new TokenAuth(fetcher, 'Authorization', 'Bearer', spec.minRefreshIntervalMs, clock);
    }
  }
}
