import { ConfigError } from './errors.js';

/** Typed readers for configuration strings; each error names the variable it came from. */
export function parseInteger(value: string, name: string, min = 0): number {
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) {
    throw new ConfigError(`${name}: expected an integer ≥ ${min}, got "${value}"`);
  }
  return Number(value);
}

export function parseNumber(value: string, name: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new ConfigError(`${name}: expected a positive number, got "${value}"`);
  return n;
}

export function parseBoolean(value: string, name: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name}: expected true or false, got "${value}"`);
}

export function parseUrl(value: string, name: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return value;
  } catch {
    throw new ConfigError(`${name}: expected an http(s) URL, got "${value}"`);
  }
}
