import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from 'waybill/testing';

export interface SimTokenOptions {
  clientId: string;
  clientSecret: string;
  /** 36,000 s (10 h) [doc]. */
  accessTokenTtlSeconds: number;
  /** 31,557,600 s (a year) [doc]. */
  refreshTokenTtlSeconds: number;
  now: () => Date;
}

/**
 * An OAuth error as EasyParcel serializes it: the error object's enumerable fields (its message is not one)
 * under `error`, and the status again [doc: the 401 "Authentication Errors" body].
 */
export function oauthError(status: number, name: string, headers?: Record<string, string>): SimResponse {
  return { status, ...(headers ? { headers } : {}), json: { error: { statusCode: status, status, code: status, name }, status_code: status } };
}

const newToken = () => randomBytes(30).toString('hex');

/**
 * EasyParcel's token endpoint: client id and secret in HTTP Basic auth, a form body, the client_credentials
 * and refresh_token grants. A refresh token works once: the answer carries its successor, and a used,
 * unknown or expired one is refused with `invalid_grant` (400).
 */
export class SimTokens {
  readonly #access = new Map<string, number>();
  readonly #refresh = new Map<string, { expiresAt: number; used: boolean }>();

  constructor(private readonly o: SimTokenOptions) {}

  /** A refresh token as the authorization-code flow hands one to the operator (`token` to choose its value). */
  issueRefreshToken(token = newToken()): string {
    this.#refresh.set(token, { expiresAt: this.#now() + this.o.refreshTokenTtlSeconds * 1000, used: false });
    return token;
  }

  /** Every access token stops working now (their 401 is what an expired token gets). */
  revokeAccessTokens(): void {
    this.#access.clear();
  }

  /** Whether a request's `Authorization: Bearer …` is a live access token; the 401 to answer when not. */
  refuse(req: SimRequest): SimResponse | null {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) return oauthError(401, 'missing_token');
    const expiresAt = this.#access.get(token);
    return expiresAt !== undefined && expiresAt > this.#now() ? null : oauthError(401, 'invalid_token');
  }

  /** `POST /oauth/token`. */
  answer(req: SimRequest): SimResponse {
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return oauthError(400, 'invalid_request');
    if (!this.#clientAuthenticated(req.headers.authorization)) return oauthError(401, 'invalid_client', { 'www-authenticate': 'Basic realm="Service"' });
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, string>;
    if (form.grant_type === 'client_credentials') return this.#grant(false);
    if (form.grant_type === 'refresh_token') return this.#useRefreshToken(form.refresh_token) ? this.#grant(true) : oauthError(400, 'invalid_grant');
    // No authorization code is ever handed out here, so none can be exchanged.
    if (form.grant_type === 'authorization_code') return oauthError(400, 'invalid_grant');
    return oauthError(400, 'unsupported_grant_type');
  }

  #clientAuthenticated(header: string | undefined): boolean {
    const encoded = /^Basic (\S+)$/.exec(header ?? '')?.[1];
    return encoded !== undefined && Buffer.from(encoded, 'base64').toString('utf8') === `${this.o.clientId}:${this.o.clientSecret}`;
  }

  #useRefreshToken(token: string | undefined): boolean {
    const known = token === undefined ? undefined : this.#refresh.get(token);
    if (!known || known.used || known.expiresAt <= this.#now()) return false;
    known.used = true;
    return true;
  }

  #grant(withRefreshToken: boolean): SimResponse {
    const now = this.#now();
    const accessToken = newToken();
    const expiresAt = now + this.o.accessTokenTtlSeconds * 1000;
    this.#access.set(accessToken, expiresAt);
    const refresh = withRefreshToken ? this.issueRefreshToken() : undefined;
    return {
      json: {
        token_type: 'Bearer',
        expires_in: this.o.accessTokenTtlSeconds,
        expires_at: new Date(expiresAt).toISOString(),
        access_token: accessToken,
        ...(refresh
          ? {
              refresh_token: refresh,
              refresh_token_expires_in: this.o.refreshTokenTtlSeconds,
              refresh_token_expires_at: new Date(now + this.o.refreshTokenTtlSeconds * 1000).toISOString(),
            }
          : {}),
        app: { client_id: this.o.clientId, callbackUrls: [], redirectUris: [] },
      },
    };
  }

  #now(): number {
    return this.o.now().getTime();
  }
}
