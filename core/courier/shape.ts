import { BadResponse } from '../errors.js';

/** Small readers for courier JSON: a wrong shape is a typed BadResponse naming the field, never a TypeError. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function expectObject(value: unknown, courier: string, what: string): Json {
  if (!isObject(value)) throw new BadResponse('unexpected_shape', `${courier}: expected ${what} to be an object`, courier);
  return value;
}

export function expectArray(value: unknown, courier: string, what: string): unknown[] {
  if (!Array.isArray(value)) throw new BadResponse('unexpected_shape', `${courier}: expected ${what} to be an array`, courier);
  return value;
}

/** A non-empty string, or undefined. Numbers are accepted and stringified (couriers mix them). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
