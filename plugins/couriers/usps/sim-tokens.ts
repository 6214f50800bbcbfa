import { randomBytes } from 'node:crypto';
import type { SimRequest } from 'waybill/testing';
import { oauthError } from './sim-bodies.js';

export interface TokenPolicy {
  clientId: string;
  clientSecret: string;
  /** Seconds a token lives: 28,799 in a live answer (USPS/api-examples#56). */
  lifetimeSeconds: number;
  /** Write `expires_in` and `issued_at` as strings, as USPS's own examples and older answers do. */
  numbersAsStrings: boolean;
  /** The scopes the app was granted. */
  scopes: readonly string[];
  now: () => Date;
}

interface Issued {
  expiresAt: number;
  scopes: readonly string[];
}

export type TokenCheck = 'valid' | 'missing' | 'unknown' | 'expired' | 'out_of_scope';

/** USPS's OAuth 2.0 v3 token endpoint: client credentials, as a form or as JSON, tokens that expire. */
export class TokenIssuer {
  readonly #issued = new Map<string, Issued>();

  constructor(private readonly policy: TokenPolicy) {}

  /** Answer `POST /oauth2/v3/token`. */
  answer(req: SimRequest): { status: number; json: unknown } {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(json|x-www-form-urlencoded)\b/i.test(type)) return { status: 415, json: oauthError('unsupported_media_type', `Content-Type ${type || '(none)'} is not supported`) };
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credentials') return { status: 400, json: oauthError('unsupported_grant_type', 'The grant type is not supported') };
    const [id, secret] = this.#client(req, body);
    if (id !== this.policy.clientId || secret !== this.policy.clientSecret) return { status: 401, json: oauthError('invalid_client', 'Client authentication failed.') };
    const requested = typeof body.scope === 'string' && body.scope.trim() !== '' ? body.scope.trim().split(/\s+/) : this.policy.scopes;
    const scopes = requested.filter((s) => this.policy.scopes.includes(s));
    const token = randomBytes(24).toString('base64url');
    const issuedAt = this.policy.now().getTime();
    this.#issued.set(token, { expiresAt: issuedAt + this.policy.lifetimeSeconds * 1000, scopes });
    const number = (n: number) => (this.policy.numbersAsStrings ? String(n) : n);
    return {
      status: 200,
      json: {
        access_token: token,
        token_type: 'Bearer',
        issued_at: number(issuedAt),
        expires_in: number(this.policy.lifetimeSeconds),
        status: 'approved',
        scope: scopes.join(' '),
        issuer: 'https://keyc.usps.com/realms/USPS',
        client_id: this.policy.clientId,
        application_name: 'waybill-simulated-app',
        api_products: '[Public Access I]',
        public_key: 'LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0=',
      },
    };
  }

  /** Is this `Authorization` header a live token for `scope`? */
  check(authorization: string | undefined, scope: string): TokenCheck {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return 'missing';
    const issued = this.#issued.get(token);
    if (!issued) return 'unknown';
    if (this.policy.now().getTime() >= issued.expiresAt) return 'expired';
    return issued.scopes.includes(scope) ? 'valid' : 'out_of_scope';
  }

  /** End every issued token's life now, as if its `expires_in` had run out. */
  expireAll(): void {
    const now = this.policy.now().getTime();
    for (const issued of this.#issued.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
  }

  /** Forget every issued token (revoked): the next call with one is refused. */
  revokeAll(): void {
    this.#issued.clear();
  }

  /** Client credentials from the body, else HTTP Basic. */
  #client(req: SimRequest, body: Record<string, unknown>): [unknown, unknown] {
    if (body.client_id !== undefined) return [body.client_id, body.client_secret];
    const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!basic) return [undefined, undefined];
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
}
