import { SignJWT } from 'jose';
import type { Clock } from '../clock.js';
import type { JwtAuthSpec } from './definition.js';

/**
 * A token the courier never issues: signed here with the courier-issued key (DoorDash Drive: HS256, the
 * key id in `kid`, the developer id as issuer, `dd-ver` in the header), valid for `lifetimeSeconds`.
 * Returns the token and when to make the next one (a minute before it expires).
 */
const IAT_SKEW_SECONDS = 30;

export function jwtFetcher(spec: JwtAuthSpec, credentials: Record<string, string>, clock: Clock) {
  const secret = credentials[spec.secretCredential] ?? '';
  const key = spec.secretEncoding === 'base64url' ? Buffer.from(secret, 'base64url') : Buffer.from(secret, 'utf8');
  return async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const value = await new SignJWT({ aud: spec.audience, iss: credentials[spec.issuerCredential] ?? '', kid: credentials[spec.keyIdCredential] ?? '' })
      .setProtectedHeader({ ...spec.header, alg: 'HS256', typ: 'JWT' })
      // Issued a little in the past: a courier refuses an iat ahead of its own clock, and ours may run fast.
      .setIssuedAt(now - IAT_SKEW_SECONDS)
      .setExpirationTime(now + spec.lifetimeSeconds)
      .sign(key);
    return { value, expiresAt: (now + spec.lifetimeSeconds - 60) * 1000 };
  };
}
