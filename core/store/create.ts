import { resolve } from 'node:path';
import { ConfigError } from '../../config/errors.js';
import type { Store } from './port.js';
import { isMongoUrl, redactMongoUrl } from './mongo/url.js';
import { SqliteStore } from './sqlite/store.js';

/** `sqlite:<path>` (default) or `mongodb://…` (database name taken from the URL path). */
export async function createStore(url: string): Promise<Store> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new ConfigError('WAYBILL_STORE: "sqlite:" needs a file path, e.g. sqlite:./data/waybill.db');
    return new SqliteStore(path === ':memory:' ? path : resolve(path));
  }
  if (isMongoUrl(url)) {
    // Loaded on demand: SQLite users never load the MongoDB driver.
    const { MongoStore } = await import('./mongo/store.js');
    return new MongoStore(url);
  }
  throw new ConfigError(
    `WAYBILL_STORE: unsupported store URL scheme in "${redactMongoUrl(url)}" (use sqlite:<path> or mongodb://host:port/database)`,
  );
}
