import { jwtVerify } from 'jose';
import { MAX_TOKEN_LIFETIME_SECONDS } from './vocabulary.js';

/** The access key DoorDash issues in its Developer Portal; the signing secret is written base64url. */
export interface AccessKey {
  developerId: string;
  keyId: string;
  signingSecret: string;
}

/** A token issued a little ahead of DoorDash's clock is tolerated (clocks drift); further ahead is refused. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Why `authorization` is not a valid DoorDash Drive JWT at `now`, or null when it is: HS256 with the decoded
 * signing secret, `dd-ver: DD-JWT-V1` in the header, aud `doordash`, iss the developer id, kid the key id,
 * iat not in the future, exp not passed and at most 30 minutes after iat (README "Authentication").
 */
export async function jwtProblem(authorization: string | undefined, key: AccessKey, now: Date): Promise<string | null> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!token) return 'no bearer token';
  try {
    const { payload, protectedHeader } = await jwtVerify(token, Buffer.from(key.signingSecret, 'base64url'), {
      algorithms: ['HS256'],
      audience: 'doordash',
      issuer: key.developerId,
      requiredClaims: ['iat', 'exp'],
      currentDate: now,
    });
    if (protectedHeader['dd-ver'] !== 'DD-JWT-V1') return 'the token header lacks "dd-ver": "DD-JWT-V1"';
    if (payload.kid !== key.keyId) return 'the token names another key id';
    const [iat, exp] = [payload.iat!, payload.exp!];
    if (iat > now.getTime() / 1000 + CLOCK_TOLERANCE_SECONDS) return 'iat is in the future';
    if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) return 'exp is more than 30 minutes after iat';
    return null;
  } catch (error) {
    return `the token does not verify: ${(error as Error).message}`;
  }
}
