import { createHmac, timingSafeEqual } from 'node:crypto';

/** Equal, compared in constant time (inputs of different lengths are unequal without a timing leak on the content). */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const y = Buffer.isBuffer(b) ? b : Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HMAC-SHA256 of the exact raw bytes, as hex: the signature most couriers send. */
export function hmacSha256Hex(key: string, raw: Buffer): string {
  return createHmac('sha256', key).update(raw).digest('hex');
}

/** Does `presented` (hex, any case) sign `raw` with `key`? */
export function verifyHmacSha256Hex(raw: Buffer, key: string, presented: string | undefined): boolean {
  if (presented === undefined || !/^[0-9a-f]+$/i.test(presented.trim())) return false;
  return safeEqual(hmacSha256Hex(key, raw), presented.trim().toLowerCase());
}
