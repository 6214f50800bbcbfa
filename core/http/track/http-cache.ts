import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Short enough that a customer reloading sees a new status within a minute; the data changes per check. */
export const CACHE_CONTROL = 'private, max-age=60';

/**
 * A weak ETag over the body without `ageSeconds`: the age grows every second, but an answer that differs
 * only in it is the same data (its `checkedAt` says how old), so a client's copy stays valid.
 */
export function etagOf(body: unknown): string {
  const stable = JSON.stringify(body, (key, value: unknown) => (key === 'ageSeconds' ? undefined : value));
  return `W/"${createHash('sha256').update(stable).digest('base64url')}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Sends `body` with Cache-Control and ETag, or 304 without a body when the client's If-None-Match is current. */
export function sendCacheable<T>(request: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = etagOf(body);
  reply.header('cache-control', CACHE_CONTROL).header('etag', etag);
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return body;
}
