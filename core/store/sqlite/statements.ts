import type Database from 'better-sqlite3';

export type Prepare = <P extends unknown[] | object = unknown[], R = unknown>(source: string) => Database.Statement<P, R>;

/** Each statement compiled once per connection and reused (compiling one costs more than running a lookup). */
export function statementCache(db: Database.Database): Prepare {
  const cache = new Map<string, Database.Statement>();
  return <P extends unknown[] | object = unknown[], R = unknown>(source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = db.prepare(source);
      cache.set(source, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  };
}
