/**
 * Typed courier errors. Adapters and the courier HTTP client raise these; only the engine decides
 * what to do about them (pause, cool down, refresh, back off, or give up on a shipment).
 */
export abstract class CourierError extends Error {
  abstract readonly kind: 'rate_limited' | 'auth_expired' | 'forbidden' | 'transient' | 'permanent';
  /** Set by the engine when the error leaves an adapter: adapters need not name their courier. */
  courier: string | undefined;

  constructor(message: string, courier?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.courier = courier;
  }
}

export class RateLimited extends CourierError {
  readonly kind = 'rate_limited' as const;
  constructor(
    readonly resumeAt: Date,
    message = `rate limited until ${resumeAt.toISOString()}`,
    courier?: string,
    /**
     * The start of the courier's answer, credentials redacted: an adapter that catches the error can tell
     * one limit from another by it (FedEx's daily quota from its 10-second window) and pause longer.
     */
    readonly detail?: string,
  ) {
    super(message, courier);
  }
}

export class AuthExpired extends CourierError {
  readonly kind = 'auth_expired' as const;
}

/** The courier's login or token endpoint refused the configured credentials. */
export class LoginRefused extends AuthExpired {}

export class Forbidden extends CourierError {
  readonly kind = 'forbidden' as const;
}

export class Transient extends CourierError {
  readonly kind = 'transient' as const;
}

/** A body that is not JSON, or is cut off: retried like any transient fault, but named precisely. */
export class BadResponse extends Transient {
  constructor(
    readonly problem: 'malformed' | 'truncated' | 'unexpected_shape',
    message: string,
    courier?: string,
  ) {
    super(message, courier);
  }
}

export class Permanent extends CourierError {
  readonly kind = 'permanent' as const;
}

export function isCourierError(error: unknown): error is CourierError {
  return error instanceof CourierError;
}

/** Names the courier on a courier error that does not name one yet; returns the error. */
export function attributeTo<E>(error: E, courier: string): E {
  if (error instanceof CourierError) error.courier ??= courier;
  return error;
}

/** A webhook body the adapter cannot read: answered 400 with this message, nothing written. */
export class BadWebhook extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadWebhook';
  }
}
