import { isIP } from 'node:net';
import { ConfigError } from './errors.js';

/** Names proxy-addr (Fastify's trustProxy) knows for whole address ranges. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * WAYBILL_TRUST_PROXY (or the file's `trustProxy`): a hop count ("1"), or a comma-separated list of the
 * proxies' addresses and CIDR ranges. Trusting every sender of X-Forwarded-For is not offered: any guest
 * could then pick the address the rate limit counts.
 */
export function parseTrustProxy(value: unknown, name: string): number | string[] {
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
    const hops = Number(value);
    if (!Number.isInteger(hops) || hops < 1 || hops > 10) throw new ConfigError(`${name}: a hop count must be an integer from 1 to 10, got "${String(value)}"`);
    return hops;
  }
  const entries = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
  if (!entries) throw new ConfigError(`${name}: expected a hop count or a list of proxy addresses, got ${JSON.stringify(value)}`);
  const list = entries.map((e) => (typeof e === 'string' ? e.trim() : e)).filter((e) => e !== '');
  const bad = list.find((e) => typeof e !== 'string' || !isAddressOrRange(e));
  if (bad !== undefined) {
    throw new ConfigError(`${name}: "${String(bad)}" is not an IP address, a CIDR range such as 10.0.0.0/8, or one of ${RANGE_NAMES.join(', ')}`);
  }
  if (list.length === 0) throw new ConfigError(`${name}: no proxy address given`);
  return list as string[];
}
