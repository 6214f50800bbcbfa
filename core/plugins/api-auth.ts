import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { ConfigError } from '../../config/errors.js';
import { problem } from '../http/problem.js';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <key>` on every route but the public ones (/health, webhooks, /docs unless
 * WAYBILL_DOCS=protected). With no keys the service
 * runs open, which is only allowed on a loopback address.
 */
export const apiAuthPlugin = fp<{ keys: readonly string[]; host: string }>(
  async (app, { keys, host }) => {
    app.decorateRequest('apiKeyName', null);
    if (keys.length === 0) {
      if (!isLoopback(host)) {
        throw new ConfigError(
          `WAYBILL_API_KEYS is empty and HOST=${host} is not a loopback address: set WAYBILL_API_KEYS (comma-separated keys of 16+ characters) or bind HOST to 127.0.0.1`,
        );
      }
      app.log.warn('WAYBILL_API_KEYS is empty: the API is open to anyone on this machine (loopback only)');
      return;
    }
    const allowed = keys.map(digest);
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config?.public === true) return;
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(.+)$/i.exec(header);
      const presented = match?.[1] ? digest(match[1].trim()) : null;
      const index = presented ? allowed.findIndex((key) => timingSafeEqual(key, presented)) : -1;
      if (index >= 0) {
        request.apiKeyName = `key-${index + 1}`;
        return;
      }
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(problem(401, 'UNAUTHORIZED', match ? 'the API key is not valid' : 'missing Authorization: Bearer <key> header'));
    });
  },
  { name: 'waybill-api-auth', fastify: '5.x' },
);

declare module 'fastify' {
  interface FastifyRequest {
    /** The name of the API key the request presented (null: the API runs without keys, or a public route). */
    apiKeyName: string | null;
  }
  interface FastifyContextConfig {
    /** Served without an API key. */
    public?: boolean;
  }
}
