import { BadResponse } from '../errors.js';

/**
 * Small readers for courier JSON: a wrong shape is a typed BadResponse naming the field, never a TypeError.
 * They need not name the courier: the engine attaches it to every error that leaves an adapter.
 */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function expectObject(value: unknown, what: string): Json {
  if (!isObject(value)) throw new BadResponse('unexpected_shape', `expected ${what} to be an object`);
  return value;
}

export function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new BadResponse('unexpected_shape', `expected ${what} to be an array`);
  return value;
}

/**
 * An answer keyed by tracking number (`{"<awb>": {...}}`), as a lookup: an exact key first, then the key
 * ignoring case and surrounding space. `[]` counts as an empty map: PHP and other serializers encode one so.
 */
export function keyedByNumber(value: unknown, what: string): (trackingNumber: string) => unknown {
  if (Array.isArray(value) && value.length === 0) return () => undefined;
  const entries = expectObject(value, what);
  const loose = new Map(Object.entries(entries).map(([key, entry]) => [key.trim().toUpperCase(), entry]));
  return (trackingNumber) => (Object.hasOwn(entries, trackingNumber) ? entries[trackingNumber] : loose.get(trackingNumber.trim().toUpperCase()));
}

/** A non-empty string, or undefined. Numbers are accepted and stringified (couriers mix them). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
