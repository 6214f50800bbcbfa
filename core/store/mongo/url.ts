import { ConfigError } from '../../../config/errors.js';

export interface MongoUrl {
  /** The URL exactly as configured (credentials included): only ever handed to the driver. */
  url: string;
  /** The database named by the URL path. */
  dbName: string;
  /** The URL with its user-info replaced by `***`: safe for messages and logs. */
  redacted: string;
}

const SCHEMES = ['mongodb://', 'mongodb+srv://'] as const;

/** Connection-string options whose values are secrets (TLS key passwords, AWS session tokens). */
const SECRET_OPTION = /([?&][^=&]*(?:password|secret|token|authMechanismProperties)[^=&]*)=[^&]*/gi;

/** Characters MongoDB does not allow in a database name (Unix and Windows rules combined). */
const FORBIDDEN_IN_DB_NAME = /[/\\. "$*<>:|?\0]/;

export function isMongoUrl(url: string): boolean {
  return SCHEMES.some((scheme) => url.startsWith(scheme));
}

/** Replaces the user-info part (`user:password@`) of a connection string, wherever it appears. */
export function redactMongoUrl(url: string): string {
  const scheme = SCHEMES.find((s) => url.startsWith(s));
  if (!scheme) return url.replace(/\/\/[^@/]*@/, '//***@');
  const rest = url.slice(scheme.length);
  // User-info cannot contain an unescaped '/', so the authority ends at the first '/' or '?'.
  const end = rest.search(/[/?]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  const tail = end === -1 ? '' : rest.slice(end).replace(SECRET_OPTION, (_, key: string) => `${key}=***`);
  return `${scheme}${at === -1 ? authority : `***@${authority.slice(at + 1)}`}${tail}`;
}

/**
 * Reads `mongodb://[user:pass@]host[:port][,host…]/<database>[?options]` (or `mongodb+srv://`).
 * The database comes from the path; a URL without one is refused with a message naming WAYBILL_STORE.
 */
export function parseMongoUrl(url: string): MongoUrl {
  const scheme = SCHEMES.find((s) => url.startsWith(s));
  const redacted = redactMongoUrl(url);
  if (!scheme) throw new ConfigError(`WAYBILL_STORE: "${redacted}" is not a MongoDB URL (expected mongodb://host:port/database)`);
  const rest = url.slice(scheme.length);
  const query = rest.indexOf('?');
  const beforeQuery = query === -1 ? rest : rest.slice(0, query);
  const slash = beforeQuery.indexOf('/');
  const authority = slash === -1 ? beforeQuery : beforeQuery.slice(0, slash);
  if (authority.slice(authority.lastIndexOf('@') + 1) === '') {
    throw new ConfigError(`WAYBILL_STORE: the MongoDB URL "${redacted}" names no host (expected mongodb://host:port/database)`);
  }
  const path = slash === -1 ? '' : beforeQuery.slice(slash + 1);
  let dbName: string;
  try {
    dbName = decodeURIComponent(path);
  } catch {
    throw new ConfigError(`WAYBILL_STORE: the database name in "${redacted}" is not valid percent-encoding`);
  }
  if (dbName === '') {
    throw new ConfigError(
      `WAYBILL_STORE: the MongoDB URL "${redacted}" names no database; put it in the path, e.g. mongodb://localhost:27017/waybill`,
    );
  }
  if (FORBIDDEN_IN_DB_NAME.test(dbName) || Buffer.byteLength(dbName) >= 64) {
    throw new ConfigError(
      `WAYBILL_STORE: "${dbName}" in "${redacted}" is not a valid MongoDB database name (under 64 bytes, none of / \\ . " $ * < > : | ? or spaces)`,
    );
  }
  return { url, dbName, redacted };
}
